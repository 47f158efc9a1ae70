"""The Load pane: a flow as many simulated users on Locust, watched live, then its reports.

Pick a flow (one of the Flows pane's folder, the shipped examples, or any file), users,
spawn rate, run time and pacing; Start runs it against the window's target as
``cognito-bench load`` would, in a process of its own (:class:`~cognito_bench.ui.loadchild.
LoadChild`): Locust's gevent never comes into the window, and the GUI thread only reads a
line of statistics a second. While it runs, the chart shows requests and failures per
second and the chosen step's p50 / p95 / p99, the Steps table each step's figures, the
Errors chart failures by code; when it ends, the latency histogram. Export copies Locust's
CSV files and HTML report of the last run.

Quotas: the window's own local Cognito serves in the window's process, so a run against it
may throttle like Cognito (``--quotas default``, ``--quota CATEGORY=RPS``): the pane sets
the quotas on the running local Cognito when the run starts and puts the previous ones back
when it ends (:meth:`LocalCognito.set_quotas`). Meanwhile the window's own calls are
throttled too, as they would be in an account under load. Another target is used as it is.

Where Locust is not installed (the binary), the pane says why in one line, the command's
words, and Start stays off.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.ui.loadchild import LoadChild
from cognito_bench.ui.plot import (
    BLUE,
    GREEN,
    ORANGE,
    PURPLE,
    RED,
    Bars,
    Histogram,
    Series,
    TimeChart,
)
from cognito_bench.ui.widgets import ERROR_STYLE, line_edit, named, readonly_table

if TYPE_CHECKING:
    import asyncio

    from PySide6.QtWidgets import QTableWidget

    from cognito_bench.aws.target import Target
    from cognito_bench.emulator import LocalCognito
    from cognito_bench.emulator.quotas import Quotas
    from cognito_bench.load.live import Snapshot, StepStats, Timeline
    from cognito_bench.load.spec import LoadSpec
    from cognito_bench.ui.asyncglue import Runner

__all__ = ["ALL_STEPS", "LoadPane"]

#: The chart's and histogram's choice for every step together.
ALL_STEPS = "All steps"
#: Qt.ItemDataRole.ToolTipRole (the Qt namespace is not touched for one number).
_TOOLTIP_ROLE = 3
#: Locust's CSV files of a run, by the suffix after the prefix.
_CSV_SUFFIXES = ("_stats.csv", "_stats_history.csv", "_failures.csv", "_exceptions.csv")
_IDLE = (
    "Pick a flow, users, spawn rate and run time; Start runs it on Locust in a process of its own."
)


class LoadPane(QWidget):
    """A load run's inputs, Start / Stop, the live chart, the step table, errors, histogram.

    Args:
        runner: runs the flow check and file copies off the GUI thread.
        target: the window's target now and the extra names templates see (the local
            Cognito's JSON line), as a pair.
        flow_files: the Flows pane's flow files (their folder), to pick from.
        local_cognito: the window's own local Cognito when it is the target now, else None
            (quotas can be set only there).

    Signals:
        started(str): a run began: what runs against what, one line.
        finished(object): a run ended: its last :class:`~cognito_bench.load.live.Snapshot`
            (kind ``end``), or a str: why it could not run or did not end well.
        exported(str): report files were written: where (one line).
    """

    started = Signal(str)
    finished = Signal(object)
    exported = Signal(str)

    COLUMNS = ("Step", "Requests", "Failed", "Req/s", "p50 ms", "p95 ms", "p99 ms", "Avg ms")

    def __init__(
        self,
        runner: Runner,
        target: Callable[[], tuple[Target, dict[str, str]]],
        flow_files: Callable[[], list[str]],
        local_cognito: Callable[[], LocalCognito | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loadPane")
        self._runner = runner
        self._target = target
        self._flow_files = flow_files
        self._local = local_cognito
        self.child = LoadChild(self)
        self._folder = ""
        self._chosen: list[str] = []  # files picked with File…, kept in the list
        self._restore: tuple[LocalCognito, Quotas | None] | None = None
        self._timeline: Timeline | None = None
        self._last: Snapshot | None = None
        self._end: Snapshot | None = None
        self._flow_name = ""
        self._run_time: float | None = None
        self._in_flight = False
        self._stopping = False
        self._ended: asyncio.Future[None] | None = None
        self._rows: dict[str, int] = {}
        self._build()
        from cognito_bench.load.spec import locust_missing

        #: Why load cannot run here ("" when it can): the binary leaves Locust out.
        self.missing = locust_missing()
        if self.missing:
            self._say(self.missing, error=True)
        self._set_running(False)

    # ---- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.flow = named(QComboBox(), "loadFlow", "Load: flow to run", "The flow each user runs")
        self.flow.setMinimumContentsLength(16)
        self.flow.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.flow_file = named(QPushButton("File…"), "loadFlowFile", "Load: choose a flow file")
        self.users = named(QSpinBox(), "loadUsers", "Load: users", "Simulated users at full load")
        self.users.setRange(1, 100_000)
        self.users.setValue(10)
        self.spawn_rate = named(
            QDoubleSpinBox(), "loadSpawnRate", "Load: spawn rate", "Users started per second"
        )
        self.spawn_rate.setRange(0.1, 100_000)
        self.spawn_rate.setDecimals(1)
        self.spawn_rate.setValue(5)
        self.run_time = line_edit("loadRunTime", "Load: run time", "30s, 1m30s, 2h")
        self.run_time.setText("30s")
        self.run_time.setToolTip("How long the run lasts (Stop ends it sooner; empty: until Stop)")
        self.pacing = named(
            QDoubleSpinBox(),
            "loadPacing",
            "Load: pacing",
            "Seconds between the starts of a user's iterations (0: back to back)",
        )
        self.pacing.setRange(0, 3600)
        self.pacing.setDecimals(1)
        self.pacing.setSuffix(" s")
        self.quotas = named(
            QCheckBox("Cognito's default quotas"),
            "loadQuotas",
            "Load: throttle with Cognito's default quotas",
            "The local Cognito answers TooManyRequestsException beyond Cognito's default "
            "rates while the run lasts (the window's own calls too)",
        )
        self.quota_overrides = line_edit(
            "loadQuotaOverrides", "Load: quotas per category", "UserAuthentication=20 GetId=5"
        )
        self.quota_overrides.setToolTip(
            "CATEGORY=RPS, separated by spaces: on top of the defaults, or alone"
        )
        self.start = named(QPushButton("Start"), "loadStart", "Load: start the run")
        self.stop = named(QPushButton("Stop"), "loadStop", "Load: stop the run")
        self.export_csv_button = named(
            QPushButton("Export CSV…"), "loadExportCsv", "Load: export Locust's CSV files"
        )
        self.export_html_button = named(
            QPushButton("Export HTML…"), "loadExportHtml", "Load: export Locust's HTML report"
        )
        self.status = named(QLabel(_IDLE), "loadStatus", "Load: status")
        self.status.setWordWrap(True)
        # Two lines' room from the start: a line that wraps while a run goes would move the
        # chart below it, and paint it again, every second.
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 2 + 4)
        self.chart_step = named(
            QComboBox(), "loadChartStep", "Load: step whose response times are shown"
        )
        self.chart_step.addItem(ALL_STEPS)
        self.chart = TimeChart(
            "loadChart",
            "Load: requests per second and response times",
            "Requests per second and response times show here while a run goes.",
        )
        self.steps = readonly_table(self.COLUMNS, "loadSteps", "Load: steps", stretch=0)
        _fixed_number_columns(self.steps, self.COLUMNS)
        self.errors = Bars("loadErrors", "Load: failures by error code", "No failures.")
        self.histogram = Histogram(
            "loadHistogram",
            "Load: latency histogram",
            "The latency histogram shows here when a run ends.",
        )
        self.views = named(QTabWidget(), "loadViews", "Load: results")
        self.views.addTab(self.steps, "Steps")
        self.views.addTab(self.errors, "Errors")
        self.views.addTab(self.histogram, "Histogram")

        for button in (
            self.flow_file,
            self.start,
            self.stop,
            self.export_csv_button,
            self.export_html_button,
        ):
            button.setAutoDefault(False)
        self.flow_file.clicked.connect(lambda: self.choose_file())
        self.start.clicked.connect(lambda: self.start_run())
        self.stop.clicked.connect(self.stop_run)
        self.export_csv_button.clicked.connect(lambda: self.export_csv())
        self.export_html_button.clicked.connect(lambda: self.export_html())
        self.chart_step.currentIndexChanged.connect(lambda _i: self._redraw())
        self.quotas.toggled.connect(lambda _on: self._quota_fields())
        self.child.line.connect(self._on_line)
        self.child.finished.connect(self._on_finished)

        form = QGridLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addWidget(_label("Flow", self.flow), 0, 0)
        flow_row = QHBoxLayout()
        flow_row.addWidget(self.flow, 1)
        flow_row.addWidget(self.flow_file)
        form.addLayout(flow_row, 0, 1, 1, 7)
        for column, (text, widget) in enumerate(
            (
                ("Users", self.users),
                ("Spawn/s", self.spawn_rate),
                ("Run time", self.run_time),
                ("Pacing", self.pacing),
            )
        ):
            form.addWidget(_label(text, widget), 1, column * 2)
            form.addWidget(widget, 1, column * 2 + 1)
        form.addWidget(_label("Quotas", self.quotas), 2, 0)
        quota_row = QHBoxLayout()
        quota_row.addWidget(self.quotas)
        quota_row.addWidget(self.quota_overrides, 1)
        form.addLayout(quota_row, 2, 1, 1, 7)
        actions = QHBoxLayout()
        actions.addWidget(self.start)
        actions.addWidget(self.stop)
        actions.addStretch(1)
        actions.addWidget(_label("Times of", self.chart_step))
        actions.addWidget(self.chart_step)
        actions.addWidget(self.export_csv_button)
        actions.addWidget(self.export_html_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.chart, 3)
        layout.addWidget(self.views, 2)

    # ---- the flow --------------------------------------------------------------------------

    def showEvent(self, event: object) -> None:
        """List the flows again when the pane comes forward (the Flows pane's folder may
        have changed), and whether quotas can be set."""
        self.refresh_flows()
        self._quota_fields()
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh_flows(self) -> None:
        """The Flows pane's flow files (or the shipped examples), and any file chosen."""
        files = self._flow_files() or _examples()
        current = self.flow_path()
        paths = [*dict.fromkeys([*self._chosen, *files])]
        if paths == [self.flow.itemData(i) for i in range(self.flow.count())]:
            return
        self.flow.blockSignals(True)
        self.flow.clear()
        for path in paths:
            self.flow.addItem(Path(path).name, path)
            self.flow.setItemData(self.flow.count() - 1, path, _TOOLTIP_ROLE)
        wanted = current or next((p for p in paths if p.endswith("sign-up-to-s3.yaml")), "")
        index = paths.index(wanted) if wanted in paths else 0
        self.flow.setCurrentIndex(index)
        self.flow.blockSignals(False)

    def flow_path(self) -> str:
        """The flow file chosen ("" for none)."""
        data = self.flow.currentData()
        return str(data) if data else ""

    def set_flow(self, path: str) -> None:
        """Choose the flow file ``path`` (added to the list if it is not there)."""
        path = str(path)
        if path not in self._chosen:
            self._chosen.insert(0, path)
        self.refresh_flows()
        index = self.flow.findData(path)
        self.flow.setCurrentIndex(max(index, 0))

    def choose_file(self) -> None:
        """Ask for a flow file and choose it."""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a flow file", str(Path(self.flow_path()).parent), "Flows (*.yaml *.yml)"
        )
        if path:
            self.set_flow(path)

    # ---- running ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """True from Start until the child is gone."""
        return self._in_flight or self.child.running

    def start_run(self) -> None:
        """Check the inputs (off the GUI thread), then start the Locust child."""
        if self.running or self.missing or self._runner.closed:
            return
        path = self.flow_path()
        if not path:
            self._refuse("Choose a flow file first (File…).")
            return
        local = self._local()
        quota_words = self.quota_overrides.text().split()
        if (self.quotas.isChecked() or quota_words) and local is None:
            self._refuse(
                "Quotas apply to the window's own local Cognito; the target now is another "
                "Cognito, used as it is (clear the quota fields)."
            )
            return
        self._in_flight = True
        self._set_running(True)
        self._say("Checking the flow…")
        target, extras = self._target()
        inputs = _Inputs(
            path,
            self.users.value(),
            self.spawn_rate.value(),
            self.run_time.text(),
            self.pacing.value(),
            "default" if self.quotas.isChecked() else None,
            quota_words,
        )
        task = self._runner.spawn(self._start(inputs, target, extras, local), "load:start")
        task.add_done_callback(lambda _task: self._started_or_not())

    def _refuse(self, line: str) -> None:
        """The run cannot start: why, in one line."""
        self._say(line, error=True)
        self.finished.emit(line)

    def _started_or_not(self) -> None:
        self._in_flight = False
        if not self.child.running:
            self._set_running(False)

    async def _start(
        self,
        inputs: _Inputs,
        target: Target,
        extras: dict[str, str],
        local: LocalCognito | None,
    ) -> None:
        prepared = await self._runner.call_cpu(_prepare, inputs, target, extras, self._run_folder())
        if isinstance(prepared, str):
            self._started_or_not()
            self._refuse(prepared)
            return
        if self._runner.closed:
            return
        spec, name, rates = prepared
        where = target.endpoint_url or f"Cognito {target.region}"
        if rates and local is not None:
            from cognito_bench.emulator.quotas import Quotas

            self._restore = (local, local.quotas)
            local.set_quotas(Quotas(rates))
            where += ", quotas " + ", ".join(f"{k}={v:g}" for k, v in rates.items())
        spec.where = where
        self._begin(name, spec)
        line = f"{name}: {inputs.users} users against {where}"
        self._say(f"Starting {line}…")
        import asyncio

        ended: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._ended = ended
        self.child.start(spec)
        self._set_running(True)  # Stop is on once there is a child to stop
        self.started.emit(line)
        # In flight until the child is gone: the window is busy meanwhile (no full garbage
        # collection on the GUI thread mid-run: GcPacer), and closing it cancels this.
        await ended

    def _begin(self, name: str, spec: LoadSpec) -> None:
        """Clear the last run's views for a new run."""
        from cognito_bench.load.live import Timeline

        self._flow_name = name
        self._run_time = spec.run_time
        self._timeline = Timeline()
        self._last = self._end = None
        self._rows.clear()
        self.steps.setRowCount(0)
        self.errors.set_bars([])
        self.histogram.set_bins([], [])
        self.histogram.set_empty_text("The latency histogram shows here when the run ends.")
        self.chart.set_data([], [])
        self.chart_step.blockSignals(True)
        self.chart_step.clear()
        self.chart_step.addItem(ALL_STEPS)
        self.chart_step.blockSignals(False)
        self._stopping = False

    def stop_run(self) -> None:
        """End the run now: the users stop after their step, Locust writes its reports."""
        if not self.child.running:
            return
        self._stopping = True
        self.stop.setEnabled(False)
        self._say("Stopping: the users end their step and Locust writes its reports…")
        self.child.stop()

    def shutdown(self) -> None:
        """The window closes: stop the child and wait for it (no process is left), put the
        quotas back, remove the run's files."""
        self.child.shutdown()
        self._put_quotas_back()
        import shutil

        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = ""

    # ---- what the child says ---------------------------------------------------------------

    def _on_line(self, snapshot: Snapshot) -> None:
        from cognito_bench.load.live import END, errors_by_code

        self._last = snapshot
        if snapshot.kind == END:
            self._end = snapshot
        elif self._timeline is not None:
            self._timeline.add(snapshot)
        self._add_steps(snapshot)
        self._show_table(snapshot)
        self.errors.set_bars(
            [
                (label, n, ORANGE if "(throttled)" in label else RED)
                for label, n in errors_by_code(snapshot.errors)
            ]
        )
        self._redraw()
        if snapshot.kind != END and not self._stopping:
            total = snapshot.total
            of = f" of {self._run_time:.0f} s" if self._run_time else ""
            self._say(
                f"Running {self._flow_name}: {snapshot.users} users · {total.rps:.1f} req/s · "
                f"{total.requests:,} requests, {total.failures:,} failed · "
                f"{snapshot.elapsed:.0f} s{of}"
            )

    def _add_steps(self, snapshot: Snapshot) -> None:
        known = {self.chart_step.itemText(i) for i in range(self.chart_step.count())}
        for stats in snapshot.steps:
            if stats.name not in known:
                self.chart_step.addItem(stats.name)

    def _show_table(self, snapshot: Snapshot) -> None:
        for stats in (*snapshot.steps, snapshot.total):
            row = self._rows.get(stats.name)
            if row is None:
                # The total stays last: steps are inserted above it.
                row = self._rows.get("Aggregated", self.steps.rowCount())
                self.steps.insertRow(row)
                for name, index in self._rows.items():
                    if index >= row:
                        self._rows[name] = index + 1
                self._rows[stats.name] = row
                for column in range(len(self.COLUMNS)):
                    self.steps.setItem(row, column, QTableWidgetItem(""))
            for column, text in enumerate(_cells(stats)):
                item = self.steps.item(row, column)
                if item is not None and item.text() != text:
                    item.setText(text)
                    if column == 0:  # the whole name, where the column cuts it
                        item.setToolTip(text)

    def _redraw(self) -> None:
        """The chart (and after the run, the histogram) for the chosen step."""
        from cognito_bench.load.live import TOTAL

        timeline = self._timeline
        if timeline is None:
            return
        choice = self.chart_step.currentText()
        name = TOTAL if choice in ("", ALL_STEPS) else choice
        p50, p95, p99 = timeline.percentiles(name)
        self.chart.set_data(
            timeline.times,
            [
                (
                    "Requests",
                    "per s",
                    [
                        Series("requests", BLUE, timeline.rps),
                        Series("failures", RED, timeline.fail_rps),
                    ],
                ),
                (
                    "Response times" + ("" if name == TOTAL else f", {name}"),
                    "ms",
                    [
                        Series("p50", GREEN, p50),
                        Series("p95", ORANGE, p95),
                        Series("p99", PURPLE, p99),
                    ],
                ),
            ],
        )
        if self._end is not None:
            self._show_histogram(name)

    def _show_histogram(self, name: str) -> None:
        from cognito_bench.load.live import TOTAL, histogram

        end = self._end
        assert end is not None
        stats = end.step(name)
        bins = histogram(end.times.get(name, {}))
        markers = (
            [("p50", stats.p50, GREEN), ("p95", stats.p95, ORANGE), ("p99", stats.p99, PURPLE)]
            if stats is not None
            else []
        )
        title = "Response times" + ("" if name == TOTAL else f", {name}")
        self.histogram.set_bins(bins, [m for m in markers if not math.isnan(m[1])], title)
        if not bins:
            self.histogram.set_empty_text("No request ended in this run.")

    def _on_finished(self, code: int, error: str) -> None:
        if self._ended is not None and not self._ended.done():
            self._ended.set_result(None)
        self._ended = None
        self._in_flight = False
        self._put_quotas_back()
        self._set_running(False)
        end = self._end
        if end is not None and code in (0, 1):
            # The summary's report lines name the run's own folder: Export copies from it.
            lines = [ln for ln in end.summary if not ln.startswith(("CSV:", "HTML:"))]
            said = ". ".join(lines) or f"{self._flow_name}: done"
            self._say(f"{said}. Export saves Locust's CSV files and HTML report.", error=code != 0)
            self.views.setCurrentWidget(self.histogram if code == 0 else self.errors)
            self.finished.emit(end)
            return
        if error:
            line = error
        elif self._stopping and code != 0:
            line = f"{self._flow_name}: stopped before Locust wrote its reports."
        else:
            line = f"The load run ended unexpectedly (exit {code}): {self._tail()}"
        self._say(line, error=True)
        self.finished.emit(line)

    def _tail(self) -> str:
        lines = self.child.stderr_tail()
        return lines[-1] if lines else "no message"

    # ---- reports ---------------------------------------------------------------------------

    def _run_folder(self) -> str:
        """The folder the child writes its reports in (made once, removed at shutdown)."""
        if not self._folder:
            import tempfile

            self._folder = tempfile.mkdtemp(prefix="cognito-bench-load-")
        return self._folder

    def has_reports(self) -> bool:
        """True when the last run left Locust's CSV files and HTML report."""
        return self._end is not None and os.path.isfile(self._report("_stats.csv"))

    def _report(self, suffix: str) -> str:
        return os.path.join(self._folder, "run" + suffix) if self._folder else ""

    def export_csv(self, prefix: str = "") -> None:
        """Copy the last run's CSV files to ``PREFIX_stats.csv`` ... (asks when empty)."""
        if not self.has_reports():
            return
        if not prefix:
            chosen = self._ask_where(
                "Export Locust's CSV files (PREFIX_stats.csv, ...)", "", "CSV prefix (*)"
            )
            if not chosen:
                return
            prefix = chosen.removesuffix(".csv").removesuffix("_stats")
        pairs = [(self._report(s), prefix + s) for s in _CSV_SUFFIXES]
        self._copy(
            pairs,
            f"Exported {prefix}_stats.csv, _stats_history.csv, _failures.csv, _exceptions.csv",
        )

    def export_html(self, path: str = "") -> None:
        """Copy the last run's HTML report to ``path`` (asks when empty)."""
        if not self.has_reports():
            return
        path = path or self._ask_where("Export Locust's HTML report", ".html", "HTML (*.html)")
        if path:
            self._copy([(self._report(".html"), path)], f"Exported {path}")

    def _ask_where(self, title: str, suffix: str, filter_text: str) -> str:
        """A file to write, asked for ("" when the user cancels)."""
        from PySide6.QtWidgets import QFileDialog

        suggested = f"{_slug(self._flow_name)}-load{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, filter_text)
        return str(path)

    def _copy(self, pairs: list[tuple[str, str]], done: str) -> None:
        async def copy() -> None:
            try:
                await self._runner.call_cpu(_copy_files, pairs)
            except OSError as exc:
                self._say(f"Cannot export: {exc.strerror or exc} ({exc.filename}).", error=True)
                return
            self._say(done + ".")
            self.exported.emit(done)

        if not self._runner.closed:
            self._runner.spawn(copy(), "load:export")

    # ---- state -----------------------------------------------------------------------------

    def _put_quotas_back(self) -> None:
        if self._restore is not None:
            local, quotas = self._restore
            self._restore = None
            local.set_quotas(quotas)

    def _set_running(self, running: bool) -> None:
        idle = not running
        self.start.setEnabled(idle and not self.missing)
        self.stop.setEnabled(running and self.child.running and not self._stopping)
        for widget in (
            self.flow,
            self.flow_file,
            self.users,
            self.spawn_rate,
            self.run_time,
            self.pacing,
        ):
            widget.setEnabled(idle)
        reports = idle and self.has_reports()
        self.export_csv_button.setEnabled(reports)
        self.export_html_button.setEnabled(reports)
        self._quota_fields()

    def _quota_fields(self) -> None:
        """Quotas only for the window's own local Cognito, and not while a run goes."""
        local = self._local() is not None
        idle = not self.running
        self.quotas.setEnabled(local and idle)
        self.quota_overrides.setEnabled(local and idle)
        if not local:
            self.quotas.setToolTip("Quotas apply to the window's own local Cognito only.")

    def _say(self, line: str, error: bool = False) -> None:
        self.status.setText(line)
        style = ERROR_STYLE if error else ""
        if self.status.styleSheet() != style:
            self.status.setStyleSheet(style)


