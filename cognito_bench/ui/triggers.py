"""Local Cognito → Triggers…: wire your Lambda handler files to the local Cognito's triggers.

One row per trigger kind (a ``LambdaConfig`` key): the handler file (``.py``, ``.js``,
``.mjs``, ``.cjs``) and its function (``handler`` by default); the pre-token-generation
event version; a project file ``cognito-bench.toml`` can fill the rows. Apply hands the
wiring to the running emulator (``LocalCognito.set_triggers``) off the GUI thread; the next
call uses it, and a changed handler file is picked up without applying again. What each
invocation did shows in the call's record (Response, History), under ``triggers``.

The dialog only gathers text: parsing and checking the wiring (a missing file, node not on
PATH) is the emulator's ``TriggerConfig``; its one-line error shows under the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.widgets import ERROR_STYLE, line_edit, named

if TYPE_CHECKING:
    from cognito_bench.emulator import LocalCognito
    from cognito_bench.emulator.triggers import TriggerConfig

__all__ = ["KINDS", "VERSIONS", "TriggersDialog"]

#: The trigger kinds (``LambdaConfig`` keys), as the emulator's ``triggers.KINDS`` (not
#: imported from there: that loads the emulator, which the window loads later).
KINDS = (
    "PreSignUp",
    "PostConfirmation",
    "PreAuthentication",
    "PostAuthentication",
    "PreTokenGeneration",
    "CustomMessage",
    "DefineAuthChallenge",
    "CreateAuthChallenge",
    "VerifyAuthChallengeResponse",
    "UserMigration",
)
VERSIONS = ("V1_0", "V2_0", "V3_0")


class TriggersDialog(QDialog):
    """The triggers of the running local Cognito: edit, load a project file, apply.

    Args:
        runner: applies the wiring off the GUI thread (the emulator warms handlers up).
        emulator: the running local Cognito (None: not running; Apply says so).

    Signals:
        applied(str): the wiring is in force; a one-line summary.
    """

    applied = Signal(str)

    def __init__(
        self,
        runner: Runner,
        emulator: Callable[[], LocalCognito | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("triggersDialog")
        self.setWindowTitle("Local Cognito triggers")
        self._runner = runner
        self._emulator = emulator
        self.files: dict[str, Any] = {}
        self.functions: dict[str, Any] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel("Trigger"), 0, 0)
        grid.addWidget(QLabel("Handler file (.py, .js, .mjs, .cjs)"), 0, 1)
        grid.addWidget(QLabel("Function"), 0, 3)
        for row, kind in enumerate(KINDS, start=1):
            path = line_edit(f"trigger{kind}File", f"{kind} handler file", "not wired")
            browse = named(QPushButton("…"), f"trigger{kind}Browse", f"Choose the {kind} file")
            browse.setAutoDefault(False)
            browse.clicked.connect(lambda _=False, k=kind: self._browse(k))
            function = line_edit(f"trigger{kind}Function", f"{kind} function", "handler")
            self.files[kind], self.functions[kind] = path, function
            grid.addWidget(QLabel(kind), row, 0)
            grid.addWidget(path, row, 1)
            grid.addWidget(browse, row, 2)
            grid.addWidget(function, row, 3)
        self.version = named(
            QComboBox(), "triggerPreTokenVersion", "Pre-token-generation event version"
        )
        self.version.addItems(list(VERSIONS))
        self.version.setCurrentText("V2_0")
        self.version.setToolTip(
            "V1_0 changes the ID token; V2_0 also the access token; V3_0 also "
            "client-credentials (machine) tokens"
        )
        self.load = named(
            QPushButton("Load cognito-bench.toml…"),
            "triggersLoadConfig",
            "Fill the rows from a project file's [triggers] section",
        )
        self.load.setAutoDefault(False)
        self.load.clicked.connect(lambda: self.load_config())
        self.status = named(QLabel(""), "triggersStatus", "Triggers: outcome")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.apply = buttons.addButton("Apply", QDialogButtonBox.ButtonRole.ApplyRole)
        named(self.apply, "triggersApply", "Apply the triggers to the local Cognito")
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        named(self.close_button, "triggersClose", "Close")
        self.apply.clicked.connect(lambda: self.apply_now())
        self.close_button.clicked.connect(self.reject)
        version_row = QHBoxLayout()
        version_row.addWidget(QLabel("PreTokenGeneration event"))
        version_row.addWidget(self.version)
        version_row.addStretch(1)
        version_row.addWidget(self.load)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(version_row)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.show_config(self.current())

    # ---- filling ---------------------------------------------------------------------------

    def current(self) -> TriggerConfig | None:
        """The wiring in force in the running local Cognito (None: it is not running)."""
        emulator = self._emulator()
        return emulator.triggers if emulator is not None else None

    def show_config(self, config: TriggerConfig | None) -> None:
        """Fill the rows from ``config`` (None: every row empty)."""
        specs = dict(config.specs) if config is not None else {}
        for kind in KINDS:
            spec = specs.get(kind)
            self.files[kind].setText(str(spec.path) if spec else "")
            self.functions[kind].setText(
                spec.function if spec and spec.function != "handler" else ""
            )
        if config is not None:
            self.version.setCurrentText(config.pre_token_version)

    def _browse(self, kind: str) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, f"{kind} handler", "", "Handlers (*.py *.js *.mjs *.cjs);;All files (*)"
        )
        if path:
            self.files[kind].setText(path)

    def load_config(self, path: str = "") -> None:
        """Fill the rows from a project file (asks for it when ``path`` is empty)."""
        if not path:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getOpenFileName(
                self, "Project file", "cognito-bench.toml", "cognito-bench.toml (*.toml)"
            )
            if not path:
                return
        from cognito_bench.emulator.triggers import TriggerConfigError, load_config

        try:
            config = load_config(Path(path))
        except TriggerConfigError as exc:
            self._say(str(exc), error=True)
            return
        self.show_config(config)
        self._say(f"Loaded {len(config.specs)} trigger(s) from {path}; Apply to use them.")

    # ---- applying --------------------------------------------------------------------------

    def wiring(self) -> list[str]:
        """The rows as ``KIND=FILE[:FUNCTION]`` (what ``--trigger`` takes)."""
        out: list[str] = []
        for kind in KINDS:
            path = self.files[kind].text().strip()
            if not path:
                continue
            function = self.functions[kind].text().strip()
            out.append(f"{kind}={path}:{function}" if function else f"{kind}={path}")
        return out

    def apply_now(self) -> None:
        """Check the rows and hand them to the running local Cognito (off the GUI thread)."""
        emulator = self._emulator()
        if emulator is None:
            self._say("The local Cognito is not running: triggers apply to it only.", error=True)
            return
        wiring, version = self.wiring(), self.version.currentText()

        def apply() -> str:
            from cognito_bench.emulator.triggers import TriggerConfig

            config = TriggerConfig.parse(wiring, pre_token_version=version)
            emulator.set_triggers(config)
            kinds = ", ".join(config.specs) or "none"
            return f"Triggers in force ({version}): {kinds}."

        async def run() -> None:
            from cognito_bench.emulator.triggers import TriggerConfigError

            self.apply.setEnabled(False)
            try:
                line = await self._runner.call_cpu(apply)
            except TriggerConfigError as exc:
                self._say(str(exc), error=True)
                return
            finally:
                self.apply.setEnabled(True)
            self._say(line)
            self.applied.emit(line)

        self._runner.spawn(run(), "triggers:apply")

    def _say(self, line: str, error: bool = False) -> None:
        self.status.setText(line)
        self.status.setStyleSheet(ERROR_STYLE if error else "")
