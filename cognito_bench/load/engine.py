"""The Locust child: a flow as a Locust ``User``, each step a request, Locust's runners and reports.

Imported only by ``python -m cognito_bench.load`` (``__main__`` monkey-patches first; see
the package docstring for why it is a process of its own).

Each simulated user runs the flow in a loop through the flows engine's ``run_flow``, with
variables of its own: ``user.index`` (0, 1, ... on one machine; a worker's users count
from ``10000 x`` its Locust worker index), a ``--data`` row (user N gets row N modulo the
rows) and a ``run.id`` new for every iteration. Each step that ends fires Locust's
``request`` event: type the step's name (``sign_in_srp``), name its title (``3
sign_in_srp``), response time the step's calls' time. A step that fails is a failure whose
exception names only its error code (``StepFailed('NotAuthorizedException')``) or the
expectation it missed, never a value, so Locust's failure table groups them and no report
holds a password or token; throttling is :class:`Throttled`, a row of its own.

Locust as a library, as its CLI wires it (``locust/main.py``): an ``Environment``, a local,
master or worker runner, ``StatsCSVFileWriter``, the web UI, ``stats_history`` for the HTML
report's charts, the console tables (for the window's Load pane, :class:`_Stream`'s JSON
lines instead: :mod:`cognito_bench.load.live`). A worker without a target of its own asks its master
for the master's (a custom message), so ``load FLOW --worker`` is all a worker needs on
this machine.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import logging
import os
import signal
import socket
import sys
import time
import webbrowser
from collections import Counter, deque
from collections.abc import Callable
from typing import Any

import gevent
from gevent.event import Event
from locust import User, constant, constant_pacing, events, task
from locust.env import Environment
from locust.html import get_html_report
from locust.log import setup_logging
from locust.runners import STATE_STOPPED, MasterRunner, Runner, WorkerRunner
from locust.stats import (
    PERCENTILES_TO_REPORT,
    StatsCSV,
    StatsCSVFileWriter,
    StatsEntry,
    StatsError,
    calculate_response_time_percentile,
    diff_response_time_dicts,
    print_error_report,
    print_percentile_stats,
    print_stats,
    stats_history,
    stats_printer,
)

from cognito_bench.aws.target import Target
from cognito_bench.flows.flowfile import Flow, FlowError, load_flow
from cognito_bench.flows.runner import FlowRun, StepOutcome, run_flow
from cognito_bench.flows.template import new_run_id
from cognito_bench.load.live import END, TICK, WINDOW_S, Snapshot, StepStats, error_count
from cognito_bench.load.outcomes import Throttled, failure_of, is_throttle, request_name
from cognito_bench.load.spec import LoadSpec, SpecError

__all__ = ["FlowLoad", "main"]

_PROG = "cognito-bench load"
#: A worker's users count from this many times its worker index.
_WORKER_INDEX_STRIDE = 10_000
_HELLO = "cognito_bench_hello"
_TARGET = "cognito_bench_target"
#: How long a worker's users wait for the master's target.
_TARGET_WAIT_S = 60.0
#: How much the child run from the window's Load pane lowers its CPU priority (POSIX nice).
_LIVE_NICENESS = 10

_log = logging.getLogger("locust.cognito_bench")


def _is_throttle(error: object) -> bool:
    return is_throttle(StatsError.parse_error(error))  # type: ignore[arg-type]


class FlowLoad:
    """One child's run: the flow, the target, the users' counter, what was sent."""

    def __init__(self, spec: LoadSpec, flow: Flow) -> None:
        self.spec = spec
        self.flow = flow
        self.target: Target | None = spec.the_target()
        self.extras = dict(spec.extras)
        self.ready = Event()
        if self.target is not None:
            self.ready.set()
        self.index_base = 0
        self._indexes = itertools.count()
        self._run_base = new_run_id()
        self.fatal = ""
        self.workers_gone = False
        #: The run is ending as asked (run time, Ctrl-C, SIGTERM): workers leaving is expected.
        self.ending = False
        self.sent = Counter[str]()
        self.environment: Environment | None = None

    # the user ------------------------------------------------------------------------------

    def user_class(self) -> type[User]:
        """The Locust user class: one task, the whole flow once."""
        load = self

        class FlowUser(User):
            wait_time = constant_pacing(load.spec.pacing) if load.spec.pacing > 0 else constant(0)

            def on_start(self) -> None:
                self.bench_index = load.index_base + next(load._indexes)
                self.bench_iteration = 0

            @task
            def flow(self) -> None:
                load.iterate(self)

        FlowUser.__doc__ = f"Runs the flow {self.flow.name!r} once per iteration."
        return FlowUser

    def iterate(self, user: Any) -> None:
        """Run the flow once as ``user``; each step fires a request event."""
        if not self.ready.wait(timeout=_TARGET_WAIT_S):
            self.stop_fatal("the master sent no target (give this worker --target or --profile)")
            return
        assert self.target is not None
        user.bench_iteration += 1
        index: int = user.bench_index
        rows = self.spec.rows
        row = rows[index % len(rows)] if rows else {}
        try:
            done = run_flow(
                self.flow,
                self.target,
                variables={**row, **self.spec.variables},
                run_id=f"{self._run_base}u{index}i{user.bench_iteration}",
                user_index=index,
                extra_target=self.extras,
                on_step=self.fire,
            )
        except FlowError as exc:
            self.stop_fatal(str(exc))
            return
        if done.error:  # a helper in vars had no value: the iteration failed before its steps
            assert self.environment is not None
            self.environment.events.request.fire(
                request_type="vars",
                name="vars",
                response_time=done.ms,
                response_length=0,
                exception=RuntimeError(done.mask(done.error)),
                context={},
            )
            self.sent["requests"] += 1
            self.sent["failures"] += 1

    def fire(self, outcome: StepOutcome, run: FlowRun) -> None:
        """One step as one Locust request."""
        assert self.environment is not None
        failure = failure_of(outcome)
        self.environment.events.request.fire(
            request_type=outcome.step.name,
            name=request_name(outcome.step, len(self.flow.steps)),
            response_time=outcome.ms,
            response_length=0,
            exception=failure,
            context={},
        )
        self.sent["requests"] += 1
        if isinstance(failure, Throttled):
            self.sent["throttled"] += 1
        elif failure is not None:
            self.sent["failures"] += 1

    def stop_fatal(self, message: str) -> None:
        """Bad input found while running (a template that does not render): stop, exit 2."""
        if not self.fatal:
            self.fatal = message
            print(f"{_PROG}: error: {message}", file=sys.stderr, flush=True)
            if self.environment is not None and self.environment.runner is not None:
                gevent.spawn(self.environment.runner.quit)

    # distributed ---------------------------------------------------------------------------

    def wire_master(self, runner: MasterRunner) -> None:
        """Answer each worker's hello with this run's target."""

        def on_hello(environment: Environment, msg: Any, **_: Any) -> None:
            data = {"target": self.spec.target, "extras": self.spec.extras}
            runner.send_message(_TARGET, data, client_id=msg.node_id)

        runner.register_message(_HELLO, on_hello)

    def wire_worker(self, runner: WorkerRunner) -> None:
        """Number this worker's users apart from the others'; ask for a target if it has none."""
        self.index_base = max(runner.worker_index, 0) * _WORKER_INDEX_STRIDE
        if self.ready.is_set():
            return

        def on_target(environment: Environment, msg: Any, **_: Any) -> None:
            data = msg.data or {}
            self.spec.target = data.get("target")
            self.target = self.spec.the_target()
            self.extras = dict(data.get("extras") or {})
            if self.target is not None:
                self.ready.set()

        runner.register_message(_TARGET, on_target)
        runner.send_message(_HELLO, {})


# the window's live statistics -------------------------------------------------------------


class _Stream:
    """One JSON line of statistics a second on standard output (``LoadSpec.live``).

    Each tick's rates are over the last second and its percentiles over the last
    :data:`~cognito_bench.load.live.WINDOW_S` seconds: from copies of each entry's response
    times kept a tick apart, with Locust's own diff and percentile functions.

    Args:
        runner: the run's runner (its statistics and user count).
        clock: monotonic seconds.
    """

    def __init__(self, runner: Runner, clock: Callable[[], float]) -> None:
        self._runner = runner
        self._clock = clock
        self._started = clock()
        #: (time, {name: (requests, failures, response times)}) of the last ticks.
        self._past: deque[tuple[float, dict[str, tuple[int, int, dict[int, int]]]]] = deque(
            maxlen=WINDOW_S + 1
        )

    def restart(self) -> None:
        """The users start now (after waiting for workers)."""
        self._started = self._clock()
        self._past.clear()

    def run(self) -> None:
        """Write a tick each second until killed."""
        while True:
            gevent.sleep(1.0)
            _write(self.tick())

    def _entries(self) -> list[StatsEntry]:
        stats = self._runner.stats
        return sorted(stats.entries.values(), key=lambda e: e.name)

    def tick(self) -> Snapshot:
        """The run now, against the last ticks."""
        now = self._clock()
        stats = self._runner.stats
        entries = [stats.total, *self._entries()]
        state = {e.name: (e.num_requests, e.num_failures, dict(e.response_times)) for e in entries}
        last = self._past[-1] if self._past else (self._started, {})
        oldest = self._past[0] if self._past else last
        rows = [self._current(e, now, last, oldest) for e in entries]
        self._past.append((now, state))
        return self._snapshot(TICK, now, rows[0], rows[1:])

    @staticmethod
    def _current(
        entry: StatsEntry,
        now: float,
        last: tuple[float, dict[str, tuple[int, int, dict[int, int]]]],
        oldest: tuple[float, dict[str, tuple[int, int, dict[int, int]]]],
    ) -> StepStats:
        then, before = last
        requests, failures, _ = before.get(entry.name, (0, 0, {}))
        seconds = max(now - then, 1e-6)
        _, _, window_times = oldest[1].get(entry.name, (0, 0, {}))
        recent = diff_response_time_dicts(entry.response_times, window_times)
        count = sum(recent.values())

        def pct(percent: float) -> float:
            if not count:
                return float("nan")
            return float(calculate_response_time_percentile(recent, count, percent))

        return StepStats(
            name=entry.name,
            step=entry.method or "",
            requests=entry.num_requests,
            failures=entry.num_failures,
            rps=(entry.num_requests - requests) / seconds,
            fail_rps=(entry.num_failures - failures) / seconds,
            p50=pct(0.5),
            p95=pct(0.95),
            p99=pct(0.99),
            avg=float(entry.avg_response_time),
            max=float(entry.max_response_time or 0),
        )

    def _snapshot(
        self, kind: str, now: float, total: StepStats, steps: list[StepStats], **more: Any
    ) -> Snapshot:
        errors = tuple(
            error_count(e.name, StatsError.parse_error(e.error), e.occurrences)
            for e in self._runner.stats.errors.values()
        )
        return Snapshot(
            kind=kind,
            elapsed=round(now - self._started, 3),
            users=self._runner.user_count,
            total=total,
            steps=tuple(steps),
            errors=errors,
            **more,
        )

    def end(self, summary: list[str], seconds: float) -> Snapshot:
        """The whole run (``seconds`` long): figures as Locust's CSV has them, and each
        step's distribution."""
        stats = self._runner.stats
        now = self._started + seconds
        seconds = max(seconds, 1e-6)
        entries = [stats.total, *self._entries()]
        rows = [
            StepStats(
                name=e.name,
                step=e.method or "",
                requests=e.num_requests,
                failures=e.num_failures,
                rps=e.num_requests / seconds,
                fail_rps=e.num_failures / seconds,
                p50=float(e.get_response_time_percentile(0.5)),
                p95=float(e.get_response_time_percentile(0.95)),
                p99=float(e.get_response_time_percentile(0.99)),
                avg=float(e.avg_response_time),
                max=float(e.max_response_time or 0),
            )
            for e in entries
        ]
        times = {e.name: dict(e.response_times) for e in entries}
        return self._snapshot(END, now, rows[0], rows[1:], times=times, summary=tuple(summary))


