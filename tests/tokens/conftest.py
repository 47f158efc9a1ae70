"""Keys and key sets for the token tests (made in the run: no key material in the repo)."""

from __future__ import annotations

import http.server
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.httpserver import ThreadedServer
from tests.tokens import factory


@pytest.fixture(scope="session")
def key() -> factory.TestKey:
    """The pool's signing key."""
    return factory.make_key("pool-key-1")


@pytest.fixture(scope="session")
def other_key() -> factory.TestKey:
    """A key the pool does not publish (an attacker's, or another pool's)."""
    return factory.make_key("other-key")


@pytest.fixture(scope="session")
def jwks_file(key: factory.TestKey, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A JWKS file holding the pool's public key."""
    return factory.write_jwks(tmp_path_factory.mktemp("jwks") / "jwks.json", key)


@pytest.fixture
def jwks_path(tmp_path: Path) -> Path:
    """Where a test may write its own JWKS file."""
    return tmp_path / "jwks.json"


@pytest.fixture
def closed_port_url() -> str:
    """An http URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/.well-known/jwks.json"


class JwksServer:
    """A real HTTP server for key sets: ``set(path, body, status)``, then GET ``url(path)``."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.hits: list[str] = []
        routes, hits = self.routes, self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                status, body = routes.get(self.path, (404, b'{"message": "not found"}'))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadedServer(Handler)

    def set(self, path: str, body: bytes | dict[str, object], status: int = 200) -> str:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.routes[path] = (status, data)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"{self._server.url}{path}"

    def close(self) -> None:
        self._server.close()


@pytest.fixture
def jwks_server() -> Iterator[JwksServer]:
    """A real local HTTP server that serves whatever key sets a test puts on it."""
    server = JwksServer()
    yield server
    server.close()
