"""The tamper lab: change a claim, keep the signature, and watch verification catch it.

The point (the seed guide's last lesson): anyone can edit a decoded token, so a backend
must verify the signature and never trust a user id it merely decoded.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

from cognito_bench.tokens.decode import decode
from cognito_bench.tokens.verify import VerificationReport, verify

__all__ = ["TamperResult", "tamper", "tamper_lab"]


def tamper(token: str, claim: str, value: Any) -> str:
    """``token`` with payload ``claim`` set to ``value``, re-encoded with the original signature.

    The header and signature segments are kept byte for byte; only the payload changes.

    Raises:
        ValueError: ``token`` is not a decodable signed JWT (the message says why).
    """
    decoded = decode(token, with_times=False)
    if decoded.kind != "jws" or decoded.payload is None:
        raise ValueError(decoded.error or "not a signed JWT")
    payload = dict(decoded.payload)
    payload[claim] = value
    header_segment, _, signature_segment = decoded.raw.split(".")
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    payload_segment = base64.urlsafe_b64encode(body).rstrip(b"=").decode("ascii")
    return f"{header_segment}.{payload_segment}.{signature_segment}"


#: Characters of a claim name or value quoted in a summary: the rest is cut.
_SHOWN = 80


def _shown(value: Any) -> str:
    """``value``'s repr for a sentence: control and direction characters escaped, cut short.

    The claim and value come from whoever types in the tamper lab; a newline, a right-to-left
    override or 100,000 characters would otherwise break or flood the one-line summary.
    """
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _shown_claim(claim: str) -> str:
    """A claim name as is when it is short, printable text; otherwise as :func:`_shown`."""
    return claim if claim.isprintable() and len(claim) <= _SHOWN else _shown(claim)


@dataclass(frozen=True)
class TamperResult:
    """A token and its tampered twin, both verified the same way.

    Attributes:
        claim: the claim that was changed.
        old_value: its value before (None when the token did not have it).
        new_value: the value written.
        tampered: the tampered token (a credential-shaped string: do not log it).
        before: the verification of the original token.
        after: the verification of the tampered token.
    """

    claim: str
    old_value: Any
    new_value: Any
    tampered: str = field(repr=False)
    before: VerificationReport
    after: VerificationReport

    @property
    def caught(self) -> bool:
        """True when the original's signature verified and the tampered one's did not."""
        b, a = self.before.check("signature"), self.after.check("signature")
        return b is not None and a is not None and b.ok and not a.ok

    @property
    def summary(self) -> str:
        """One paragraph, in plain English, of what happened."""
        claim, new = _shown_claim(self.claim), _shown(self.new_value)
        change = f"Changed {claim} from {_shown(self.old_value)} to {new}"
        if self.caught:
            return (
                f"{change} and kept the original signature. The signature check now fails, so a "
                f"backend that verifies rejects the token; one that only decodes it would have "
                f"trusted {claim}={new}."
            )
        b = self.before.check("signature")
        if b is None or not b.ok:
            return (
                f"{change}. The original token's signature did not verify either "
                f"({b.detail if b else 'not checked'}), so this shows nothing: verify a genuine "
                f"token first."
            )
        return f"{change}, and the signature still verified: the claim did not change."

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (without the tampered token itself)."""
        return {
            "claim": self.claim,
            "old_value": self.old_value,
            "new_value": self.new_value,
            "caught": self.caught,
            "summary": self.summary,
            "before": self.before.to_json(),
            "after": self.after.to_json(),
        }


def tamper_lab(token: str, claim: str, value: Any, **verify_args: Any) -> TamperResult:
    """Tamper with ``claim`` and verify both tokens with the same ``verify_args``.

    Args:
        token: a genuine token.
        claim: the payload claim to change, e.g. ``sub`` or ``cognito:groups``.
        value: the new value (any JSON value).
        verify_args: keyword arguments for :func:`~cognito_bench.tokens.verify.verify`.

    Raises:
        ValueError: ``token`` is not a decodable signed JWT.
    """
    tampered = tamper(token, claim, value)
    original = decode(token, with_times=False)
    old = original.payload.get(claim) if original.payload else None
    return TamperResult(
        claim=claim,
        old_value=old,
        new_value=value,
        tampered=tampered,
        before=verify(token, **verify_args),
        after=verify(tampered, **verify_args),
    )
