"""A step's expectations checked against what it did: one plain line per failure.

``expect`` (already rendered) takes ``ok`` (true or false), ``error`` (a Cognito error code:
the step must fail with it), ``max_ms`` and any number of JMESPath expressions over the
step's view (:mod:`cognito_bench.flows.result`) mapped to the value they must have. A step
without ``ok`` or ``error`` must succeed. Expected text matches a number or a boolean by its
JSON text (``"200"`` matches 200, ``"true"`` matches true), since templates render text.
Tokens and long values are shortened in the failure lines, and secrets are masked: a value
whose expression ends in a secret key (``response.SecretCode``, ``response.Session``,
``response.Credentials.SecretKey``: :func:`~cognito_bench.masking.is_secret_key`), any
value under such a key inside what is shown, and any value equal to a secret of the run.
A report never holds a token or a secret.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from typing import Any

import jmespath

from cognito_bench.masking import contains_token, is_secret_entry, is_secret_key

__all__ = ["check_expectations", "last_key", "shown"]

_SHOWN = 120
#: A JMESPath identifier, quoted or not.
_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`")
_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"|([A-Za-z_][A-Za-z0-9_]*)')


def last_key(expression: str) -> str:
    """The last key an expression names (``response.Credentials.SecretKey`` → ``SecretKey``;
    ``length(response.Session)`` → ``Session``), "" when it names none."""
    bare = _LITERAL.sub(" ", expression)
    keys = [quoted or plain for quoted, plain in _KEY.findall(bare)]
    return keys[-1] if keys else ""


def _secret(value: Any) -> str:
    return f"<secret, {len(value)} chars>" if isinstance(value, str) else "<secret>"


def _masked(value: Any, secrets: Collection[str]) -> Any:
    """``value`` with what sits under a secret key, or equals a secret, replaced."""
    if isinstance(value, str):
        return _secret(value) if value in secrets else value
    if isinstance(value, Mapping):
        return {
            k: _secret(v) if is_secret_entry(str(k), v) and v else _masked(v, secrets)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_masked(v, secrets) for v in value]
    return value


def shown(value: Any, key: str = "", secrets: Collection[str] = ()) -> str:
    """``value`` as a short line for a report: JSON, secrets and tokens masked, long text cut.

    Args:
        value: what to show.
        key: the expression it came from: ending in a secret key, the value is masked
            whole (unless it is null or a boolean, which hold no secret).
        secrets: values to mask wherever they appear (the run's secrets).
    """
    if value is not None and not isinstance(value, bool) and is_secret_key(last_key(key)):
        return _secret(value)
    if isinstance(value, str) and value in secrets:
        return _secret(value)
    if isinstance(value, str) and contains_token(value):
        return f"<a token, {len(value)} chars>"
    text = json.dumps(_masked(value, secrets), ensure_ascii=False, default=str)
    if contains_token(text):
        return "<a value holding a token>"
    for secret in secrets:
        if len(secret) >= 4 and secret in text:
            return "<a value holding a secret>"
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


def check_expectations(
    expect: Mapping[str, Any] | None,
    view: Mapping[str, Any],
    *,
    secrets: Collection[str] = (),
) -> list[str]:
    """The expectations ``view`` does not meet, one line each (empty: the step passed).

    Args:
        expect: the step's rendered ``expect`` (None: it must succeed).
        view: the step's view.
        secrets: the run's secret values (masked in the lines).
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
            failures.append(
                f"{key}: expected {shown(expected, key, secrets)}, "
                f"got {shown(actual, key, secrets)}"
            )
    return failures
