"""The live board's fast path under daphne: one websocket frame for all of a process's viewers,
written straight to each idle socket.

The public path (each consumer's `send`) frames the text again for every viewer, and twisted
queues each write for a later turn of its loop (two `epoll_ctl` calls per connection and
message). A bare broadcast server does neither; at 2,000 viewers that difference is the gap to
the target (docs/benchmarks-board.md, "Frame path"). Doing the same here needs what no public
API offers, so it lives only in this module:
- daphne's `send` is `functools.partial(Server.handle_reply, protocol)`, the connection's
  autobahn protocol (`Connections`, outermost on the websocket route, reads it there);
- twisted's `tcp.Connection` buffers (`dataBuffer`, `offset`, `_tempDataBuffer`) say whether
  bytes are still waiting, and `writeSomeData` tries the socket at once.
Autobahn's part is public: `prepareMessage`, `PreparedMessage.payloadHybi`,
`sendPreparedMessage`, `websocket_extensions_in_use`.

It was checked against the versions in CHECKED, pinned in requirements.txt; a test fails when
the installed ones differ, and with any other version installed the fast path stays off and
quizzes.live sends through each consumer.
"""

import functools
from importlib.metadata import version

from twisted.internet import tcp  # daphne's; importing it installs no reactor

CHECKED = {"daphne": "4.2.3", "twisted": "26.10.0", "autobahn": "26.11.1"}
SCOPE_KEY = "quizzes.ws_adapter.writer"


def installed_versions() -> dict[str, str]:
    return {name: version(name) for name in CHECKED}


ENABLED = installed_versions() == CHECKED


class FrameWriter:
    """Writes prepared frames to one daphne websocket connection."""

    __slots__ = ("protocol",)

    def __init__(self, protocol):
        self.protocol = protocol

    def prepare(self, text: str):
        """The frame of `text`, built once for every connection of this server."""
        return self.protocol.factory.prepareMessage(text.encode())

    def write(self, prepared) -> None:
        """Write the frame now, unless the connection is closing (its consumer will leave)."""
        protocol = self.protocol
        if protocol.state != protocol.STATE_OPEN:
            return
        transport = protocol.transport
        if (
            protocol.send_queue  # autobahn's own queue (a handshake or a close in progress)
            or protocol.websocket_extensions_in_use  # compressed: autobahn frames per socket
            or not isinstance(transport, tcp.Connection)
            or transport._tempDataBuffer
            or transport.offset != len(transport.dataBuffer)
            or not transport.connected
            or transport.disconnecting
        ):
            protocol.sendPreparedMessage(prepared)  # through twisted's queue, in order
            return
        frame = prepared.payloadHybi
        sent = transport.writeSomeData(frame)
        if not isinstance(sent, int):  # connection lost: twisted's own write path closes it
            sent = 0
        if sent < len(frame):
            transport.write(frame[sent:])  # what the socket did not take, queued


def _protocol(send):
    if isinstance(send, functools.partial) and send.args:
        protocol = send.args[0]
        if hasattr(protocol, "sendPreparedMessage"):
            return protocol
    return None


class Connections:
    """ASGI middleware for the websocket route: hands each daphne connection's frame writer
    to the application in its scope (under SCOPE_KEY). Elsewhere (tests, other servers, other
    versions) the scope is left as it is."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        if ENABLED and (protocol := _protocol(send)) is not None:
            scope = {**scope, SCOPE_KEY: FrameWriter(protocol)}
        return await self.inner(scope, receive, send)


def writer_for(scope) -> FrameWriter | None:
    return scope.get(SCOPE_KEY)
