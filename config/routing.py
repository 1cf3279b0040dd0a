"""Websocket routes of every app, gathered for config/asgi.py."""

from quizzes.routing import websocket_urlpatterns as quiz_sockets

websocket_urlpatterns = [*quiz_sockets]
