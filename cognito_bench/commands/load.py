"""`cognito-bench load FLOW.yaml`: the flow as many simulated users on Locust.

This process checks the input (the flow, ``--var``, ``--data``, the numbers, the role),
finds the target the way ``run`` does (``--local``, the default, starts the embedded local
Cognito here, with ``--quotas``/``--quota`` when given), then runs Locust in a child process
(:mod:`cognito_bench.load`) and ends with its exit code: 0 the run made no failed step, 1
some step failed or was throttled, 2 bad input (one line, never a traceback).

The local Cognito stays in this process, on its own threads: the child's gevent loop and
the server never share a GIL or a patched socket layer, and on a two-core machine each has
a core (``benchmarks/bench_load.py``). A worker started without a target of its own takes
its master's, so on one machine ``load FLOW --worker`` is all a worker needs.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cognito_bench.commands import EXIT_FAILED, EXIT_USAGE
from cognito_bench.commands.run import BadInput, parse_vars, resolve_target

if TYPE_CHECKING:
    from cognito_bench.load.spec import LoadSpec

__all__ = ["run"]

_PROG = "cognito-bench load"


def _check_port(name: str, port: int) -> None:
    if not 1 <= port <= 65535:
        raise BadInput(f"{name} {port} is out of range 1-65535")


def _spec(args: argparse.Namespace) -> tuple[LoadSpec, dict[str, float] | None]:
    """The run the arguments describe, checked (the target is filled in later), and its quotas.

    Raises:
        BadInput: a bad number, option or combination, a flow or data file that does not read.
    """
    from cognito_bench.emulator.quotas import QuotaError, rates_from_options
    from cognito_bench.flows.flowfile import FlowError, load_data, load_flow
    from cognito_bench.load.spec import LoadSpec, SpecError, parse_timespan

    if args.users < 1:
        raise BadInput(f"--users takes a number of users, 1 or more (got {args.users})")
    spawn_rate = float(args.users) if args.spawn_rate is None else args.spawn_rate
    if not 0 < spawn_rate < float("inf"):
        raise BadInput(f"--spawn-rate takes users per second, more than 0 (got {spawn_rate})")
    if not 0 <= args.pacing < float("inf"):
        raise BadInput(f"--pacing takes seconds, 0 or more (got {args.pacing})")
    if args.expect_workers is not None and not args.master:
        raise BadInput("--expect-workers goes with --master")
    if args.expect_workers is not None and args.expect_workers < 1:
        raise BadInput(f"--expect-workers takes 1 or more (got {args.expect_workers})")
    if args.master_host is not None and not args.worker:
        raise BadInput("--master-host goes with --worker")
    if args.master_bind_host is not None and not args.master:
        raise BadInput("--master-bind-host goes with --master")
    if args.worker and (args.csv or args.html or args.web or args.run_time):
        raise BadInput("--csv, --html, --web and --run-time belong to the master, not a worker")
    # A worker without a target takes its master's: only an explicit --local starts one here.
    starts_local = not (args.target or args.profile) and (args.local or not args.worker)
    if (args.quotas or args.quota) and not starts_local:
        raise BadInput("--quotas and --quota apply to the local Cognito this starts (--local)")
    _check_port("--master-port", args.master_port)
    _check_port("--web-port", args.web_port)
    try:
        run_time = parse_timespan(args.run_time) if args.run_time else None
        quotas = rates_from_options(args.quotas, args.quota)
        load_flow(args.flow)
        rows = load_data(args.data) if args.data else []
    except (SpecError, QuotaError, FlowError) as exc:
        raise BadInput(str(exc)) from None
    spec = LoadSpec(
        flow_path=args.flow,
        mode="master" if args.master else "worker" if args.worker else "local",
        users=args.users,
        spawn_rate=spawn_rate,
        run_time=run_time,
        pacing=args.pacing,
        variables=parse_vars(args.var or []),
        rows=rows,
        csv_prefix=args.csv,
        html=args.html,
        web=args.web,
        web_host=args.web_host,
        web_port=args.web_port,
        expect_workers=args.expect_workers or 1,
        master_host=args.master_host or "127.0.0.1",
        master_port=args.master_port,
        master_bind_host=args.master_bind_host or "*",
    )
    return spec, quotas


@contextlib.contextmanager
def _target(
    args: argparse.Namespace, spec: LoadSpec, quotas: dict[str, float] | None
) -> Iterator[None]:
    """Fill in ``spec``'s target for the length of the run (a worker may take its master's)."""
    if args.worker and not (args.local or args.target or args.profile):
        spec.where = "the master's target"
        yield
        return
    with resolve_target(args, quotas=quotas) as (target, extras, where):
        spec.target = spec.target_fields(target)
        spec.extras = extras
        spec.where = where + (f", quotas {_rates(quotas)}" if quotas else "")
        yield


def _rates(rates: dict[str, float]) -> str:
    return ", ".join(f"{k}={v:g}" for k, v in rates.items())


def _wait(child: subprocess.Popen[str]) -> int:
    """The child's exit code; it still writes its reports when the run is interrupted.

    Ctrl-C reaches both processes (one process group); a SIGTERM to this one is passed on.
    """

    def terminate(signum: int, frame: object) -> None:
        child.terminate()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                continue
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(args: argparse.Namespace) -> int:
    """Check, find the target, run the Locust child, return its exit code."""
    from cognito_bench.load.spec import locust_missing, start_child

    missing = locust_missing()
    if missing:
        print(f"{_PROG}: error: {missing}", file=sys.stderr)
        return EXIT_USAGE
    if args.locustfile:
        import importlib.util

        found = importlib.util.find_spec("cognito_bench.load.locustfile")
        assert found is not None and found.origin is not None
        print(found.origin)
        return 0
    if not args.flow:
        print(f"{_PROG}: error: the flow to run is missing (load FLOW.yaml ...)", file=sys.stderr)
        return EXIT_USAGE
    try:
        spec, quotas = _spec(args)
        with _target(args, spec, quotas):
            code = _wait(start_child(spec))
    except BadInput as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return code if code in (0, EXIT_FAILED, EXIT_USAGE) else EXIT_FAILED
