"""One ASGI application for daphne on one port: websockets through Channels, HTTP through
Django's WSGI handler on a fixed pool of long-lived threads (a2wsgi).

Django's ASGI handler starts a thread for every sync request; a WSGI handler on a pool of
threads that live as long as the process does not. In production nginx sends only `/ws/` to
daphne and every page to a WSGI server (docs/deploy.md); `make run` serves both on one port.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
# Django must be set up before anything imports models (consumers, routing).
django_wsgi_app = get_wsgi_application()

from a2wsgi import WSGIMiddleware  # noqa: E402
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from config.websocket import SameOriginValidator  # noqa: E402
from quizzes.ws_adapter import Connections  # noqa: E402

application = ProtocolTypeRouter(
    {
        # Every page, form and answer save: Django's WSGI handler with all its middleware.
        "http": WSGIMiddleware(django_wsgi_app, workers=settings.HTTP_THREADS),
        # Only pages of this site (scheme, host and port) may open sockets: config/websocket.py.
        # (Connections: the live board's fast path under daphne, quizzes/ws_adapter.py.)
        "websocket": Connections(
            SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)

# What start-up loaded lives as long as the process: the board's collector policy.
from quizzes.live import after_startup  # noqa: E402

after_startup()
