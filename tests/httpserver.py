"""A real HTTP server on 127.0.0.1 in a thread, for tests that need odd answers (one place)."""

from __future__ import annotations

import http.server
import threading


class ThreadedServer:
    """Serves ``handler`` on a free loopback port until :meth:`close`.

    Attributes:
        url: ``http://127.0.0.1:PORT`` (no trailing slash).
    """

    def __init__(self, handler: type[http.server.BaseHTTPRequestHandler]) -> None:
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        host, port = self._server.server_address[:2]
        self.url = f"http://{host!s}:{port}"

    def close(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
