"""Two tokens side by side: which claims were added, removed or changed, times as differences.

Before and after a refresh, two users' tokens, a pasted one against the session's: the
header and payload claims of both, one :class:`ClaimDiff` per claim name, in a stable order
(the header first, then the payload; within each, the first token's order, then what only
the second has). A time claim (``exp``, ``iat``, ``nbf``, ``auth_time``) that changed says by
how much ("+1 h", "-42 min"); a changed number says the difference too.

Never raises: a token that does not decode gives its error and no claims, so the other's
claims show as removed or added.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple

from cognito_bench.tokens.decode import TIME_CLAIMS, as_epoch, decode
from cognito_bench.tokens.humantime import span

__all__ = [
    "TRIGGER",
    "ClaimDiff",
    "TokenDiff",
    "diff_claims",
    "diff_tokens",
    "time_difference",
    "trigger_claims",
]

Kind = Literal["same", "added", "removed", "changed"]

#: Shown for a claim a token does not have.
ABSENT = "—"


class ClaimDiff(NamedTuple):
    """One claim of the two tokens.

    Attributes:
        part: ``header`` or ``payload``.
        name: the claim (``exp``, ``cognito:groups``).
        kind: ``same``, ``added`` (only the second has it), ``removed`` (only the first)
            or ``changed``.
        before: the first token's value as compact JSON text (:data:`ABSENT` when missing).
        after: the second token's value, likewise.
        difference: for a changed time or number, after minus before in words
            ("+1 h", "-30 s"); else "".
    """

    part: str
    name: str
    kind: Kind
    before: str
    after: str
    difference: str = ""


class TokenDiff(NamedTuple):
    """Every claim of two tokens compared, and why a token could not be read.

    Attributes:
        rows: one :class:`ClaimDiff` per claim name (header, then payload).
        before_error: why the first token does not decode ("" when it does).
        after_error: why the second does not.
    """

    rows: list[ClaimDiff]
    before_error: str = ""
    after_error: str = ""

    @property
    def changes(self) -> list[ClaimDiff]:
        """The rows that differ."""
        return [r for r in self.rows if r.kind != "same"]

    def summary(self) -> str:
        """One line: how many claims were added, removed and changed."""
        counts = {kind: sum(1 for r in self.rows if r.kind == kind) for kind in _KINDS}
        if not any(counts[k] for k in ("added", "removed", "changed")):
            return f"Same claims ({counts['same']})."
        words = [f"{counts[k]} {k}" for k in ("changed", "added", "removed") if counts[k]]
        return ", ".join(words) + f"; {counts['same']} the same."


_KINDS: tuple[Kind, ...] = ("same", "added", "removed", "changed")


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def time_difference(seconds: float) -> str:
    """``seconds`` as a signed duration ("+1 h", "-42 min", "±0 s")."""
    if not math.isfinite(seconds):
        return "+forever" if seconds > 0 else "-forever"
    text = span(seconds)
    if not text:
        return "±0 s" if seconds == 0 else f"{seconds:+.3f} s"
    return ("+" if seconds > 0 else "-") + text


def _difference(name: str, before: Any, after: Any) -> str:
    if isinstance(before, bool) or isinstance(after, bool):
        return ""
    if name in TIME_CLAIMS:
        start, end = as_epoch(before), as_epoch(after)
        if start is not None and end is not None:
            return time_difference(end - start)
        return ""
    if isinstance(before, int | float) and isinstance(after, int | float):
        delta = after - before
        return f"{delta:+g}" if math.isfinite(delta) else ""
    return ""


def diff_claims(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, part: str = "payload"
) -> list[ClaimDiff]:
    """Compare two claim sets (a header or a payload) claim by claim."""
    first = dict(before or {})
    second = dict(after or {})
    names = [*first, *(n for n in second if n not in first)]
    rows: list[ClaimDiff] = []
    for name in names:
        has_before, has_after = name in first, name in second
        a, b = first.get(name), second.get(name)
        if has_before and has_after:
            same = _text(a) == _text(b)
            rows.append(
                ClaimDiff(
                    part,
                    name,
                    "same" if same else "changed",
                    _text(a),
                    _text(b),
                    "" if same else _difference(name, a, b),
                )
            )
        elif has_before:
            rows.append(ClaimDiff(part, name, "removed", _text(a), ABSENT))
        else:
            rows.append(ClaimDiff(part, name, "added", ABSENT, _text(b)))
    return rows


def diff_tokens(before: str, after: str) -> TokenDiff:
    """Decode two tokens and compare their headers and payloads (never raises)."""
    first = decode(before, with_times=False)
    second = decode(after, with_times=False)
    rows = [
        *diff_claims(first.header, second.header, "header"),
        *diff_claims(first.payload, second.payload, "payload"),
    ]
    return TokenDiff(rows, first.error, second.error)


#: The trigger that changes tokens (its ``kind`` in a record's ``triggers``).
TRIGGER = "PreTokenGeneration"


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _names(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        return [str(k) for k in value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str)]
    return []


def trigger_claims(invocations: Sequence[Mapping[str, Any]], use: str) -> dict[str, str]:
    """The claims a pre-token-generation trigger's answer named for a token, and what it did.

    Reads each PreTokenGeneration invocation of a call's record (``record.triggers``: the
    local Cognito's): V1_0 ``claimsOverrideDetails`` (the ID token only), V2_0 and V3_0
    ``claimsAndScopeOverrideDetails`` (``idTokenGeneration``, ``accessTokenGeneration`` with
    its scopes), and ``groupOverrideDetails`` (``cognito:groups``). Lenient: what it cannot
    read names nothing.

    Args:
        invocations: the triggers a sign-in ran (each with ``kind`` and ``answer``).
        use: ``id`` or ``access`` (the token's ``token_use``).

    Returns:
        Claim name → ``set by PreTokenGeneration`` (or ``suppressed by``, ``changed by``).
    """
    out: dict[str, str] = {}
    for invocation in invocations:
        if invocation.get("kind") != TRIGGER or invocation.get("error"):
            continue
        answer = _mapping(invocation.get("answer"))
        response = _mapping(answer.get("response", answer))
        details = _mapping(response.get("claimsAndScopeOverrideDetails"))
        if details:
            key = "idTokenGeneration" if use == "id" else "accessTokenGeneration"
            claims = _mapping(details.get(key))
            if use == "access" and (claims.get("scopesToAdd") or claims.get("scopesToSuppress")):
                out["scope"] = f"changed by {TRIGGER}"
        else:
            details = _mapping(response.get("claimsOverrideDetails"))
            claims = details if use == "id" else {}
        for name in _names(claims.get("claimsToAddOrOverride")):
            out[name] = f"set by {TRIGGER}"
        for name in _names(claims.get("claimsToSuppress")):
            out[name] = f"suppressed by {TRIGGER}"
        if _mapping(details.get("groupOverrideDetails")).get("groupsToOverride") is not None:
            out["cognito:groups"] = f"set by {TRIGGER}"
    return out
