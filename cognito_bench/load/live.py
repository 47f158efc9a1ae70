"""A load run's live statistics, as the Locust child streams them to the window's Load pane.

With :attr:`LoadSpec.live <cognito_bench.load.spec.LoadSpec.live>` the child writes one JSON
line to its standard output each second (a :class:`Snapshot` of kind ``tick``) and one when
the run ends (kind ``end``: the whole run's figures, each step's response-time
distribution, the summary lines), instead of Locust's console tables; and closing its
standard input ends the run as Ctrl-C does (users stopped, reports written). So the window
reads a pipe, never Locust's objects in its own process, and a window that dies, however
it dies, closes that pipe: the child stops by itself and no process is left behind.

A tick's requests and failures per second are over the last second; its percentiles over
the last :data:`WINDOW_S` seconds (one second of a slow step may hold a single request), NaN
for a step with no request in them (Python's JSON writes and reads ``NaN``: both ends are
ours). The end line's percentiles are over the whole run, as Locust's CSV has them.

Locust-free (the window imports it): the child builds snapshots from Locust's statistics
(:mod:`cognito_bench.load.engine`); the pane reads them with :func:`parse_line`, keeps a
:class:`Timeline` for its chart and bins a distribution with :func:`histogram`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from cognito_bench.load.outcomes import error_code

__all__ = [
    "END",
    "TICK",
    "TOTAL",
    "WINDOW_S",
    "Bin",
    "ErrorCount",
    "Snapshot",
    "StepStats",
    "Timeline",
    "errors_by_code",
    "histogram",
    "parse_line",
]

TICK, END = "tick", "end"
#: Locust's name for the row of all requests together.
TOTAL = "Aggregated"
#: Seconds a tick's percentiles look back.
WINDOW_S = 5


@dataclass(frozen=True)
class StepStats:
    """One step's figures (or all steps', named :data:`TOTAL`); times in ms.

    Attributes:
        name: the step's request name (``03 sign_in_srp``), or :data:`TOTAL`.
        step: the step (``sign_in_srp``); "" for the total.
        requests: requests so far.
        failures: failed or throttled requests so far.
        rps: requests per second (a tick: the last second; the end: the whole run).
        fail_rps: failures per second, likewise.
        p50: the median response time (a tick: the last :data:`WINDOW_S` s; NaN when no
            request ended in them).
        p95: the 95th percentile.
        p99: the 99th percentile.
        avg: the mean response time of the whole run so far.
        max: the slowest response so far.
    """

    name: str
    step: str = ""
    requests: int = 0
    failures: int = 0
    rps: float = 0.0
    fail_rps: float = 0.0
    p50: float = 0.0
    p95: float = 0.0
    p99: float = 0.0
    avg: float = 0.0
    max: float = 0.0

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StepStats:
        """From :func:`dataclasses.asdict`'s form (unknown keys ignored)."""
        return cls(
            name=str(data.get("name", "")),
            step=str(data.get("step", "")),
            requests=int(data.get("requests", 0)),
            failures=int(data.get("failures", 0)),
            **{k: float(data.get(k, 0.0)) for k in _FLOATS},
        )


_FLOATS = ("rps", "fail_rps", "p50", "p95", "p99", "avg", "max")


@dataclass(frozen=True)
class ErrorCount:
    """How often one step failed with one cause.

    Attributes:
        name: the step's request name.
        code: the error code (``NotAuthorizedException``) or the expectation missed.
        throttled: the service throttled the step (TooManyRequestsException).
        count: occurrences so far.
    """

    name: str
    code: str
    throttled: bool
    count: int


@dataclass(frozen=True)
class Snapshot:
    """The run's figures at one moment: a line of the child's statistics stream.

    Attributes:
        kind: :data:`TICK` (each second) or :data:`END` (the run is over).
        elapsed: seconds since the users started.
        users: users running.
        total: all steps together.
        steps: each step, in the flow's order.
        errors: failures by step and cause.
        times: the end only: each step's response times (ms rounded as Locust rounds them,
            to their counts), and :data:`TOTAL`'s.
        summary: the end only: the lines ``cognito-bench load`` prints after the run.
    """

    kind: str
    elapsed: float
    users: int
    total: StepStats
    steps: tuple[StepStats, ...] = ()
    errors: tuple[ErrorCount, ...] = ()
    times: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    summary: tuple[str, ...] = ()

    def to_line(self) -> str:
        """One line of JSON (no newline inside)."""
        data = asdict(self)
        data["times"] = {name: {str(k): v for k, v in t.items()} for name, t in self.times.items()}
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Snapshot:
        """From :meth:`to_line`'s document.

        Raises:
            ValueError, TypeError, KeyError: not such a document.
        """
        times = {
            str(name): {int(ms): int(n) for ms, n in dist.items()}
            for name, dist in (data.get("times") or {}).items()
        }
        return cls(
            kind=str(data["kind"]),
            elapsed=float(data["elapsed"]),
            users=int(data["users"]),
            total=StepStats.from_json(data["total"]),
            steps=tuple(StepStats.from_json(s) for s in data.get("steps") or ()),
            errors=tuple(
                ErrorCount(str(e["name"]), str(e["code"]), bool(e["throttled"]), int(e["count"]))
                for e in data.get("errors") or ()
            ),
            times=times,
            summary=tuple(str(line) for line in data.get("summary") or ()),
        )

    def step(self, name: str) -> StepStats | None:
        """The figures of the step ``name`` (:data:`TOTAL`: all steps), or None."""
        if name == TOTAL:
            return self.total
        return next((s for s in self.steps if s.name == name), None)


