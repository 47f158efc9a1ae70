"""The live statistics stream's lines, the chart's timeline and the latency histogram (no Locust)."""

from __future__ import annotations

import itertools
import math

import pytest

from cognito_bench.load.live import (
    END,
    TICK,
    TOTAL,
    Bin,
    ErrorCount,
    Snapshot,
    StepStats,
    Timeline,
    error_count,
    errors_by_code,
    histogram,
    parse_line,
)
from cognito_bench.load.outcomes import StepFailed, Throttled, error_code


def tick(elapsed: float, *steps: StepStats, total_rps: float = 10.0) -> Snapshot:
    total = StepStats(TOTAL, requests=sum(s.requests for s in steps), rps=total_rps, p50=5.0)
    return Snapshot(TICK, elapsed, 2, total, steps)


def test_a_snapshot_goes_through_one_line_and_back() -> None:
    snapshot = Snapshot(
        END,
        4.5,
        0,
        StepStats(TOTAL, requests=9, failures=1, rps=2.0, p50=3.0, p95=8.0, p99=9.0),
        (StepStats("01 sign_up", "sign_up", 9, 1, p50=math.nan),),
        (ErrorCount("01 sign_up", "InvalidPasswordException", False, 1),),
        {"01 sign_up": {3: 5, 120: 4}, TOTAL: {3: 5, 120: 4}},
        ("sign up: 9 requests in 4.5 s (2.0/s), 1 failed, 0 throttled",),
    )
    line = snapshot.to_line()
    assert "\n" not in line
    again = parse_line(line + "\n")
    assert again is not None
    assert math.isnan(again.steps[0].p50)
    assert again.times == snapshot.times and again.errors == snapshot.errors
    assert again.summary == snapshot.summary and again.total == snapshot.total
    assert again.step("01 sign_up") == again.steps[0] and again.step(TOTAL) is again.total
    assert parse_line(line.encode()) is not None


@pytest.mark.parametrize(
    "line",
    [
        "",
        "[2026-12-01] vm/INFO/locust.runners: Ramping to 3 users",
        "{}",
        '{"kind":"tick"}',
        '{"kind":"other","elapsed":1}',
        '{"kind":"tick",',
    ],
)
def test_other_lines_are_not_statistics(line: str) -> None:
    assert parse_line(line) is None


def test_failures_add_up_by_code_throttling_apart() -> None:
    assert error_code(repr(Throttled("TooManyRequestsException"))) == (
        "TooManyRequestsException",
        True,
    )
    assert error_code(repr(StepFailed("NotAuthorizedException"))) == (
        "NotAuthorizedException",
        False,
    )
    assert error_code("KeyError('x')") == ("KeyError('x')", False)
    errors = [
        error_count("03 sign_in_srp", "Throttled('TooManyRequestsException')", 5),
        error_count("04 sign_in_password", "Throttled('TooManyRequestsException')", 7),
        error_count("05 get_user", "StepFailed('InvalidInput')", 12),
        error_count("06 s3_put", "StepFailed('AccessDenied')", 1),
    ]
    assert errors_by_code(errors) == [
        ("InvalidInput", 12),
        ("TooManyRequestsException (throttled)", 12),
        ("AccessDenied", 1),
    ]


def test_the_timeline_keeps_each_steps_percentiles_in_step_with_time() -> None:
    timeline = Timeline()
    timeline.add(tick(1.0, StepStats("01 a", "a", 3, p50=2.0, p95=3.0, p99=4.0)))
    timeline.add(
        tick(
            2.0,
            StepStats("01 a", "a", 6, p50=math.nan, p95=math.nan, p99=math.nan),
            StepStats("02 b", "b", 1, p50=7.0, p95=8.0, p99=9.0),
        )
    )
    timeline.add(tick(3.0, StepStats("02 b", "b", 2, p50=6.0, p95=6.0, p99=6.0)))
    assert timeline.times == [1.0, 2.0, 3.0] and len(timeline) == 3
    assert timeline.names == [TOTAL, "01 a", "02 b"]
    p50, _p95, p99 = timeline.percentiles("01 a")
    assert p50[0] == 2.0 and math.isnan(p50[1]) and math.isnan(p50[2]) and p99[0] == 4.0
    p50, _, _ = timeline.percentiles("02 b")
    assert math.isnan(p50[0]) and p50[1:] == [7.0, 6.0]
    assert all(math.isnan(v) for v in timeline.percentiles("nope")[0])
    assert timeline.percentiles(TOTAL)[0] == [5.0, 5.0, 5.0]


def test_a_long_run_keeps_its_shape_in_fewer_points() -> None:
    timeline = Timeline(limit=100)
    for second in range(1, 1001):
        timeline.add(tick(float(second), StepStats("01 a", "a", second, p50=1.0)))
    assert len(timeline) <= 100
    assert timeline.times[0] == 1.0 and timeline.times[-1] == 1000.0
    assert timeline.times == sorted(timeline.times)
    assert len(timeline.percentiles("01 a")[0]) == len(timeline)


def test_the_histogram_bins_response_times_on_a_log_scale() -> None:
    assert histogram({}) == []
    assert histogram({0: 0}) == []
    bins = histogram({3: 10, 4: 5, 45: 2, 180: 1})
    assert bins[0] == Bin(3.0, 5.0, 15)
    assert bins[-1] == Bin(150.0, 200.0, 1)
    assert sum(b.count for b in bins) == 18
    assert all(a.high == b.low for a, b in itertools.pairwise(bins))
    assert histogram({0: 4}) == [Bin(0.0, 1.0, 4)]
    assert histogram({1000: 1}) == [Bin(1000.0, 1500.0, 1)]
