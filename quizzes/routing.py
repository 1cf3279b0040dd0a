from django.urls import path

from .consumers import BoardConsumer

websocket_urlpatterns = [
    path("ws/rounds/<int:round_id>/board/", BoardConsumer.as_asgi()),
]
