"""Colour in the text views: JSON syntax, and a token's parts as jwt.io colours them.

:class:`JsonHighlighter` colours keys, strings, numbers and ``true``/``false``/``null`` of
the indented JSON the Response and Tokens panes show, line by line as Qt lays them out. It
stops after :data:`MAX_LINES` lines: the first screenfuls are what a person reads, and a
multi-megabyte answer shown whole ("Show all") would spend a Python call per line on the
GUI thread. :func:`colour_jwt_parts` paints a token in a line edit: header red, payload
purple, signature blue (jwt.io's colours), through the line edit's pre-edit formats (its
text stays the token's).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QLineEdit

__all__ = ["JWT_COLOURS", "MAX_LINES", "JsonHighlighter", "colour_jwt_parts"]

#: Lines coloured at most per document.
MAX_LINES = 2000
#: jwt.io's colours: header, payload, signature (a JWE's other parts take the last).
JWT_COLOURS = ("#fb015b", "#d63aff", "#00b9f1", "#00b9f1", "#00b9f1")

_TOKEN = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*")(?=\s*:)'
    r'|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<number>-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)"
    r"|(?P<literal>\b(?:true|false|null)\b)"
)
_COLOURS = {"key": "#0550ae", "string": "#0a3069", "number": "#953800", "literal": "#8250df"}


def _format(colour: str, bold: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(600)
    return fmt


class JsonHighlighter(QSyntaxHighlighter):
    """Colours JSON text (keys, strings, numbers, literals) in a text document."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._formats = {kind: _format(colour) for kind, colour in _COLOURS.items()}

    def highlightBlock(self, text: str) -> None:
        if self.currentBlock().blockNumber() >= MAX_LINES or len(text) > 4000:
            return
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup
            if kind is not None:
                self.setFormat(match.start(), match.end() - match.start(), self._formats[kind])


def colour_jwt_parts(edit: QLineEdit) -> list[tuple[int, int, str]]:
    """Colour the token in ``edit`` part by part (nothing for text that is not a JWT).

    Returns:
        The (start, length, colour) of each part coloured.
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    text = edit.text()
    parts = text.split(".")
    spans: list[tuple[int, int, str]] = []
    if 3 <= len(parts) <= 5 and text.startswith("eyJ"):
        start = 0
        for part, colour in zip(parts, JWT_COLOURS, strict=False):
            spans.append((start, len(part), colour))
            start += len(part) + 1
    attributes = [
        # Relative to the cursor (the pre-edit text's place).
        QInputMethodEvent.Attribute(
            QInputMethodEvent.AttributeType.TextFormat,
            start - edit.cursorPosition(),
            length,
            _format(colour),
        )
        for start, length, colour in spans
    ]
    QCoreApplication.sendEvent(edit, QInputMethodEvent("", attributes))
    return spans
