"""What one step did, as the JSON a flow's expectations and templates read.

The view of a step (``expect`` keys are JMESPath expressions over it; a template sees it as
``steps[N]`` and ``last``)::

    {"ok": true, "error": null, "message": "", "ms": 13.2, "operation": "InitiateAuth",
     "status": "OK", "http_status": 200,
     "request": {...masked...}, "response": {...raw...},
     "calls": [{"operation": "InitiateAuth", "label": "...", "status": "OK", "ms": 8.1},
               {"operation": "RespondToAuthChallenge", "label": "...", "status": "OK", ...}],
     "tokens": {"id": {"header": {...}, "claims": {...}}, "access": {...},
                "refresh": {"present": true}},
     "checks": [{"token": "id", "name": "signature", "ok": true, "detail": "..."}, ...],
     "valid": true,
     "challenge": {"name": "SOFTWARE_TOKEN_MFA", "parameters": {...}},
     "triggers": [{"kind": "PreTokenGeneration", "triggerSource": "...", "handler": "...",
                   "event": {...}, "answer": {...}, "ms": 3.1, "logs": "...", "error": null}]}

``triggers`` are the local Cognito's Lambda trigger invocations the step's calls ran.

``tokens``, ``checks`` and ``challenge`` are those the step itself returned (``null`` /
``[]`` when it returned none). ``checks`` is each returned token verified against the
target's JWKS, issuer and client, check by check; ``valid`` says whether all passed. The
runner asks for them only when the flow mentions ``checks`` or ``valid`` (verifying is most
of the engine's cost per sign-in: bench_flows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cognito_bench.aws.record import CallRecord
    from cognito_bench.aws.target import Target

__all__ = ["step_view"]


def _token_part(token: str) -> dict[str, Any]:
    from cognito_bench.tokens.decode import decode

    decoded = decode(token, with_times=False)
    return {"header": decoded.header or {}, "claims": decoded.payload or {}}


def _checks(tokens: Any, target: Target | None) -> list[dict[str, Any]]:
    from cognito_bench.tokens.verify import verify

    out: list[dict[str, Any]] = []
    if target is None:
        return out
    for use, token in (("id", tokens.id_token), ("access", tokens.access_token)):
        if not token:
            continue
        report = verify(token, issuer=target.issuer, client_id=target.client_id, token_use=use)
        out.extend({"token": use, **check.to_json()} for check in report.checks)
    return out


def step_view(
    records: Sequence[CallRecord], ms: float | None = None, *, checks: bool = True
) -> dict[str, Any]:
    """The JSON view of a step that made ``records`` (see the module docstring).

    Args:
        records: the step's records, in order (at least one).
        ms: the step's time; default the sum of its records' times.
        checks: verify the tokens the step returned (``checks`` and ``valid``); without,
            ``checks`` is ``[]`` and ``valid`` ``null``.
    """
    from cognito_bench.aws.auth import challenge_of, tokens_of

    last = records[-1]
    failed = next((r for r in records if not r.ok), None)
    tokens = next((t for t in (tokens_of(r) for r in reversed(records)) if t is not None), None)
    challenge = challenge_of(last)
    view: dict[str, Any] = {
        "ok": failed is None,
        "error": failed.error_code if failed else None,
        "message": failed.error_message if failed else "",
        "ms": round(sum(r.elapsed_ms for r in records) if ms is None else ms, 1),
        "operation": last.operation,
        "status": failed.error_code if failed else "OK",
        "http_status": (failed or last).http_status,
        "request": last.request,
        "response": last.response,
        "calls": [
            {
                "operation": call.operation,
                "label": call.label or call.operation,
                "status": call.status,
                "ms": round(call.elapsed_ms, 1),
            }
            for r in records
            for call in (r.steps or [r])
        ],
        "tokens": None,
        "checks": [],
        "valid": None,
        "challenge": None,
        "triggers": [t for r in records for t in r.triggers],
    }
    if tokens is not None:
        view["tokens"] = {
            "id": _token_part(tokens.id_token) if tokens.id_token else None,
            "access": _token_part(tokens.access_token) if tokens.access_token else None,
            "refresh": {"present": bool(tokens.refresh_token)},
        }
        if checks:
            view["checks"] = _checks(tokens, last.target)
            view["valid"] = bool(view["checks"]) and all(c["ok"] for c in view["checks"])
    if challenge is not None:
        view["challenge"] = {"name": challenge.name, "parameters": dict(challenge.parameters)}
    return view
