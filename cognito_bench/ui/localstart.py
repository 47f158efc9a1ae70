"""`LocalStarter`: the embedded local Cognito, started off the GUI thread; `LocalFiller`:
the window's fields and panes on it.

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
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit

from cognito_bench.ui.profiles import LOCAL_PROFILE

if TYPE_CHECKING:
    from cognito_bench.emulator import LocalCognito, LocalTarget
    from cognito_bench.ui.asyncglue import Runner
    from cognito_bench.ui.mainwindow import MainWindow

__all__ = ["LocalFiller", "LocalStarter", "TriggerOptions", "start_emulator"]


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


class LocalFiller(QObject):
    """What a window shows of its local Cognito: the fields filled with its demo resources,
    its Outbox, the status line while it starts or when it failed.

    Args:
        window: the window (its :class:`LocalStarter` is ``window.local``).
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def connect_signals(self) -> None:
        """Listen to the window's :class:`LocalStarter`."""
        local, bar = self._window.local, self._window.statusBar()
        local.starting.connect(self._starting)
        local.ready.connect(self._started)
        local.failed.connect(self._not_started)
        local.note.connect(lambda line: bar.showMessage(line, 30_000))

    def use(self, local: LocalTarget) -> None:
        """Fill the fields with the local Cognito's demo resources."""
        w = self._window
        w.local.target = local
        w.profile.local_ready(local.to_json(), in_use=True)
        w.target_form.fill_local(local)
        user = w.sessions.slots[0].form
        user.username.setText(local.demo_user.get("username", ""))
        user.password.setText(local.demo_user.get("password", ""))
        user.email.setText("demo@example.com")
        for edit in user.findChildren(QLineEdit):
            edit.setCursorPosition(0)
        if not w.panes_ready:
            return  # the window's _finish applies the rest
        w.hosted.show_profile(local.hosted_ui_domain, local.oauth_redirect_uri)
        s3: Any = w.groups["s3Group"].inputs
        s3["s3_key"].setText("hello.txt")
        s3["s3_body"].setText("Hello from Cognito Bench")
        from cognito_bench.ui.outbox import http_outbox

        emulator = w.emulator
        if emulator is not None and emulator.target is local:
            # Our own emulator: read its outbox in-process and hear of new codes at once.
            w.outbox.set_source(
                lambda: [m.to_json() for m in emulator.outbox], subscribe=emulator.subscribe
            )
        else:
            w.outbox.set_source(http_outbox(local.outbox_url))
        self.set_local(True)
        w.clear_stale_errors()
        w.status_target.setText(f"Local Cognito at {local.endpoint_url}")
        w.statusBar().showMessage(f"Local Cognito at {local.endpoint_url}", 10_000)
        w.show_local_actions()
        w.profile_chosen.emit(LOCAL_PROFILE)

    def set_local(self, local: bool) -> None:
        """Tell the groups and the challenge box whether the target is a local Cognito."""
        for group in self._window.groups.values():
            group.set_local(local)
        self._window.challenge.set_local(local)

    def wanted(self) -> None:
        """The Local Cognito profile was chosen: use it, or start it."""
        w = self._window
        if w.local_target is not None:
            self.use(w.local_target)
        elif not w.local.started:
            w.start_local()

    def _starting(self) -> None:
        self._window.statusBar().showMessage("Starting local Cognito…")
        self._window.status_target.setText("Starting local Cognito…")

    def _started(self, local: LocalTarget) -> None:
        w = self._window
        if w.profile_name != LOCAL_PROFILE:
            # The user switched to a saved profile meanwhile: keep its fields.
            w.profile.local_ready(local.to_json(), in_use=False)
            w.local_ready.emit(local)
            return
        try:
            self.use(local)
        except Exception as exc:
            w.local_failed.emit(f"Cannot use local Cognito: {exc}")
            raise
        w.local_ready.emit(local)

    def _not_started(self, message: str) -> None:
        w = self._window
        w.status_target.setText("Local Cognito failed")
        w.statusBar().showMessage(message)
        w.target_form.set_ready(True)  # the user may type a target instead
        w.local_failed.emit(message)