@dataclass(frozen=True)
class _Inputs:
    """What the pane's fields said at Start (read on the GUI thread, checked off it)."""

    path: str
    users: int
    spawn_rate: float
    run_time: str
    pacing: float
    quotas: str | None
    quota_words: list[str]


def _prepare(
    inputs: _Inputs, target: Target, extras: dict[str, str], folder: str
) -> tuple[LoadSpec, str, dict[str, float] | None] | str:
    """The run's spec, its flow's name and its quotas, or why it cannot run, in one line:
    a flow that does not read (``FILE:LINE: cause``), a bad run time or quota. (A worker
    thread: it reads the flow and imports the engine.)"""
    from cognito_bench.emulator.quotas import QuotaError, rates_from_options
    from cognito_bench.flows.flowfile import FlowError, load_flow
    from cognito_bench.load.spec import LoadSpec, SpecError, parse_timespan

    try:
        text = inputs.run_time.strip()
        run_time = parse_timespan(text) if text else None
        rates = rates_from_options(inputs.quotas, inputs.quota_words)
        flow = load_flow(inputs.path)
    except (FlowError, SpecError, QuotaError) as exc:
        line = str(exc).splitlines()[0]
        # The command's words name its options; here they are the pane's fields.
        for option, field in (
            ("--run-time", "Run time"),
            ("--quotas", "Quotas"),
            ("--quota", "Quota"),
        ):
            line = line.replace(option, field)
        return line
    spec = LoadSpec(
        flow_path=inputs.path,
        users=inputs.users,
        spawn_rate=inputs.spawn_rate,
        run_time=run_time,
        pacing=inputs.pacing,
        target=LoadSpec.target_fields(target),
        extras=extras,
        csv_prefix=os.path.join(folder, "run"),
        html=os.path.join(folder, "run.html"),
        live=True,
    )
    return spec, flow.name, rates


