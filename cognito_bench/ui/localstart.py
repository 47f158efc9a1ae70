"""`LocalStarter`: the embedded local Cognito, started off the GUI thread.

moto's server takes about 300 ms to be ready and its imports (boto3, werkzeug) more: the
window shows first, then :meth:`LocalStarter.start` runs the emulator on a worker thread and
says :attr:`~LocalStarter.ready` (the emulator and its target) or
:attr:`~LocalStarter.failed` (one plain line).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from cognito_bench.emulator import LocalCognito, LocalTarget
    from cognito_bench.ui.asyncglue import Runner

__all__ = ["LocalStarter", "start_emulator"]


def start_emulator() -> tuple[LocalCognito, LocalTarget]:
    """Start the embedded local Cognito (blocking: a worker thread's job)."""
    from cognito_bench.flows import steps

    steps.ensure_imported(*steps.CORE, "cognito_bench.emulator")
    from cognito_bench.emulator import LocalCognito

    # The GUI thread shares the GIL with the server's threads: one request at a time keeps
    # its waits short while a load run goes (emulator/gate.py).
    emulator = LocalCognito(gate=True)
    return emulator, emulator.start()


class LocalStarter(QObject):
    """Starts the embedded local Cognito once and keeps it.

    Signals:
        starting(): the start began.
        ready(object): the emulator answers; its ``LocalTarget``.
        failed(str): it could not start (one plain line).
    """

    starting = Signal()
    ready = Signal(object)
    failed = Signal(str)

    def __init__(self, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        #: The running emulator (None until started; the app stops it at exit).
        self.emulator: LocalCognito | None = None
        #: Its target, once ready.
        self.target: LocalTarget | None = None
        self._starting = False

    @property
    def started(self) -> bool:
        """True once a start began (whether or not it finished)."""
        return self._starting or self.emulator is not None

    def use(self, emulator: LocalCognito) -> LocalTarget:
        """Use a local Cognito started elsewhere (a test's, an app embedding the window) as
        this window's own: Local Cognito → Triggers… then works on it. Returns its target.

        Raises:
            ValueError: it is not running.
        """
        if emulator.target is None:
            raise ValueError("the local Cognito is not running: start it first")
        self.emulator, self.target = emulator, emulator.target
        return emulator.target

    def start(self) -> None:
        """Start the emulator off the GUI thread (once)."""
        if self._runner.closed or self.started:
            return
        self._starting = True
        self.starting.emit()
        self._runner.spawn(self._start(), "start-local")

    async def _start(self) -> None:
        try:
            emulator, local = await self._runner.call(start_emulator)
        except Exception as exc:
            self._starting = False
            self.failed.emit(f"Cannot start local Cognito: {exc}")
            return
        finally:
            self._starting = False
        if self._runner.closed:
            emulator.stop()
            return
        self.emulator, self.target = emulator, local
        self.ready.emit(local)
