"""The embedded local Cognito: moto's server on 127.0.0.1 in a background thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server

from cognito_bench.emulator.gate import RequestGate

__all__ = ["LocalServer", "WSGIApp"]

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

_log = logging.getLogger(__name__)


def moto_app() -> WSGIApp:
    """moto's WSGI dispatcher for every service it emulates (imported lazily: ~300 ms)."""
    from moto import backends
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    # moto 5.2's dispatcher lists its package folder (a listdir and ~180 stats) twice for
    # every request that is not a Cognito operation: 2.4 ms of each 4.6 ms S3 GetObject.
    # The folder does not change while the process runs.
    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules

    app: WSGIApp = DomainDispatcherApplication(create_backend_app)
    return app


class LocalServer:
    """A threaded WSGI server for the emulator, bound to a loopback address.

    Args:
        app_factory: builds the WSGI app inside ``start`` (so heavy imports happen there).
        host: the address to bind; the default keeps it off the network.
        port: 0 picks a free port.
        gate: requests run their Python one at a time through it (``emulator/gate.py``);
            None: all at once.
    """

    def __init__(
        self,
        app_factory: Callable[[], WSGIApp] = moto_app,
        host: str = "127.0.0.1",
        port: int = 0,
        gate: RequestGate | None = None,
    ) -> None:
        self._app_factory = app_factory
        self._gate = gate
        self._host = host
        self._port = port
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def endpoint_url(self) -> str:
        """``http://host:port`` of the running server."""
        if self._server is None:
            raise RuntimeError("the local server is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> str:
        """Bind, serve in a daemon thread, and return the endpoint URL."""
        from moto.moto_server.werkzeug_app import MotoRequestHandler

        app = self._app_factory()
        self._server = make_server(
            self._host,
            self._port,
            app,
            threaded=True,
            request_handler=_QuietHandler.wrap(MotoRequestHandler, self._gate),
        )
        server = self._server
        # A short poll interval keeps stop() quick (the default waits up to 0.5 s).
        self._thread = threading.Thread(
            target=lambda: server.serve_forever(poll_interval=0.05),
            name="local-cognito",
            daemon=True,
        )
        self._thread.start()
        _log.info("local Cognito at %s", self.endpoint_url)
        return self.endpoint_url

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None


class _QuietHandler:
    """Request handlers that log to our logger at debug level instead of stderr, and hold the
    gate (when there is one) from a request's first line to its written answer."""

    @staticmethod
    def wrap(base: type[Any], gate: RequestGate | None = None) -> type[Any]:
        class Handler(base):  # type: ignore[misc]
            def parse_request(self) -> bool:
                # The request line is in: parsing the headers is the request's work.
                if gate is not None:
                    gate.enter()
                return bool(super().parse_request())

            def handle_one_request(self) -> None:
                try:
                    super().handle_one_request()
                finally:
                    if gate is not None:
                        gate.let_go()

            def log_request(self, *args: Any, **kwargs: Any) -> None:
                _log.debug("%s", self.requestline)

            def log(self, type: str, message: str, *args: Any) -> None:
                _log.debug(message, *args)

        return Handler
