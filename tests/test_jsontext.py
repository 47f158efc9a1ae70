"""jsontext: the same text as json on either path (how long it holds the GIL is bench_gui's
8.7 MB response row)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cognito_bench import jsontext

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


@given(JSON)
def test_dumps_and_loads_match_json(data: Any) -> None:
    for options in ({}, {"indent": 2}, {"separators": (",", ":")}):
        text = jsontext.dumps(data, **options)
        assert text == json.dumps(data, ensure_ascii=False, **options)
        assert jsontext.loads(text) == data


def _listing(n: int) -> dict[str, Any]:
    return {"Contents": [{"Key": f"reports/object-{i:07d}.json", "Size": i} for i in range(n)]}


def test_big_documents_round_trip_through_the_python_path() -> None:
    data = _listing(30_000)
    text = jsontext.dumps(data, indent=2)
    assert len(text) > jsontext.BIG
    assert text == json.dumps(data, indent=2, ensure_ascii=False)
    assert jsontext.loads(text) == data
