"""Human times: "in 42 min", "3 min ago", local ISO."""

from __future__ import annotations

import math
from datetime import datetime

import pytest

from cognito_bench.tokens.humantime import local_iso, relative, span

NOW = 1_790_000_000.0


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        (0, "now"),
        (0.4, "now"),
        (12, "in 12 s"),
        (-12, "12 s ago"),
        (42 * 60 + 59, "in 42 min"),
        (-3 * 60, "3 min ago"),
        (3600, "in 1 h"),
        (-(2 * 3600 + 5 * 60), "2 h 5 min ago"),
        (47 * 3600, "in 47 h"),
        (3 * 86400, "in 3 days"),
        (-800 * 86400, "2 years ago"),
    ],
)
def test_relative(offset: float, text: str) -> None:
    assert relative(NOW + offset, NOW) == text


def test_span_of_infinity_and_nan() -> None:
    assert span(math.inf) == "forever"
    assert span(math.nan) == "forever"
    assert span(0.5) == ""


def test_local_iso_round_trips_and_carries_the_offset() -> None:
    text = local_iso(NOW)
    parsed = datetime.fromisoformat(text)
    assert parsed.timestamp() == NOW
    assert parsed.utcoffset() is not None
    assert parsed.astimezone().utcoffset() == parsed.utcoffset()


@pytest.mark.parametrize("epoch", [1e300, -1e300, math.inf, math.nan])
def test_local_iso_out_of_range(epoch: float) -> None:
    assert local_iso(epoch) == "out of range"
