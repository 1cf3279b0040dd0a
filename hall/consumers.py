"""The live game's websocket consumers."""