def _write(snapshot: Snapshot) -> None:
    sys.stdout.write(snapshot.to_line() + "\n")
    sys.stdout.flush()


def _until_input_ends(then: Callable[[], None]) -> None:
    """Wait for the end of standard input, then call ``then`` (the Load pane stopped the run,
    or the window is gone: either closes the pipe).

    The read runs in a real thread of gevent's pool: a pipe cannot be waited on
    cooperatively everywhere (Windows).
    """

    def drain() -> None:
        with contextlib.suppress(OSError, ValueError):
            while sys.stdin.read(4096):
                pass

    gevent.get_hub().threadpool.apply(drain)
    then()


# reports -----------------------------------------------------------------------------------


def _final_csv(environment: Environment, prefix: str) -> None:
    """Write the stats, failures and exceptions CSV files as the run ended.

    Locust's writer rewrites them once a second while the run goes on; the last second
    would be missing without this.
    """
    writer = StatsCSV(environment, PERCENTILES_TO_REPORT)
    for suffix, write in (
        ("stats", writer.requests_csv),
        ("failures", writer.failures_csv),
        ("exceptions", writer.exceptions_csv),
    ):
        with open(f"{prefix}_{suffix}.csv", "w", newline="", encoding="utf-8") as handle:
            write(csv.writer(handle))


