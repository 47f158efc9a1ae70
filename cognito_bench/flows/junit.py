"""Flow runs as a JUnit XML report (what Jenkins, GitLab and GitHub's test reporters read).

Written with junitparser: a ``testsuite`` per flow run (per data row), a ``testcase`` per
step (``1 sign_up``, class name the flow's name, time in seconds), a ``failure`` whose
message is the first expectation missed and whose text has every expected-versus-got line
and the record's error line, ``skipped`` for steps a ``--bail`` never ran, a failed
``vars`` case for a run whose variables could not be made (a helper had no value), an ``error`` for a
flow that stopped on bad input. Every text goes through the run's mask first: no password,
secret or token reaches the report.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Sequence
from pathlib import Path

from junitparser import Error, Failure, JUnitXml, Skipped, TestCase, TestSuite

from cognito_bench.flows.runner import FlowRun

__all__ = ["BrokenRun", "junit_report", "write_junit"]


class BrokenRun:
    """A flow that stopped on bad input (a template error): reported as a JUnit ``error``.

    Args:
        name: the flow's name (or file).
        path: the flow file.
        message: the one-line error (``FILE:LINE: cause``).
    """

    def __init__(self, name: str, path: str, message: str) -> None:
        self.name = name
        self.path = path
        self.message = message


def _suite_name(run: FlowRun) -> str:
    return f"{run.flow.name} [{run.label}]" if run.label else run.flow.name


def _suite(run: FlowRun, host: str) -> TestSuite:
    suite = TestSuite(_suite_name(run))
    suite.hostname = host
    suite.timestamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(run.started_at))
    suite.add_property("file", run.flow.path)
    suite.add_property("run.id", run.run_id)
    target = run.outcomes[0].records[0].target if run.outcomes and run.outcomes[0].records else None
    if target is not None:
        for key in ("region", "user_pool_id", "client_id", "endpoint_url"):
            value = getattr(target, key)
            if value:
                suite.add_property(f"target.{key}", value)
    ran = {o.step.index for o in run.outcomes}
    if run.error:  # a helper in vars or target had no value: the run failed before its steps
        case = TestCase("vars", run.flow.name, 0.0)
        failure = Failure(run.mask(run.error), "FlowInputError")
        failure.text = run.mask(run.error)
        case.result = [failure]
        suite.add_testcase(case)
    for outcome in run.outcomes:
        case = TestCase(outcome.step.title, run.flow.name, round(outcome.ms / 1000, 4))
        if not outcome.passed:
            lines = [*outcome.failures]
            error = outcome.error_line()
            if error:
                lines.append(f"record: {error}")
            lines.append(f"operation: {outcome.operation} ({outcome.ms:.0f} ms)")
            failure = Failure(run.mask(outcome.failures[0]), "ExpectationFailed")
            failure.text = run.mask("\n".join(lines))
            case.result = [failure]
        case.system_out = run.mask(
            f"{outcome.operation} {outcome.view.get('status')} {outcome.ms:.0f} ms "
            f"({run.flow.path}:{outcome.step.line})"
        )
        suite.add_testcase(case)
    for step in run.flow.steps:
        if step.index not in ran:
            case = TestCase(step.title, run.flow.name, 0.0)
            reason = (
                "not run: the flow's vars could not be made"
                if run.error
                else "not run: an earlier step failed (--bail)"
            )
            case.result = [Skipped(reason)]
            suite.add_testcase(case)
    suite.update_statistics()  # type: ignore[no-untyped-call]
    suite.time = round(run.ms / 1000, 4)
    return suite


def junit_report(runs: Sequence[FlowRun | BrokenRun]) -> JUnitXml:
    """The report of ``runs`` (in order)."""
    xml = JUnitXml("cognito-bench run")
    host = socket.gethostname()
    for run in runs:
        if isinstance(run, BrokenRun):
            suite = TestSuite(run.name)
            suite.hostname = host
            suite.add_property("file", run.path)
            case = TestCase("flow file", run.name, 0.0)
            case.result = [Error(run.message, "BadInput")]
            suite.add_testcase(case)
            suite.update_statistics()  # type: ignore[no-untyped-call]
            xml.add_testsuite(suite)
        else:
            xml.add_testsuite(_suite(run, host))
    xml.update_statistics()  # type: ignore[no-untyped-call]
    return xml


def write_junit(runs: Sequence[FlowRun | BrokenRun], path: Path | str) -> None:
    """Write the JUnit XML report of ``runs`` to ``path`` (atomically).

    Raises:
        OSError: the file could not be written.
    """
    from cognito_bench.store.atomic import atomic_write

    report = junit_report(runs)
    target = Path(path)
    if target.parent and not target.parent.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
    declaration = b'<?xml version="1.0" encoding="utf-8"?>\n'
    text: bytes = report.tostring()  # type: ignore[no-untyped-call]
    atomic_write(target, declaration + text + b"\n", mode=0o644)
