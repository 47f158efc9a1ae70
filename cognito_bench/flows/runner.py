"""Runs a flow: each step's templates rendered, its step performed, its expectations checked.

``run_flow(flow, target)`` returns a :class:`FlowRun`: an outcome per step (its records,
its view, pass or fail with one line per failed expectation) and the session it ended with.
A template that cannot be rendered (an undefined name, ``1/0``) is bad input:
:class:`~cognito_bench.flows.flowfile.FlowError` with the file and line, nothing more runs.
A helper that cannot give a value (no code in the outbox) fails at run time: in a step's
input or ``expect`` that step fails (``FlowInputError``); in ``vars`` or ``target`` the run
fails before its first step (:attr:`FlowRun.error`). A step that fails does not stop the flow unless ``bail`` is set (Newman's way: later
steps report their own failures).

The same function serves the command line, the window's Flows pane (``on_step`` reports
each step as it ends, from the worker thread), a pytest test and a load test's user.
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cognito_bench.flows.expect import check_expectations
from cognito_bench.flows.flowfile import Flow, FlowError, FlowStep
from cognito_bench.flows.result import step_view
from cognito_bench.flows.session import Session
from cognito_bench.flows.steps import form_from_inputs, perform
from cognito_bench.flows.template import (
    HelperFailed,
    TemplateProblem,
    Templates,
    helper,
    new_run_id,
)
from cognito_bench.masking import is_secret_entry

if TYPE_CHECKING:
    from cognito_bench.aws.record import CallRecord
    from cognito_bench.aws.target import Target

__all__ = ["FlowRun", "Outbox", "StepOutcome", "flow_env", "run_flow", "totp_code"]


@dataclass
class StepOutcome:
    """What one step of a flow did.

    Attributes:
        step: the flow's step.
        inputs: the inputs as rendered (secrets included: never write them out as they are;
            :attr:`FlowRun.secrets` lists the values to mask).
        records: the calls it made.
        view: the JSON its expectations were checked against.
        failures: one line per expectation it missed (empty: it passed).
        ms: its time (its calls' times).
    """

    step: FlowStep
    inputs: dict[str, Any]
    records: list[CallRecord]
    view: dict[str, Any]
    failures: list[str] = field(default_factory=list)
    ms: float = 0.0

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.failures

    @property
    def operation(self) -> str:
        """The operations it made, ``+``-joined (``GetId+GetCredentialsForIdentity``)."""
        return "+".join(r.operation for r in self.records) or self.step.name

    def line(self) -> str:
        """One progress line: PASS or FAIL, the step, its operations, its time, the failure."""
        word = "PASS" if self.passed else "FAIL"
        line = f"  {word}  {self.step.title:<28} {self.operation:<34} {self.ms:>7.0f} ms"
        if self.failures:
            line += f"  {self.failures[0]}"
            if len(self.failures) > 1:
                line += f" (+{len(self.failures) - 1} more)"
        return line

    def error_line(self) -> str:
        """The first failed record's one line, or ""."""
        failed = next((r for r in self.records if not r.ok), None)
        return failed.one_line() if failed is not None else ""


@dataclass
class FlowRun:
    """One run of a flow.

    Attributes:
        flow: the flow.
        run_id: ``run.id`` for this run.
        variables: the flow's variables as rendered.
        outcomes: one per step that ran (fewer than the flow's steps after a bail).
        session: the session after the last step.
        secrets: rendered values of secret inputs and the client secret: what a report masks.
        label: which run this is (a data row: ``row 2``), "" for a plain run.
        started_at: epoch seconds.
        ms: the whole run's wall time.
        error: why no step ran (``FILE:LINE: vars.code: the outbox has no code for
            'ann'``: a helper in ``vars`` or ``target`` had no value), "" otherwise.
    """

    flow: Flow
    run_id: str
    variables: dict[str, Any]
    outcomes: list[StepOutcome] = field(default_factory=list)
    session: Session = field(default_factory=Session)
    secrets: set[str] = field(default_factory=set)
    label: str = ""
    started_at: float = field(default_factory=time.time)
    ms: float = 0.0
    error: str = ""

    @property
    def passed(self) -> bool:
        """True when every step ran and passed."""
        if self.error:
            return False
        return len(self.outcomes) == len(self.flow.steps) and all(o.passed for o in self.outcomes)

    @property
    def failed(self) -> list[StepOutcome]:
        """The steps that failed."""
        return [o for o in self.outcomes if not o.passed]

    def report(self) -> str:
        """One line per step (PASS or FAIL, its operations, its time, what failed), masked."""
        lines = [f"{self.flow.name} ({self.flow.path}), run {self.run_id}"]
        if self.error:
            lines.append(f"  FAIL  {self.error}")
        for o in self.outcomes:
            lines.append(o.line())
            lines.extend(f"        {failure}" for failure in o.failures[1:])
        skipped = len(self.flow.steps) - len(self.outcomes)
        if skipped:
            lines.append(f"  {skipped} step(s) not run")
        return self.mask("\n".join(lines))

    def mask(self, text: str) -> str:
        """``text`` with this run's secret values and any token masked."""
        from cognito_bench.store.redact import redact_text

        for secret in sorted(self.secrets, key=len, reverse=True):
            if len(secret) >= 4:
                text = text.replace(secret, "***")
        return redact_text(text)


class Outbox:
    """``outbox.last_code(username)`` in templates: the local Cognito's newest code.

    Reads ``GET {endpoint}/_bench/outbox``; the user is matched by username, then by the
    address a code went to (a pool whose usernames are e-mail addresses keeps another
    internal name). A target without an outbox (real AWS) gives a one-line error.
    """

    def __init__(self, target: Target, timeout: float = 5.0) -> None:
        self._target = target
        self._timeout = timeout

    def _messages(self, query: str) -> list[dict[str, Any]]:
        endpoint = self._target.endpoint_url.rstrip("/")
        if not endpoint.startswith(("http://", "https://")):
            raise ValueError("outbox.last_code needs the local Cognito (this target has no outbox)")
        url = f"{endpoint}/_bench/outbox{query}"
        try:
            with urllib.request.urlopen(url, timeout=self._timeout) as answer:  # noqa: S310
                data = json.loads(answer.read().decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"the outbox at {endpoint} could not be read ({exc})") from None
        items = data.get("messages", []) if isinstance(data, dict) else data
        return [m for m in items if isinstance(m, dict)] if isinstance(items, list) else []

    @helper
    def last_code(self, username: str, purpose: str = "") -> str:
        """The newest code sent to ``username`` (optionally for one ``purpose``)."""
        name = str(username)
        wanted = str(purpose).upper()

        def pick(messages: Iterable[dict[str, Any]]) -> str:
            for message in reversed(list(messages)):
                pool = message.get("pool_id")
                if pool and self._target.user_pool_id and pool != self._target.user_pool_id:
                    continue
                if wanted and message.get("purpose") != wanted:
                    continue
                if message.get("code"):
                    return str(message["code"])
            return ""

        code = pick(self._messages("?" + urllib.parse.urlencode({"username": name})))
        if not code:
            code = pick(
                m
                for m in self._messages("")
                if str(m.get("destination", "")).lower() == name.lower()
            )
        if not code:
            raise ValueError(
                f"the outbox has no code for {name!r}" + (f" ({wanted})" if wanted else "")
            )
        return code


#: Parts of a variable name that mark another tool's secret (AWS keys, CI tokens).
_SECRET_NAME = re.compile(r"SECRET|TOKEN|PASSW|PASSPHRASE|CREDENTIAL|PRIVATE|(^|_)KEYS?($|_)")


def flow_env(environ: Mapping[str, str]) -> dict[str, str]:
    """What a flow's ``env`` holds: the environment, minus other tools' secrets.

    A flow from someone else could send what it reads to an endpoint of its choosing, so a
    variable whose name looks like a secret (``AWS_SECRET_ACCESS_KEY``, ``GITHUB_TOKEN``,
    ``DB_PASSWORD``) is left out unless its name starts with ``QA_``: the prefix that says
    "this one is for flows" (``QA_PASSWORD``).
    """
    return {
        name: value
        for name, value in environ.items()
        if name.startswith("QA_") or not _SECRET_NAME.search(name.upper())
    }


def totp_code(secret: str, offset: int = 0) -> str:
    """The 6-digit TOTP code for ``secret`` (RFC 6238, as authenticator apps make it).

    Args:
        secret: the base32 secret AssociateSoftwareToken returned.
        offset: 30-second steps from now: 1 is the next code, which Cognito accepts too
            (it allows a step of clock skew) and which differs from one just used.
    """
    import pyotp

    if not secret:
        raise ValueError("no TOTP secret in the session: run totp_setup first")
    if offset not in (-1, 0, 1):
        raise ValueError("totp.code(offset): offset is -1, 0 or 1")
    totp = pyotp.TOTP(secret)
    return str(totp.at(time.time() + offset * totp.interval))


class _Totp:
    """``totp.code()`` in templates: a code for the session's TOTP secret."""

    def __init__(self, session: Callable[[], Session]) -> None:
        self._session = session

    @helper
    def code(self, offset: int = 0) -> str:
        return totp_code(self._session().totp_secret, int(offset))


def _mentions(flow: Flow, words: tuple[str, ...]) -> bool:
    """True when any text or expectation of ``flow`` holds one of ``words``."""

    def texts(value: Any) -> Iterable[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, Mapping):
            for key, item in value.items():
                yield str(key)
                yield from texts(item)
        elif isinstance(value, list):
            for item in value:
                yield from texts(item)

    parts = [flow.vars, flow.target] + [[s.inputs, s.expect or {}] for s in flow.steps]
    return any(word in text for text in texts(parts) for word in words)


class _Unready(Exception):
    """A helper could not give a value: a step's input (the step fails, the flow goes on),
    or a variable (the run fails before its first step)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _returned_secrets(records: Iterable[CallRecord]) -> set[str]:
    """The secret values the calls returned (a TOTP secret, AWS keys, a challenge session):
    what a report of this run must mask besides the inputs."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(item, str) and is_secret_entry(str(key), item):
                    if len(item) >= 4:
                        found.add(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for record in records:
        walk(record.response)
    return found


def _unready(flow_step: FlowStep, message: str, target: Target) -> CallRecord:
    """The record of a step that could not run because an input could not be made."""
    from cognito_bench.aws.record import CallRecord

    return CallRecord(
        operation=flow_step.step.name,
        error_code="FlowInputError",
        error_message=message,
        explanation="A template helper could not make this step's input, so the step was not "
        "run. Fix: the earlier steps it depends on (a code is in the outbox only after the "
        "call that sends it succeeded), or the helper's arguments.",
        label=flow_step.title,
        target=target,
    )


def _target_context(target: Target) -> dict[str, str]:
    data = target.to_json()
    data["client_secret"] = target.client_secret  # for "{{ target.client_secret }}"
    data["issuer"] = target.issuer if target.user_pool_id else ""
    return data


def run_flow(
    flow: Flow,
    target: Target,
    *,
    variables: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    run_id: str = "",
    user_index: int = 0,
    label: str = "",
    bail: bool = False,
    on_step: Callable[[StepOutcome, FlowRun], None] | None = None,
    extra_target: Mapping[str, str] | None = None,
) -> FlowRun:
    """Run ``flow`` against ``target`` and return what each step did.

    Args:
        flow: a checked flow (:func:`~cognito_bench.flows.flowfile.load_flow`).
        target: where the calls go; the flow's ``target`` section may change fields.
        variables: values that override the flow's ``vars`` (``--var``, a ``--data`` row).
        env: the environment ``env`` is made from (default: this process's); other tools'
            secrets are left out (:func:`flow_env`).
        run_id: ``run.id`` (default: a new short id).
        user_index: ``user.index`` (a load test's simulated user).
        label: names this run in reports (``row 2``).
        bail: stop after the first failed step.
        on_step: called with each outcome and the run as a step ends (from the calling
            thread); ``run.mask`` masks what it prints.
        extra_target: more names for ``target`` in templates (the JSON line of
            ``cognito-bench local``: ``client_id_with_secret``, ``machine_client_secret``...).

    Raises:
        FlowError: a template could not be rendered (FILE:LINE: cause); steps before it ran.
    """
    run = FlowRun(flow=flow, run_id=run_id or new_run_id(), variables={}, label=label)
    t0 = time.perf_counter()
    extras = dict(extra_target or {})

    def names_of(current: Target) -> dict[str, str]:
        # The target's own fields, and the extra names for what it leaves empty (the local
        # Cognito's client secret is for its other client: "{{ target.client_secret }}").
        own = _target_context(current)
        return {**extras, **{k: v for k, v in own.items() if v or k not in extras}}

    target_names = names_of(target)
    views: list[dict[str, Any]] = []
    context: dict[str, Any] = {
        "env": flow_env(os.environ if env is None else env),
        "run": {"id": run.run_id, "index": 0},
        "user": {"index": user_index},
        "target": target_names,
        "outbox": Outbox(target),
        "totp": _Totp(lambda: run.session),
        "steps": views,
        "last": None,
    }
    templates = Templates(context)
    given = dict(variables or {})
    wants_checks = _mentions(flow, ("checks", "valid"))

    def render(value: Any, where: str, line: int) -> Any:
        try:
            return templates.render(value)
        except HelperFailed as exc:
            raise _Unready(f"{where}: {exc}", line) from None
        except TemplateProblem as exc:
            raise FlowError(flow.path, line, f"{where}: {exc}") from None

    try:
        for name, value in flow.vars.items():
            rendered = (
                given[name]
                if name in given
                else render(value, f"vars.{name}", flow.lines.get(name, 0))
            )
            run.variables[name] = rendered
            context[name] = rendered
        for name, value in given.items():
            run.variables.setdefault(name, value)
            context.setdefault(name, value)
        context["vars"] = run.variables
        overrides = {
            key: str(render(value, f"target.{key}", flow.lines.get(f"target.{key}", 0)))
            for key, value in flow.target.items()
        }
    except _Unready as exc:
        # The flow file is fine; this run cannot start (a code not in the outbox yet).
        run.error = str(FlowError(flow.path, exc.line, str(exc)))
        run.ms = (time.perf_counter() - t0) * 1000
        return run
    if overrides:
        target = target.replace(**overrides)
        target_names.update(names_of(target))
    if target.client_secret:
        run.secrets.add(target.client_secret)

    for flow_step in flow.steps:
        try:
            inputs = {
                key: render(
                    value, f"{flow_step.name}.{key}", flow_step.lines.get(key) or flow_step.line
                )
                for key, value in flow_step.inputs.items()
            }
        except _Unready as exc:
            inputs, records = {}, [_unready(flow_step, str(exc), target)]
        else:
            for spec in flow_step.step.inputs:
                if spec.secret and isinstance(inputs.get(spec.name), str) and inputs[spec.name]:
                    run.secrets.add(inputs[spec.name])
            form = form_from_inputs(flow_step.step, inputs, target)
            records = perform(flow_step.step, form, run.session)
        username = str(inputs.get("username", "")) if "username" in inputs else ""
        for record in records:
            run.session, _change = run.session.absorb(record, username)
        run.secrets |= _returned_secrets(records)
        view = step_view(records, checks=wants_checks)
        views.append(view)
        context["last"] = view
        try:
            expect = (
                render(flow_step.expect, f"{flow_step.name}.expect", flow_step.line)
                if flow_step.expect is not None
                else None
            )
        except _Unready as exc:
            failures = [f"the expectation could not be made: {exc}"]
        else:
            failures = check_expectations(expect, view, secrets=run.secrets)
        outcome = StepOutcome(
            step=flow_step,
            inputs=inputs,
            records=records,
            view=view,
            failures=failures,
            ms=float(view["ms"]),
        )
        run.outcomes.append(outcome)
        if on_step is not None:
            on_step(outcome, run)
        if bail and not outcome.passed:
            break
    run.ms = (time.perf_counter() - t0) * 1000
    return run