def _summary(load: FlowLoad, runner: Runner, seconds: float) -> list[str]:
    """Our lines after Locust's tables: counts, throttling by step, where the reports are."""
    spec = load.spec
    if isinstance(runner, WorkerRunner):
        sent = load.sent
        return [
            f"worker {runner.worker_index}: {sent['requests']} requests sent, "
            f"{sent['failures']} failed, {sent['throttled']} throttled"
        ]
    total = runner.stats.total
    throttles = [e for e in runner.stats.errors.values() if _is_throttle(e.error)]
    throttled = sum(e.occurrences for e in throttles)
    lines = [
        f"{load.flow.name}: {total.num_requests} requests in {seconds:.1f} s "
        f"({total.num_requests / seconds if seconds else 0:.1f}/s), "
        f"{total.num_failures - throttled} failed, {throttled} throttled"
    ]
    if throttles:
        by_step = ", ".join(f"{e.name} {e.occurrences}" for e in throttles)
        lines.append(f"throttled (TooManyRequestsException): {by_step}")
    if spec.csv_prefix:
        lines.append(f"CSV: {spec.csv_prefix}_stats.csv, _failures.csv, _exceptions.csv")
    if spec.html:
        lines.append(f"HTML: {spec.html}")
    return lines


def _port_free(host: str, port: int) -> str:
    """ "" when ``host:port`` can be listened on, else why not."""
    with socket.socket() as probe:
        try:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("" if host == "*" else host, port))
        except OSError as exc:
            return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
    return ""