def _copy_files(pairs: list[tuple[str, str]]) -> None:
    import shutil

    for source, destination in pairs:
        if os.path.isfile(source):
            folder = os.path.dirname(destination)
            if folder:
                os.makedirs(folder, exist_ok=True)
            shutil.copyfile(source, destination)


def _cells(stats: StepStats) -> tuple[str, ...]:
    def ms(value: float) -> str:
        return "–" if math.isnan(value) else f"{value:,.0f}"

    name = "All steps" if stats.name == "Aggregated" else stats.name
    return (
        name,
        f"{stats.requests:,}",
        f"{stats.failures:,}",
        f"{stats.rps:.1f}",
        ms(stats.p50),
        ms(stats.p95),
        ms(stats.p99),
        ms(stats.avg),
    )


def _fixed_number_columns(table: QTableWidget, columns: tuple[str, ...]) -> None:
    """Number columns as wide as their title or ``000,000``, fixed: a column sized to its
    contents measures every row on every change (42 cells a second: 11 ms of the GUI
    thread, against well under one fixed)."""
    from PySide6.QtWidgets import QHeaderView

    # One line per row, a long step name cut in its middle ("04 sign_i…ssword"): wrapped,
    # "02 confirm_sign_up" showed as "02 …" (its second line had no room in the row).
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    digits = table.fontMetrics().horizontalAdvance("000,000")
    for column, title in enumerate(columns[1:], start=1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(column, max(metrics.horizontalAdvance(title), digits) + 14)


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "flow"


def _examples() -> list[str]:
    """The shipped example flows (no engine import: a folder listing)."""
    from cognito_bench.ui.app import resources_dir

    folder = resources_dir() / "flows"
    try:
        return sorted(str(p) for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError:
        return []
