"""A flow step's outcome as a Locust request: its name, and the failure it is recorded as.

Locust-free, so the rules are tested without gevent. A failed step becomes a
:class:`StepFailed` whose text is only what failed, the error code
(``StepFailed('NotAuthorizedException')``) or the expectation missed
(``StepFailed('tokens.id.claims.email: not as expected')``), never a value: Locust's failure
table groups failures by that text (one row per step and cause, not one per username), and
no report holds a password, code or token. Throttling is :class:`Throttled`, so its rows
stand apart from the other failures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cognito_bench.flows.flowfile import FlowStep
    from cognito_bench.flows.runner import StepOutcome

__all__ = [
    "THROTTLE_CODES",
    "StepFailed",
    "Throttled",
    "error_code",
    "failure_of",
    "is_throttle",
    "request_name",
]

#: Error codes that mean "slow down": Cognito's, other AWS services', S3's.
THROTTLE_CODES = frozenset({"TooManyRequestsException", "ThrottlingException", "SlowDown"})


class StepFailed(Exception):
    """A failed step, by what failed: its error code or the expectation it missed (no values)."""


class Throttled(StepFailed):
    """A step the service throttled (TooManyRequestsException): counted apart from failures."""


def _cause(line: str) -> str:
    """A failure line without its values: what a failure table can group by."""
    if line.startswith("took ") and "max_ms" in line:
        return "slower than max_ms"
    if ": expected " in line:
        return f"{line.split(': expected ', 1)[0]}: not as expected"
    return line


def failure_of(outcome: StepOutcome) -> StepFailed | None:
    """The exception Locust records for ``outcome`` (None: it passed)."""
    if outcome.passed:
        return None
    for record in outcome.records:
        if record.error_code in THROTTLE_CODES or record.http_status == 429:
            return Throttled(record.error_code or "HTTP 429")
    code = outcome.view.get("error")
    if code:
        return StepFailed(str(code))
    return StepFailed(_cause(outcome.failures[0]) if outcome.failures else "failed")


def is_throttle(error: str) -> bool:
    """True for a failure table's error text that is a :class:`Throttled`."""
    return error.startswith(f"{Throttled.__name__}(")


def error_code(error: str) -> tuple[str, bool]:
    """The cause in a failure table's error text, and whether it is throttling.

    ``StepFailed('NotAuthorizedException')`` is ``("NotAuthorizedException", False)``,
    ``Throttled('TooManyRequestsException')`` is ``("TooManyRequestsException", True)``;
    another text (an exception the flow engine did not expect) is itself.
    """
    for cls in (Throttled, StepFailed):
        prefix = f"{cls.__name__}("
        if error.startswith(prefix) and error.endswith(")"):
            inner = error[len(prefix) : -1]
            if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "'\"":
                inner = inner[1:-1]
            return inner, cls is Throttled
    return error, False


def request_name(step: FlowStep, steps: int) -> str:
    """The step's title; a default one (``3 sign_in_srp``) numbered to sort in flow order.

    Locust's tables sort by name: ``10 get_user`` would come before ``2 confirm_sign_up``,
    so in a flow of ten or more steps the number gets leading zeros (``02 confirm_sign_up``).
    """
    if step.title != f"{step.index + 1} {step.name}":
        return step.title
    return f"{step.index + 1:0{len(str(steps))}d} {step.name}"
