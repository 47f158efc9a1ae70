"""`LocalStarter`: the embedded local Cognito, started off the GUI thread.

moto's server takes about 300 ms to be ready and its imports (boto3, werkzeug) more: the
window shows first, then :meth:`LocalStarter.start` runs the emulator on a worker thread and
says :attr:`~LocalStarter.ready` (the emulator and its target) or
:attr:`~LocalStarter.failed` (one plain line).

Its Lambda triggers come from :attr:`LocalStarter.wiring`, the command line's options
(``cognito-bench gui --trigger ... --config FILE``, or ``./cognito-bench.toml``) read on
that worker thread as ``cognito-bench local`` reads them; a wiring that cannot work leaves
the local Cognito without triggers and says why in one line (:attr:`~LocalStarter.note`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from cognito_bench.emulator import LocalCognito, LocalTarget
    from cognito_bench.ui.asyncglue import Runner

__all__ = ["LocalStarter", "TriggerOptions", "start_emulator"]


@dataclass(frozen=True)
class TriggerOptions:
    """The command line's trigger options for the window's local Cognito (as ``local``'s).

    Attributes:
        config: ``--config FILE``; "" reads ``./cognito-bench.toml`` when there is one.
        triggers: ``--trigger KIND=FILE[:FUNCTION]``, over the file's entries.
        pre_token_version: ``--pre-token-version`` (None: the file's, else V2_0).
    """

    config: str = ""
    triggers: tuple[str, ...] = ()
    pre_token_version: str | None = None


def start_emulator(
    wiring: TriggerOptions | None = None,
) -> tuple[LocalCognito, LocalTarget, str]:
    """Start the embedded local Cognito (blocking: a worker thread's job).

    Returns:
        The emulator, its target, and a line about its triggers ("" when none were asked
        for): the ones in force, or why there are none.
    """
    from cognito_bench.flows import steps

    steps.ensure_imported(*steps.CORE, "cognito_bench.emulator")
    from cognito_bench.emulator import LocalCognito
    from cognito_bench.emulator.triggers import TriggerConfig, TriggerConfigError, from_options

    triggers: TriggerConfig | None = None
    line = ""
    if wiring is not None:
        try:
            triggers = from_options(wiring.config, wiring.triggers, wiring.pre_token_version)
        except TriggerConfigError as exc:
            line = f"Local Cognito runs without triggers: {exc}"
        else:
            if triggers.specs:
                kinds = ", ".join(triggers.specs)
                line = f"Triggers in force ({triggers.pre_token_version}): {kinds}."
    # The GUI thread shares the GIL with the server's threads: one request at a time keeps
    # its waits short while a load run goes (emulator/gate.py).
    emulator = LocalCognito(gate=True, triggers=triggers)
    return emulator, emulator.start(), line


class LocalStarter(QObject):
    """Starts the embedded local Cognito once and keeps it.

    Signals:
        starting(): the start began.
        ready(object): the emulator answers; its ``LocalTarget``.
        failed(str): it could not start (one plain line).
        note(str): after ``ready``, one line about its triggers: the ones in force from
            :attr:`wiring`, or why it runs without them (a bad project file).
    """

    starting = Signal()
    ready = Signal(object)
    failed = Signal(str)
    note = Signal(str)

    def __init__(self, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        #: The running emulator (None until started; the app stops it at exit).
        self.emulator: LocalCognito | None = None
        #: Its target, once ready.
        self.target: LocalTarget | None = None
        #: The trigger wiring to start with (``cognito-bench gui``'s options); None: none.
        self.wiring: TriggerOptions | None = None
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
            emulator, local, line = await self._runner.call(start_emulator, self.wiring)
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
        if line:
            self.note.emit(line)
