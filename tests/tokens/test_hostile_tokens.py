"""Hostile claims in what the tokens package says: short, escaped, never a 290-digit number."""

from __future__ import annotations

import time

import pytest

from cognito_bench.tokens import humantime, tamper_lab
from tests.tokens import factory as f
from tests.tokens.factory import TestKey

NOW = float(int(time.time()))


@pytest.mark.parametrize(
    "claim",
    ["a\x00b\nc\r\x1b[31m", "\u202eadmin\u202c", "x" * 100_000],
)
def test_tamper_summary_of_a_hostile_claim_is_one_short_escaped_line(
    claim: str, key: TestKey, jwks_file: str
) -> None:
    token = f.sign(f.claims("id", now=NOW), key)
    result = tamper_lab(
        token, claim, claim, jwks=jwks_file, issuer=f.ISSUER, client_id=f.CLIENT_ID, now=NOW
    )
    assert result.caught
    summary = result.summary
    assert len(summary) < 600, len(summary)
    assert not any(c in summary for c in "\x00\n\r\x1b\u202e\u202c"), summary
    assert "and kept the original signature" in summary


def test_a_plain_claim_is_still_named_as_is(key: TestKey, jwks_file: str) -> None:
    token = f.sign(f.claims("id", now=NOW), key)
    result = tamper_lab(
        token, "sub", "admin", jwks=jwks_file, issuer=f.ISSUER, client_id=f.CLIENT_ID, now=NOW
    )
    assert result.summary.startswith("Changed sub from ")
    assert "trusted sub='admin'." in result.summary


def test_absurd_times_read_as_words() -> None:
    assert humantime.relative(1e300, NOW) == "in more than 10,000 years"
    assert humantime.relative(NOW + 3 * 365 * 86400, NOW) == "in 3 years"
