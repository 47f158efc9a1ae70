"""`RequestGate`: the local Cognito runs one request's Python at a time.

The local Cognito serves from the process that started it: the window's, when the window
runs it. Under load each request of each connection has a server thread, and every one of
them takes and drops the GIL dozens of times a request (socket reads and writes, locks); a
thread that drops it to wait on the network takes it back at once if it is free, before a
thread that was waiting longer. The window's GUI thread, which needs the GIL for each Python
callback, lost that race for 20 to 50 ms at a time while the Load pane ran 10 users of
sign-up-to-S3 against it (bench_gui's load run row), and for 50 ms at a time a plain Python
thread did too. With the requests' Python one at a time the longest wait was 15 to 18 ms.
The price is throughput: a request's own waits (a socket, a lock, handing the gate on) are
no longer filled by another request's work, and the password sign-ins a second the server
answered fell by about a third (bench_load's layout, alternate runs). So the gate is the
window's choice (``LocalCognito(gate=True)``), not the command line's.

So the server's handler holds the gate from the moment a request's first line has come
until its answer is written (:meth:`RequestGate.enter`, :meth:`RequestGate.let_go`), its
headers' parsing included; waiting for the next request on a kept-alive connection is
outside it. It can never deadlock the server: a request that waits for
something another request must do (a Lambda trigger's handler that calls the local Cognito
back) lets go of the gate for the rest of its way (:meth:`RequestGate.let_go`), and a
request that cannot get in within :data:`PATIENCE_S` goes on without it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["PATIENCE_S", "RequestGate"]

#: Seconds a request waits for the gate before it goes on without it.
PATIENCE_S = 1.0


class RequestGate:
    """One request in the server's Python at a time (see the module docstring).

    Args:
        patience: seconds a request waits for the gate before going on without it.
    """

    def __init__(self, patience: float = PATIENCE_S) -> None:
        self._lock = threading.Lock()
        self._mine = threading.local()
        self._patience = patience

    def enter(self) -> None:
        """Take the gate for this thread's request (or, after :data:`PATIENCE_S`, go on
        without it); a thread that holds it already keeps it."""
        if not getattr(self._mine, "held", False):
            self._mine.held = self._lock.acquire(timeout=self._patience)

    @contextmanager
    def held(self) -> Iterator[None]:
        """:meth:`enter` for the ``with`` block, :meth:`let_go` after it."""
        self.enter()
        try:
            yield
        finally:
            self.let_go()

    def let_go(self) -> None:
        """Let the other requests in: this thread's request no longer holds the gate.

        Call it before waiting for something another request may have to do. (The gate is
        not taken back afterwards: the waiter holds the emulator's state lock by then, and
        taking the gate under it would invert the order the requests take them in.)
        """
        if getattr(self._mine, "held", False):
            self._mine.held = False
            self._lock.release()
