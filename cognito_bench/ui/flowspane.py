"""The Flows pane: open a folder of flow files, run one or all, watch the steps pass or fail.

The pane only shows and asks: reading a flow and running it are the engine's
(:mod:`cognito_bench.flows`), off the GUI thread; each step's outcome is posted back as it
ends. Clicking a step shows its record (the window puts it in Response and, with tokens, in
Tokens). A flow runs with a session of its own, never the window's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.widgets import ERROR_STYLE, line_edit, named, readonly_table

if TYPE_CHECKING:
    from cognito_bench.aws.record import CallRecord
    from cognito_bench.aws.target import Target
    from cognito_bench.flows.runner import FlowRun, StepOutcome

__all__ = ["FlowsPane"]

_FLOW_SUFFIXES = (".yaml", ".yml")
#: Where a list item keeps its file's path (Qt.ItemDataRole.UserRole; the Qt namespace is
#: not touched at import, see DEVELOPERS.md).
_PATH_ROLE = 256


class FlowsPane(QWidget):
    """Flow files of a folder, Run / Run all / Edit / Reload, and each step's result.

    Args:
        runner: runs the flows off the GUI thread.
        target: the window's target now, and the extra names templates see (the local
            Cognito's JSON line), as a pair.

    Signals:
        record(object): a step's call finished (the window adds it to History).
        step_selected(object): the user clicked a step: show this record.
        finished(object): a flow run ended (its :class:`FlowRun`), or a str: why it could not run.
    """

    record = Signal(object)
    step_selected = Signal(object)
    finished = Signal(object)

    COLUMNS = ("Flow", "Step", "Result", "Operation", "ms", "Detail")

    def __init__(
        self,
        runner: Runner,
        target: Callable[[], tuple[Target, dict[str, str]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("flowsPane")
        self._runner = runner
        self._target = target
        self._records: list[list[CallRecord]] = []
        self._running = False
        self.folder = line_edit("flowsFolder", "Flows folder", "a folder of flow files (.yaml)")
        self.folder.setReadOnly(True)
        self.open_folder = named(
            QPushButton("Open folder…"), "flowsOpenFolder", "Open a folder of flows"
        )
        self.examples = named(
            QPushButton("Examples"), "flowsExamples", "Open the shipped example flows"
        )
        self.examples.setVisible(_has_examples())
        self.reload = named(QPushButton("Reload"), "flowsReload", "Read the folder again")
        self.files = named(QListWidget(), "flowsList", "Flow files")
        self.run = named(QPushButton("Run"), "flowsRun", "Run the selected flow")
        self.run_all = named(QPushButton("Run all"), "flowsRunAll", "Run every flow of the folder")
        self.edit = named(
            QPushButton("Edit…"), "flowsEdit", "Open the selected flow in your editor"
        )
        self.status = named(
            QLabel("Open a folder of flow files."), "flowsStatus", "Flows: last run"
        )
        self.status.setWordWrap(True)
        self.steps = readonly_table(self.COLUMNS, "flowsSteps", "Flow steps", stretch=5)
        self.open_folder.clicked.connect(lambda: self.choose_folder())
        self.examples.clicked.connect(self._open_examples)
        self.reload.clicked.connect(self.list_files)
        self.run.clicked.connect(lambda: self.run_selected())
        self.run_all.clicked.connect(lambda: self.run_files(self.flow_files()))
        self.edit.clicked.connect(self._edit)
        self.files.itemDoubleClicked.connect(lambda _item: self.run_selected())
        self.steps.cellClicked.connect(self._step_clicked)
        for button in (
            self.open_folder,
            self.examples,
            self.reload,
            self.run,
            self.run_all,
            self.edit,
        ):
            button.setAutoDefault(False)

        top = QHBoxLayout()
        top.addWidget(self.folder, 1)
        top.addWidget(self.open_folder)
        top.addWidget(self.examples)
        top.addWidget(self.reload)
        actions = QHBoxLayout()
        actions.addWidget(self.run)
        actions.addWidget(self.run_all)
        actions.addWidget(self.edit)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.files, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.steps, 2)

    # ---- the folder ------------------------------------------------------------------------

    def choose_folder(self, folder: str = "") -> None:
        """Show the flows of ``folder`` (asks when empty)."""
        if not folder:
            from PySide6.QtWidgets import QFileDialog

            folder = QFileDialog.getExistingDirectory(self, "Open a folder of flows")
            if not folder:
                return
        self.folder.setText(folder)
        self.folder.setCursorPosition(0)
        self.list_files()

    def _open_examples(self) -> None:
        from cognito_bench.flows.flowfile import examples_folder

        folder = examples_folder()
        if folder is not None:
            self.choose_folder(str(folder))

    def list_files(self) -> None:
        """List the folder's flow files (``.yaml``, ``.yml``), by name."""
        self.files.clear()
        folder = Path(self.folder.text()) if self.folder.text() else None
        if folder is None:
            return
        try:
            names = sorted(p for p in folder.iterdir() if p.suffix in _FLOW_SUFFIXES)
        except OSError as exc:
            self._say(f"Cannot read {folder}: {exc.strerror or exc}.", error=True)
            return
        for path in names:
            item = QListWidgetItem(path.name)
            item.setData(_PATH_ROLE, str(path))
            self.files.addItem(item)
        if names:
            self.files.setCurrentRow(0)
        self._say(f"{len(names)} flow(s) in {folder}." if names else f"No flow files in {folder}.")

    def flow_files(self) -> list[str]:
        """Every listed flow file's path."""
        return [str(self.files.item(i).data(_PATH_ROLE)) for i in range(self.files.count())]

    def _selected(self) -> str:
        item = self.files.currentItem()
        return str(item.data(_PATH_ROLE)) if item is not None else ""

    def _edit(self) -> None:
        path = self._selected()
        if not path:
            return
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    # ---- running ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """True while flows run."""
        return self._running

    def run_selected(self) -> None:
        """Run the selected flow."""
        path = self._selected()
        if path:
            self.run_files([path])

    def run_files(self, paths: list[str]) -> None:
        """Run ``paths`` one after the other (the steps table shows them live)."""
        if self._running or not paths or self._runner.closed:
            return
        self._running = True
        self.steps.setRowCount(0)
        self._records.clear()
        for button in (self.run, self.run_all):
            button.setEnabled(False)
        self._say(f"Running {len(paths)} flow(s)…")
        target, extras = self._target()
        task = self._runner.spawn(self._run(paths, target, extras), "flows:run")
        task.add_done_callback(lambda _task: self._done())

    def _done(self) -> None:
        self._running = False
        for button in (self.run, self.run_all):
            button.setEnabled(True)

    async def _run(self, paths: list[str], target: Target, extras: dict[str, str]) -> None:
        from cognito_bench.flows.flowfile import FlowError

        passed = failed = 0
        for path in paths:
            try:
                run = await self._runner.call_at(
                    target.endpoint_url, _load_and_run, path, target, extras, self._post
                )
            except FlowError as exc:
                self._say(str(exc), error=True)
                self.finished.emit(str(exc))
                return
            passed += sum(o.passed for o in run.outcomes)
            failed += len(run.outcomes) - sum(o.passed for o in run.outcomes)
            self.finished.emit(run)
            if run.error:  # a helper in vars had no value: no step ran
                self._say(run.mask(run.error), error=True)
                return
        self._say(
            f"{passed} step(s) passed, {failed} failed ({len(paths)} flow(s)).",
            error=bool(failed),
        )

    def _post(self, outcome: StepOutcome, run: FlowRun) -> None:
        """From the worker thread: show the outcome on the GUI thread."""
        self._runner.post_threadsafe(lambda: self.add_outcome(outcome, run))

    def add_outcome(self, outcome: StepOutcome, run: FlowRun) -> None:
        """One step's row (and its records to History)."""
        row = self.steps.rowCount()
        self.steps.insertRow(row)
        detail = outcome.failures[0] if outcome.failures else ""
        cells = (
            run.flow.name,
            outcome.step.title,
            "PASS" if outcome.passed else "FAIL",
            outcome.operation,
            f"{outcome.ms:.0f}",
            run.mask(detail),
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column == 5 and detail:
                item.setToolTip(run.mask("\n".join(outcome.failures)))
            self.steps.setItem(row, column, item)
        self._records.append(outcome.records)
        for record in outcome.records:
            self.record.emit(record)

    def _step_clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._records) and self._records[row]:
            self.step_selected.emit(self._records[row][-1])

    def _say(self, line: str, error: bool = False) -> None:
        self.status.setText(line)
        self.status.setStyleSheet(ERROR_STYLE if error else "")


def _load_and_run(
    path: str,
    target: Target,
    extras: dict[str, str],
    on_step: Callable[[StepOutcome, FlowRun], None],
) -> FlowRun:
    """Read and run one flow (worker thread)."""
    from cognito_bench.flows.flowfile import load_flow
    from cognito_bench.flows.runner import run_flow
    from cognito_bench.flows.steps import CORE, ensure_imported

    ensure_imported(*CORE)
    return run_flow(load_flow(path), target, extra_target=extras, on_step=on_step)


def _has_examples() -> bool:
    """True when the shipped examples are on disk (looked up without loading the engine)."""
    import sys

    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and (Path(bundle) / "resources" / "flows").is_dir():
        return True
    return (Path(__file__).resolve().parents[2] / "resources" / "flows").is_dir()
