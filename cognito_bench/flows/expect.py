"""A step's expectations checked against what it did: one plain line per failure.

``expect`` (already rendered) takes ``ok`` (true or false), ``error`` (a Cognito error code:
the step must fail with it), ``max_ms`` and any number of JMESPath expressions over the
step's view (:mod:`cognito_bench.flows.result`) mapped to the value they must have. A step
without ``ok`` or ``error`` must succeed. Expected text matches a number or a boolean by its
JSON text (``"200"`` matches 200, ``"true"`` matches true), since templates render text.
Tokens and long values are shortened in the failure lines: a report never holds a token.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import jmespath

__all__ = ["check_expectations", "shown"]

_SHOWN = 120


def shown(value: Any) -> str:
    """``value`` as a short line for a report: JSON, tokens masked, long text cut."""
    from cognito_bench.store.redact import contains_token

    if isinstance(value, str) and contains_token(value):
        return f"<a token, {len(value)} chars>"
    text = json.dumps(value, ensure_ascii=False, default=str)
    if contains_token(text):
        return "<a value holding a token>"
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _matches(actual: Any, expected: Any) -> bool:
    if actual == expected and type(actual) is type(expected):
        return True
    if isinstance(expected, bool) or isinstance(actual, bool):
        return _as_text(actual) == _as_text(expected)
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return float(actual) == float(expected)
    if isinstance(expected, str) and not isinstance(actual, str | dict | list):
        return _as_text(actual) == expected
    return bool(actual == expected)


def check_expectations(expect: Mapping[str, Any] | None, view: Mapping[str, Any]) -> list[str]:
    """The expectations ``view`` does not meet, one line each (empty: the step passed).

    Args:
        expect: the step's rendered ``expect`` (None: it must succeed).
        view: the step's view.
    """
    expect = dict(expect or {})
    failures: list[str] = []
    ok = bool(view.get("ok"))
    code = view.get("error")
    detail = f"{code}: {view.get('message', '')}".strip() if code else "OK"
    wanted_error = expect.get("error")
    wanted_ok = expect.get("ok", wanted_error is None)
    if wanted_error is not None:
        if ok:
            failures.append(f"expected error {wanted_error}, got OK")
        elif code != wanted_error:
            failures.append(f"expected error {wanted_error}, got {detail}")
    elif wanted_ok and not ok:
        failures.append(f"expected OK, got {detail}")
    elif not wanted_ok and ok:
        failures.append("expected the call to fail, got OK")
    max_ms = expect.get("max_ms")
    ms = float(view.get("ms") or 0.0)
    if isinstance(max_ms, int | float) and not isinstance(max_ms, bool) and ms > max_ms:
        failures.append(f"took {ms:,.0f} ms, more than max_ms {max_ms:,}")
    for key, expected in expect.items():
        if key in ("ok", "error", "max_ms"):
            continue
        try:
            actual = jmespath.search(key, dict(view))
        except jmespath.exceptions.JMESPathTypeError:
            # A function given what the step did not return (starts_with of a missing
            # value, after a failed call): no value, so the expectation is missed.
            actual = None
        if not _matches(actual, expected):
            failures.append(f"{key}: expected {shown(expected)}, got {shown(actual)}")
    return failures
