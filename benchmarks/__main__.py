"""`make bench`: run every `benchmarks/bench_*.py` module and print one table.

Each module exposes ``run() -> list[Row]``. Select modules by name: ``python -m benchmarks gui``.
Exit 0 when every row is within budget.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback

import benchmarks
from benchmarks.runner import Row, print_table


def main(argv: list[str]) -> int:
    names = sorted(
        m.name
        for m in pkgutil.iter_modules(benchmarks.__path__)
        if m.name.startswith("bench_") and (not argv or any(a in m.name for a in argv))
    )
    rows: list[Row] = []
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            rows.extend(importlib.import_module(f"benchmarks.{name}").run())
        except Exception:
            traceback.print_exc()
            rows.append(Row(name, float("nan"), "crashed", "", 0.0))
    ok = print_table(rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
