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
report's charts, the console tables. A worker without a target of its own asks its master
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
import webbrowser
from collections import Counter
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
    StatsError,
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
from cognito_bench.load.outcomes import Throttled, failure_of, is_throttle, request_name
from cognito_bench.load.spec import LoadSpec, SpecError

__all__ = ["main"]

_PROG = "cognito-bench load"
#: A worker's users count from this many times its worker index.
_WORKER_INDEX_STRIDE = 10_000
_HELLO = "cognito_bench_hello"
_TARGET = "cognito_bench_target"
#: How long a worker's users wait for the master's target.
_TARGET_WAIT_S = 60.0

_log = logging.getLogger("locust.cognito_bench")


def _is_throttle(error: object) -> bool:
    return is_throttle(StatsError.parse_error(error))  # type: ignore[arg-type]


class _Load:
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
            run_flow(
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


def _summary(load: _Load, runner: Runner, seconds: float) -> list[str]:
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


def _make_runner(load: _Load, environment: Environment) -> Runner:
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


def _quit_without_workers(load: _Load, runner: MasterRunner) -> None:
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
    setup_logging("INFO")
    # Locust's own loggers say what it does; nothing else of ours logs below a warning.
    logging.getLogger().setLevel(logging.WARNING)
    load = _Load(spec, flow)
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


def _run(load: _Load, environment: Environment, runner: Runner) -> int:
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
    if not is_worker:
        greenlets.append(gevent.spawn(stats_history, runner))
        if web_ui is None:
            greenlets.append(gevent.spawn(stats_printer(runner.stats)))
    if spec.where and not is_worker:
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
    started = gevent.get_hub().loop.now()
    try:
        if isinstance(runner, MasterRunner):
            _wait_for_workers(runner, spec.expect_workers)
            if web_ui is None:
                greenlets.append(gevent.spawn(_quit_without_workers, load, runner))
        if not is_worker:
            started = gevent.get_hub().loop.now()
            greenlets.append(gevent.spawn(runner.start, spec.users, spec.spawn_rate))
            if spec.run_time:
                greenlets.append(gevent.spawn_later(spec.run_time, stop_at_run_time))
        main = web_ui.greenlet if web_ui is not None else None
        (main or runner.greenlet).join()
    except KeyboardInterrupt:
        load.ending = True
    seconds = gevent.get_hub().loop.now() - started
    gevent.killall(greenlets, block=False)
    environment.events.quitting.fire(environment=environment, reverse=True)
    _stop(runner)
    runner.quit()
    return _finish(load, environment, runner, writer, seconds)


def _stop(runner: Runner) -> None:
    """Stop the users (a master: its workers, which send their last stats)."""
    if runner.state != STATE_STOPPED:
        runner.stop()


def _finish(
    load: _Load,
    environment: Environment,
    runner: Runner,
    writer: StatsCSVFileWriter | None,
    seconds: float,
) -> int:
    spec = load.spec
    if not isinstance(runner, WorkerRunner):
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
    for line in _summary(load, runner, seconds):
        print(line, flush=True)
    if load.fatal:
        return 2
    if isinstance(runner, WorkerRunner):
        failed = load.sent["failures"] + load.sent["throttled"]
    else:
        failed = runner.stats.total.num_failures + len(runner.exceptions)
    return 1 if failed or load.workers_gone else 0
