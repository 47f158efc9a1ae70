"""`LocalCognito`: start, seed and stop the embedded local Cognito in one object."""

from __future__ import annotations

from types import TracebackType

from cognito_bench.emulator.seed import LOCAL_REGION, LocalTarget, seed
from cognito_bench.emulator.server import LocalServer

__all__ = ["LocalCognito"]


class LocalCognito:
    """The embedded local Cognito, seeded with the demo resources.

    Use as a context manager, or call ``start`` and ``stop``.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, region: str = LOCAL_REGION) -> None:
        self._server = LocalServer(host=host, port=port)
        self._region = region
        self.target: LocalTarget | None = None

    def start(self) -> LocalTarget:
        """Serve, seed, and return the target (blocks about half a second: call off the GUI thread)."""
        endpoint = self._server.start()
        self.target = seed(endpoint, self._region)
        return self.target

    def stop(self) -> None:
        """Stop serving."""
        self._server.stop()

    def __enter__(self) -> LocalTarget:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
