"""`cognito-bench run FLOW.yaml...`: replay flows, one progress line per step, JUnit on request.

Exit 0 when every step of every flow passed, 1 when a step failed, 2 for bad input (a flow
file that does not read, a bad ``--var``, a target that cannot be had, a template that does
not render). Every flow file is read and checked before anything runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from cognito_bench.commands import EXIT_FAILED, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from cognito_bench.aws.target import Target
    from cognito_bench.flows.flowfile import Flow
    from cognito_bench.flows.runner import FlowRun, StepOutcome

__all__ = ["BadInput", "list_steps", "parse_vars", "resolve_target", "run"]

_PROG = "cognito-bench run"


class BadInput(Exception):
    """One line for stderr, exit 2."""


def list_steps() -> str:
    """Every step with its inputs (``--list-steps``)."""
    from cognito_bench.flows.steps import NO_STEP, STEPS

    lines: list[str] = []
    for step in STEPS.values():
        lines.append(f"{step.name}  ({step.group}: {step.label})  {step.doc}")
        for spec in step.inputs:
            notes = [
                n
                for n in ("required" if spec.required else "", "secret" if spec.secret else "")
                if n
            ]
            if spec.choices:
                notes.append("one of " + ", ".join(repr(c) for c in spec.choices))
            if spec.kind == "bool":
                notes.append("true or false")
            extra = f" [{'; '.join(notes)}]" if notes else ""
            lines.append(f"    {spec.name}: {spec.help}{extra}")
    lines.append("")
    lines.append("Window buttons without a step:")
    lines.extend(f"  {action}Button  {why}" for action, why in NO_STEP.items())
    return "\n".join(lines)


def parse_vars(pairs: list[str]) -> dict[str, str]:
    """``--var NAME=VALUE`` pairs as a mapping.

    Raises:
        BadInput: a pair without ``=`` or a name that is not an identifier.
    """
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise BadInput(f"--var takes NAME=VALUE (got {pair!r})")
        out[name] = value
    return out


def _target_file(path: str) -> tuple[Target, dict[str, str]]:
    from cognito_bench.flows.targets import TargetError, target_file

    try:
        return target_file(path)
    except TargetError as exc:
        raise BadInput(str(exc)) from None


def _profile_target(name: str) -> tuple[Target, dict[str, str]]:
    from cognito_bench.flows.targets import TargetError, profile_target

    try:
        return profile_target(name)
    except TargetError as exc:
        raise BadInput(str(exc)) from None


@contextmanager
def resolve_target(
    args: argparse.Namespace, quotas: dict[str, float] | None = None
) -> Iterator[tuple[Target, dict[str, str], str]]:
    """The target of the run, more names for templates, and a line saying what it is.

    ``--local`` (the default) runs the embedded local Cognito for the length of the run,
    with ``quotas`` (request rates per category) when given, and the Lambda triggers of
    ``--trigger`` / ``--config`` (or ``./cognito-bench.toml``).
    """
    if args.target:
        target, extras = _target_file(args.target)
        yield (
            target,
            extras,
            f"target {args.target} ({target.endpoint_url or 'AWS ' + target.region})",
        )
        return
    if args.profile:
        target, extras = _profile_target(args.profile)
        yield target, extras, f"profile {args.profile}"
        return
    from cognito_bench.commands.local import trigger_config
    from cognito_bench.emulator import LocalCognito
    from cognito_bench.emulator.triggers import TriggerConfigError

    try:
        # The project file's [triggers] (./cognito-bench.toml) and --trigger, as `local` does.
        triggers = trigger_config(args)
    except TriggerConfigError as exc:
        raise BadInput(str(exc)) from None
    local = LocalCognito(quotas=quotas, triggers=triggers)
    try:
        started = local.start()
    except OSError as exc:
        raise BadInput(f"the local Cognito could not start: {exc}") from None
    try:
        extras = {k: v for k, v in started.to_json().items() if isinstance(v, str)}
        yield started.target(), extras, f"local Cognito {started.endpoint_url}"
    finally:
        local.stop()


def _progress(outcome: StepOutcome, run: FlowRun) -> None:
    """One line per step as it ends (masked)."""
    print(run.mask(outcome.line()), flush=True)


def _load(paths: list[str]) -> list[Flow]:
    from cognito_bench.flows.flowfile import FlowError, load_flow

    flows: list[Flow] = []
    for path in paths:
        try:
            flows.append(load_flow(path))
        except FlowError as exc:
            raise BadInput(str(exc)) from None
    return flows


def run(args: argparse.Namespace) -> int:
    """Replay the flows; print progress; write the JUnit report when asked."""
    if args.list_steps:
        print(list_steps())
        return EXIT_OK
    if not args.flows:
        print(f"{_PROG}: error: give at least one FLOW.yaml (or --list-steps)", file=sys.stderr)
        return EXIT_USAGE
    try:
        if (args.trigger or args.config or args.pre_token_version) and (
            args.target or args.profile
        ):
            raise BadInput("--trigger and --config apply to the local Cognito (--local) only")
        variables = parse_vars(args.var or [])
        flows = _load(args.flows)
        rows: list[dict[str, str]] = [{}]
        if args.data:
            from cognito_bench.flows.flowfile import FlowError, load_data

            try:
                rows = load_data(args.data)
            except FlowError as exc:
                raise BadInput(str(exc)) from None
        return _run_all(args, flows, rows, variables)
    except BadInput as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run_all(
    args: argparse.Namespace,
    flows: list[Flow],
    rows: list[dict[str, str]],
    variables: dict[str, str],
) -> int:
    from cognito_bench.flows.flowfile import FlowError
    from cognito_bench.flows.junit import BrokenRun
    from cognito_bench.flows.runner import run_flow
    from cognito_bench.flows.steps import CORE, ensure_imported

    ensure_imported(*CORE)
    runs: list[FlowRun | BrokenRun] = []
    broken = False
    t0 = time.perf_counter()
    with resolve_target(args) as (target, extras, where):
        for flow in flows:
            for index, row in enumerate(rows):
                label = f"row {index + 1}" if args.data else ""
                print(
                    f"{flow.name} ({flow.path}){' · ' + label if label else ''} · {where}",
                    flush=True,
                )
                try:
                    done = run_flow(
                        flow,
                        target,
                        variables={**row, **variables},
                        label=label,
                        bail=args.bail,
                        on_step=_progress,
                        extra_target=extras,
                    )
                except FlowError as exc:
                    print(f"{_PROG}: error: {exc}", file=sys.stderr)
                    runs.append(BrokenRun(flow.name, flow.path, str(exc)))
                    broken = True
                    break
                if done.error:  # a helper in vars had no value: the run failed, exit 1
                    print(f"{_PROG}: {done.mask(done.error)}", file=sys.stderr, flush=True)
                runs.append(done)
                if args.bail and not done.passed:
                    break
            if broken or (args.bail and runs and not _passed(runs[-1])):
                break
    _summary(runs, time.perf_counter() - t0)
    if args.junit:
        from cognito_bench.flows.junit import write_junit

        try:
            write_junit(runs, args.junit)
        except OSError as exc:
            print(
                f"{_PROG}: error: cannot write {args.junit}: {exc.strerror or exc}", file=sys.stderr
            )
            return EXIT_USAGE
    if broken:
        return EXIT_USAGE
    return EXIT_OK if all(_passed(r) for r in runs) else EXIT_FAILED


def _passed(run: Any) -> bool:
    return bool(getattr(run, "passed", False))


def _summary(runs: list[Any], seconds: float) -> None:
    from cognito_bench.flows.runner import FlowRun

    done = [r for r in runs if isinstance(r, FlowRun)]
    steps = [o for r in done for o in r.outcomes]
    passed = sum(o.passed for o in steps)
    failed = len(steps) - passed
    skipped = sum(len(r.flow.steps) - len(r.outcomes) for r in done)
    parts = [f"{passed} passed", f"{failed} failed"]
    if skipped:
        parts.append(f"{skipped} not run")
    print(f"{', '.join(parts)} ({len(runs)} flow run(s), {seconds:.1f} s)", flush=True)