def parse_line(line: str | bytes) -> Snapshot | None:
    """The snapshot a line of the child's output holds; None for any other line."""
    text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
    text = text.strip()
    if not text.startswith('{"kind":'):
        return None
    try:
        data = json.loads(text)
        return Snapshot.from_json(data) if data.get("kind") in (TICK, END) else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def error_count(name: str, error: str, count: int) -> ErrorCount:
    """An :class:`ErrorCount` from a failure table's error text (``Throttled('...')``)."""
    code, throttled = error_code(error)
    return ErrorCount(name, code, throttled, count)


def errors_by_code(errors: Iterable[ErrorCount]) -> list[tuple[str, int]]:
    """Failures added up by cause, most first: ``("TooManyRequestsException (throttled)", 12)``."""
    totals: dict[str, int] = {}
    for error in errors:
        label = f"{error.code} (throttled)" if error.throttled else error.code
        totals[label] = totals.get(label, 0) + error.count
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


class Timeline:
    """Each tick's figures over time, for a chart: requests and failures per second, users,
    and p50 / p95 / p99 per step (NaN where a step had no request yet).

    Args:
        limit: points kept at most; beyond it every other point is dropped (an hour's run
            at one tick a second keeps its shape in half the points).
    """

    def __init__(self, limit: int = 3600) -> None:
        self._limit = max(limit, 2)
        self.times: list[float] = []
        self.rps: list[float] = []
        self.fail_rps: list[float] = []
        self.users: list[int] = []
        self._percentiles: dict[str, tuple[list[float], list[float], list[float]]] = {}
        #: Step names in the order they first came (the flow's order), :data:`TOTAL` first.
        self.names: list[str] = [TOTAL]

    def __len__(self) -> int:
        return len(self.times)

    def add(self, snapshot: Snapshot) -> None:
        """Append a tick's figures."""
        if len(self.times) >= self._limit:
            self._halve()
        self.times.append(snapshot.elapsed)
        self.rps.append(snapshot.total.rps)
        self.fail_rps.append(snapshot.total.fail_rps)
        self.users.append(snapshot.users)
        for stats in (snapshot.total, *snapshot.steps):
            if stats.name not in self._percentiles:
                gap = [math.nan] * (len(self.times) - 1)
                self._percentiles[stats.name] = (list(gap), list(gap), list(gap))
                if stats.name not in self.names:
                    self.names.append(stats.name)
            for series, value in zip(
                self._percentiles[stats.name], (stats.p50, stats.p95, stats.p99), strict=True
            ):
                series.append(value)
        for three in self._percentiles.values():  # a step missing from this tick
            for one in three:
                if len(one) < len(self.times):
                    one.append(math.nan)

    def percentiles(self, name: str) -> tuple[list[float], list[float], list[float]]:
        """p50, p95 and p99 of step ``name`` (:data:`TOTAL`: all steps), one per point."""
        empty = [math.nan] * len(self.times)
        return self._percentiles.get(name, (empty, list(empty), list(empty)))

    def _halve(self) -> None:
        for series in (self.times, self.rps, self.fail_rps, self.users):
            del series[1::2]
        for three in self._percentiles.values():
            for one in three:
                del one[1::2]


@dataclass(frozen=True)
class Bin:
    """A histogram bar: requests that took from ``low`` up to (not including) ``high`` ms."""

    low: float
    high: float
    count: int


#: Bin edges per decade: about even widths on a log scale, and numbers a reader can say.
_NICE = (1.0, 1.5, 2.0, 3.0, 5.0, 7.0)


def _edges(top: float) -> list[float]:
    edges = [0.0]
    decade = 1.0
    while edges[-1] <= top:
        edges.extend(n * decade for n in _NICE)
        decade *= 10
    return edges


def histogram(times: Mapping[int, int]) -> list[Bin]:
    """Response times (ms to counts) in bins of 1, 1.5, 2, 3, 5, 7, 10, 15... ms.

    From the bin that holds the fastest request to the one that holds the slowest; the bins
    between may be empty. Empty for no request.
    """
    counted = {ms: n for ms, n in times.items() if n > 0}
    if not counted:
        return []
    edges = _edges(max(counted))
    counts = [0] * (len(edges) - 1)
    for ms, n in counted.items():
        index = next(i for i in range(len(counts)) if ms < edges[i + 1])
        counts[index] += n
    first = next(i for i, n in enumerate(counts) if n)
    last = max(i for i, n in enumerate(counts) if n)
    return [Bin(edges[i], edges[i + 1], counts[i]) for i in range(first, last + 1)]