def _open_browser(url: str) -> None:
    """Open ``url`` where a desktop can show it (never a text browser in this terminal)."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return
    with contextlib.suppress(webbrowser.Error):
        webbrowser.open_new_tab(url)


# the run -----------------------------------------------------------------------------------


def _make_runner(load: FlowLoad, environment: Environment) -> Runner:
    spec = load.spec
    if spec.mode == "master":
        problem = _port_free(spec.master_bind_host, spec.master_port)
        if problem:
            raise SpecError(problem)
        master = environment.create_master_runner(
            master_bind_host=spec.master_bind_host, master_bind_port=spec.master_port
        )
        load.wire_master(master)
        return master
    if spec.mode == "worker":
        try:
            worker = environment.create_worker_runner(spec.master_host, spec.master_port)
        except (OSError, ConnectionError) as exc:
            raise SpecError(
                f"no Locust master at {spec.master_host}:{spec.master_port} ({exc})"
            ) from None
        load.wire_worker(worker)
        return worker
    return environment.create_local_runner()


def _wait_for_workers(runner: MasterRunner, wanted: int) -> None:
    waited = 0.0
    while len(runner.clients.ready) < wanted:
        if waited and waited % 5 < 0.2:
            _log.info("waiting for workers: %s of %s connected", len(runner.clients.ready), wanted)
        gevent.sleep(0.2)
        waited += 0.2


def _quit_without_workers(load: FlowLoad, runner: MasterRunner) -> None:
    """End a headless master's run when its last worker has gone before the end (exit 1).

    Locust's master stops the users then, and quits only when its CLI said ``--headless``.
    """
    while runner.worker_count > 0:
        gevent.sleep(0.5)
        if load.ending:
            return
    print(f"{_PROG}: every worker has gone; the run ends early", file=sys.stderr, flush=True)
    load.workers_gone = True
    runner.quit()


def main(text: str) -> int:
    """Run the load ``text`` (a :class:`LoadSpec` as JSON) describes; the exit code."""
    try:
        spec = LoadSpec.from_json(text)
        flow = load_flow(spec.flow_path)
    except (SpecError, FlowError) as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
    if spec.live and hasattr(os, "nice"):
        # Run from the window: the window's GUI thread (and the local Cognito serving in the
        # window's process) come first when the cores are busy; bench_gui's load run row
        # had its longest GUI-thread waits at 19 ms with this, 27 to 49 ms without.
        os.nice(_LIVE_NICENESS)
    setup_logging("INFO")
    # Locust's own loggers say what it does; nothing else of ours logs below a warning.
    logging.getLogger().setLevel(logging.WARNING)
    load = FlowLoad(spec, flow)
    target = load.target
    environment = Environment(
        user_classes=[load.user_class()],
        events=events,
        host=(target.endpoint_url or f"Cognito {target.region}") if target else None,
        locustfile=f"{flow.path} (cognito-bench load)",
    )
    load.environment = environment
    try:
        if spec.web:
            problem = _port_free(spec.web_host, spec.web_port)
            if problem:
                raise SpecError(problem)
        runner = _make_runner(load, environment)
    except SpecError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
    return _run(load, environment, runner)


def _run(load: FlowLoad, environment: Environment, runner: Runner) -> int:
    spec = load.spec
    is_worker = isinstance(runner, WorkerRunner)
    writer: StatsCSVFileWriter | None = None
    if spec.csv_prefix and not is_worker:
        os.makedirs(os.path.dirname(spec.csv_prefix) or ".", exist_ok=True)
        writer = StatsCSVFileWriter(environment, PERCENTILES_TO_REPORT, spec.csv_prefix)
    web_ui = None
    if spec.web and not is_worker:
        web_ui = environment.create_web_ui(
            host=spec.web_host,
            port=spec.web_port,
            stats_csv_writer=writer or StatsCSV(environment, PERCENTILES_TO_REPORT),
            delayed_start=True,
        )
    environment.events.init.fire(environment=environment, runner=runner, web_ui=web_ui)
    greenlets: list[gevent.Greenlet] = []
    if web_ui is not None:
        web_ui.start()
        url = f"http://{spec.web_host}:{spec.web_port}"
        print(f"Locust's web UI: {url} (Ctrl-C ends the run)", flush=True)
        _open_browser(url)
    if writer is not None:
        greenlets.append(gevent.spawn(writer.stats_writer))
    stream = _Stream(runner, time.monotonic) if spec.live and not is_worker else None
    if not is_worker:
        greenlets.append(gevent.spawn(stats_history, runner))
        if web_ui is None and stream is None:
            greenlets.append(gevent.spawn(stats_printer(runner.stats)))
    if spec.where and not is_worker and stream is None:
        print(f"{load.flow.name} ({load.flow.path}) · {spec.where}", flush=True)

    def stop_at_run_time() -> None:
        load.ending = True
        _stop(runner)
        if web_ui is None:
            runner.quit()
        else:
            print("run time over; the web UI keeps the results until Ctrl-C", flush=True)

    def on_terminate() -> None:
        # SIGTERM (the parent passing one on, a service manager) ends the run like Ctrl-C:
        # the users stop and the reports are written.
        load.ending = True
        for greenlet in (web_ui.greenlet if web_ui is not None else None, runner.greenlet):
            if greenlet is not None:
                greenlet.kill(block=False)

    gevent.signal_handler(signal.SIGTERM, on_terminate)
    if spec.live:
        greenlets.append(gevent.spawn(_until_input_ends, on_terminate))
    started = time.monotonic()
    try:
        if isinstance(runner, MasterRunner):
            _wait_for_workers(runner, spec.expect_workers)
            if web_ui is None:
                greenlets.append(gevent.spawn(_quit_without_workers, load, runner))
        if not is_worker:
            started = time.monotonic()
            if stream is not None:
                stream.restart()
                greenlets.append(gevent.spawn(stream.run))
            greenlets.append(gevent.spawn(runner.start, spec.users, spec.spawn_rate))
            if spec.run_time:
                greenlets.append(gevent.spawn_later(spec.run_time, stop_at_run_time))
        main = web_ui.greenlet if web_ui is not None else None
        (main or runner.greenlet).join()
    except KeyboardInterrupt:
        load.ending = True
    seconds = time.monotonic() - started
    gevent.killall(greenlets, block=False)
    environment.events.quitting.fire(environment=environment, reverse=True)
    _stop(runner)
    runner.quit()
    return _finish(load, environment, runner, writer, seconds, stream)


def _stop(runner: Runner) -> None:
    """Stop the users (a master: its workers, which send their last stats)."""
    if runner.state != STATE_STOPPED:
        runner.stop()


def _finish(
    load: FlowLoad,
    environment: Environment,
    runner: Runner,
    writer: StatsCSVFileWriter | None,
    seconds: float,
    stream: _Stream | None = None,
) -> int:
    spec = load.spec
    if not isinstance(runner, WorkerRunner) and stream is None:
        print_stats(runner.stats, current=False)
        print_percentile_stats(runner.stats)
        print_error_report(runner.stats)
    if writer is not None:
        writer.close_files()
        _final_csv(environment, spec.csv_prefix)
    if spec.html and not isinstance(runner, WorkerRunner):
        os.makedirs(os.path.dirname(spec.html) or ".", exist_ok=True)
        with open(spec.html, "w", encoding="utf-8") as handle:
            handle.write(get_html_report(environment, show_download_link=False))
    summary = _summary(load, runner, seconds)
    if stream is not None:
        _write(stream.end(summary, seconds))
    else:
        for line in summary:
            print(line, flush=True)
    if load.fatal:
        return 2
    if isinstance(runner, WorkerRunner):
        failed = load.sent["failures"] + load.sent["throttled"]
    else:
        failed = runner.stats.total.num_failures + len(runner.exceptions)
    return 1 if failed or load.workers_gone else 0
