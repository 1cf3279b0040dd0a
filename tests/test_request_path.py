"""HTTP through the site's ASGI application (`make run`'s daphne) runs on Django's WSGI
handler on a fixed pool of long-lived threads: no request starts a thread of its own."""

import threading

import pytest
from channels.testing import HttpCommunicator
from django.core.signals import request_started

from config.asgi import application

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_requests_run_on_the_same_few_long_lived_threads(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    threads = []

    def record(sender, **kwargs):
        threads.append(threading.current_thread())

    request_started.connect(record)
    try:
        for _ in range(3 * settings.HTTP_THREADS):
            communicator = HttpCommunicator(
                application, "GET", "/healthz", headers=[(b"host", b"127.0.0.1")]
            )
            assert (await communicator.get_response(timeout=10))["status"] == 200
    finally:
        request_started.disconnect(record)
    assert len(threads) == 3 * settings.HTTP_THREADS
    assert len(set(threads)) <= settings.HTTP_THREADS  # a thread per request would be 24
    assert all(thread.is_alive() for thread in threads)  # kept, not ended after the request
