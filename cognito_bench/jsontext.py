"""JSON text for big documents without stalling the window: encode and decode in Python.

The C encoder and scanner hold the GIL for a whole document: a 9 MB response encoded on a
worker thread freezes the GUI thread for 50+ ms. The Python ones let other threads run every
switch interval. Even ``"".join`` of a million pieces is one 12 ms C call, so the pieces are
joined a slice at a time. Small documents take the C path: it is faster and short.

Stdlib only: every layer may use it (import-linter's bottom layer).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["BIG", "dumps", "loads"]

#: Documents (text, or estimated from a first pass) longer than this take the Python path.
BIG = 256 * 1024
#: Pieces joined per slice: one slice is a short C call.
_SLICE = 20_000


def dumps(data: Any, **options: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, **options)``, yielding the GIL as it goes."""
    encoder = json.JSONEncoder(ensure_ascii=False, **options)
    parts: list[str] = []
    pieces: list[str] = []
    for piece in encoder.iterencode(data):
        pieces.append(piece)
        if len(pieces) >= _SLICE:
            parts.append("".join(pieces))
            pieces.clear()
    parts.append("".join(pieces))
    return "".join(parts)


def loads(text: str) -> Any:
    """``json.loads``; a big text with the Python scanner (yields the GIL, as :func:`dumps`)."""
    if len(text) < BIG:
        return json.loads(text)
    from json import scanner

    decoder = json.JSONDecoder()
    decoder.scan_once = scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text)
