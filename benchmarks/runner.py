"""The benchmark row type and the table printer shared by every `bench_*.py` module."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = ["Row", "print_table"]


@dataclass(frozen=True)
class Row:
    """One benchmark result.

    Attributes:
        name: what was measured.
        figure: the measured value (a ratio, or an absolute figure such as ms when the
            budget is absolute, e.g. a GUI-thread gap).
        baseline: what the figure is compared to, measured in the same run, as text.
        unit: ``x`` for ratios, ``ms`` and so on for absolute figures.
        budget: the limit the figure must stay within.
        higher_is_better: True when the figure must be at least the budget.
    """

    name: str
    figure: float
    baseline: str
    unit: str
    budget: float
    higher_is_better: bool = False

    @property
    def passed(self) -> bool:
        """True when the figure is within its budget."""
        if math.isnan(self.figure):
            return False
        if self.higher_is_better:
            return self.figure >= self.budget
        return self.figure <= self.budget


def print_table(rows: Iterable[Row], out: Callable[[str], None] = print) -> bool:
    """Print the rows as one table; True when every row passed."""
    rows = list(rows)
    header = ("benchmark", "figure", "baseline (same run)", "budget", "result")
    lines = [
        (
            r.name,
            f"{r.figure:.2f} {r.unit}",
            r.baseline,
            f"{'>=' if r.higher_is_better else '<='} {r.budget:g} {r.unit}",
            "pass" if r.passed else "FAIL",
        )
        for r in rows
    ]
    widths = [max([len(h), *(len(line[i]) for line in lines)]) for i, h in enumerate(header)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out(fmt.format(*header))
    out(fmt.format(*("-" * w for w in widths)))
    for line in lines:
        out(fmt.format(*line))
    return all(r.passed for r in rows)
