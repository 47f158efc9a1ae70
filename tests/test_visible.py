"""Invisible and direction characters: escaped for display, named for a field's mark."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cognito_bench.visible import describe_invisible, escape_invisible, invisible_chars


def test_overrides_and_controls_are_escaped_and_emoji_kept() -> None:
    text = "eve\u202e@example.com\x00\n😀👩\u200d💻"
    assert escape_invisible(text) == "eve\\u202e@example.com\\x00\\n😀👩\u200d💻"
    assert escape_invisible("plain") == "plain"
    assert escape_invisible("\U000e0001") == "\\U000e0001"


def test_they_are_named_with_their_positions() -> None:
    assert invisible_chars("ab\u202ec") == [(3, "\u202e")]
    assert describe_invisible("ab\u202ec") == "U+202E RIGHT-TO-LEFT OVERRIDE at 3"
    assert describe_invisible("a\x00\x01\x02\x03").endswith("and more")
    assert describe_invisible("nothing to see") == ""


@given(st.text())
def test_an_escaped_text_has_nothing_invisible_left(text: str) -> None:
    escaped = escape_invisible(text)
    assert invisible_chars(escaped) == []
    assert all(c in escaped for c in text if c.isprintable())
