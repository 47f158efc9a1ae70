"""Text from outside shown as text: invisible and direction characters escaped or named.

A username, an e-mail or a pasted value may hold a right-to-left override (U+202E), a
zero-width space or a control character. Shown raw, an override reverses whatever the bench
writes after it on the same line ("alice\\u202e (EMAIL)" reads as "alice )LIAME("), and a
zero-width character makes two different values look the same. The window shows such text
with those characters escaped (:func:`escape_invisible`: the Outbox's columns) or marks the
field that holds them (:func:`invisible_chars`, :func:`describe_invisible`: every input).

The zero-width joiner and non-joiner are left alone: they are part of emoji sequences
(👩‍💻) and of Persian and Indic writing, and change no direction.

Plain Python (``unicodedata``): the window calls it on the GUI thread as you type.
"""

from __future__ import annotations

import unicodedata

__all__ = ["describe_invisible", "escape_invisible", "invisible_chars"]

#: Format characters that join or separate letters in real writing (shown as they are).
_JOINERS = frozenset("\u200c\u200d")
#: Categories of characters that are not seen: controls, formats, line and paragraph
#: separators, private use, surrogates and unassigned code points.
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})


def _invisible(char: str) -> bool:
    if char in _JOINERS or char == "\t":
        return False
    return unicodedata.category(char) in _INVISIBLE


def invisible_chars(text: str, limit: int = 20) -> list[tuple[int, str]]:
    """(1-based position, character) of the first ``limit`` invisible characters of ``text``."""
    found: list[tuple[int, str]] = []
    if text.isprintable():  # the common case, in C
        return found
    for position, char in enumerate(text, 1):
        if _invisible(char):
            found.append((position, char))
            if len(found) >= limit:
                break
    return found


def _name(char: str) -> str:
    return unicodedata.name(char, "") or {"\n": "LINE FEED", "\r": "CARRIAGE RETURN"}.get(
        char, "CONTROL"
    )


def describe_invisible(text: str, limit: int = 3) -> str:
    """A plain line naming the invisible characters of ``text`` ("" when there are none):
    ``U+202E RIGHT-TO-LEFT OVERRIDE at 6; U+0000 at 2``."""
    found = invisible_chars(text, limit + 1)
    parts = [f"U+{ord(c):04X} {_name(c)} at {p}" for p, c in found[:limit]]
    if len(found) > limit:
        parts.append("and more")
    return "; ".join(parts)


def _escape(char: str) -> str:
    if char.isascii():
        return repr(char)[1:-1]  # \x00, \n, \x1b
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def escape_invisible(text: str) -> str:
    """``text`` with every invisible character written as an escape (``\\u202e``, ``\\n``)."""
    if text.isprintable():
        return text
    out: list[str] = []
    for char in text:
        if _invisible(char):
            out.append(_escape(char))
        else:
            out.append(char)
    return "".join(out)
