"""One ASGI application for HTTP and websockets, served by daphne on one port."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
# Django must be set up before anything imports models (consumers, routing).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from config.websocket import SameOriginValidator  # noqa: E402
from quizzes.answer_lane import AnswerLane  # noqa: E402

application = ProtocolTypeRouter(
    {
        # Answer saves take a lean lane in front of Django's handler; all else goes through.
        "http": AnswerLane(django_asgi_app),
        # Only pages of this site (scheme, host and port) may open sockets: config/websocket.py.
        "websocket": SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# What start-up loaded (settings, apps, models, URLs) lives as long as the process: the
# garbage collector's full passes need not scan it again (see quizzes.live.Collector).
gc.freeze()
