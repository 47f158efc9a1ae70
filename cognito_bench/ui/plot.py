"""Small charts drawn with QPainter: lines over time, horizontal bars, a histogram.

The Load pane's charts. Qt's own charts module (QtCharts) is in PySide6-Addons, about as
big as the whole binary's room left under its 70 MB budget, and a plotting library
(pyqtgraph, matplotlib) would bring NumPy: these three widgets are a few hundred lines of
QPainter and add nothing to the bundle. Each paints a few hundred points at most (a series
longer than twice the plot's width in pixels is sampled down), well under a millisecond.

Each chart is named for QA tools, says what it shows in its accessible description (a
screen reader, a test), and shows a plain line of text while it has nothing to draw.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QPainter, QPaintEvent

    from cognito_bench.load.live import Bin

__all__ = [
    "BLUE",
    "GREEN",
    "ORANGE",
    "PURPLE",
    "RED",
    "Bars",
    "Histogram",
    "Plot",
    "Series",
    "TimeChart",
]

BLUE, RED, GREEN, ORANGE, PURPLE, GREY = (
    "#0969da",
    "#cf222e",
    "#1a7f37",
    "#bf8700",
    "#8250df",
    "#6e7781",
)
_GRID = "#d0d7de"
_PAD = 6


@dataclass(frozen=True)
class Series:
    """One line: its name (for the legend), colour and values (NaN: no value there)."""

    name: str
    colour: str
    values: Sequence[float]


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least ``value`` (> 0)."""
    if not value > 0 or math.isinf(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if step * power >= value * (1 - 1e-9):
            return step * power
    return 10 * power


def figure(value: float) -> str:
    """A number as a short label: ``12``, ``1.5``, ``2.4k``."""
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    if abs(value) >= 1000:
        return f"{value / 1000:.1f}k".replace(".0k", "k")
    if value == int(value):
        return f"{value:.0f}"
    return f"{value:.1f}"


class Plot(QWidget):
    """A chart: a name, a line of text while empty, and a description of what it shows."""

    def __init__(self, object_name: str, accessible_name: str, empty_text: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setAccessibleName(accessible_name)
        self._empty_text = empty_text
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(90)
        from PySide6.QtCore import Qt

        # It paints every pixel: without this, a label changing beside it (the Load pane's
        # status, every second) had Qt paint the chart a second time.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def is_empty(self) -> bool:
        """True while there is nothing to draw."""
        raise NotImplementedError

    def set_empty_text(self, text: str) -> None:
        """What the chart says while it has nothing to draw."""
        self._empty_text = text
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        from PySide6.QtGui import QColor, QPainter

        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), QColor("white"))
            if self.is_empty():
                from PySide6.QtCore import Qt

                painter.setPen(QColor(GREY))
                painter.drawText(
                    self.rect().adjusted(_PAD, _PAD, -_PAD, -_PAD),
                    int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                    self._empty_text,
                )
            else:
                self.draw(painter)
        finally:
            painter.end()

    def draw(self, painter: QPainter) -> None:
        """Draw the chart (not empty)."""
        raise NotImplementedError

    # shared drawing -------------------------------------------------------------------------

    def _text_height(self) -> int:
        return self.fontMetrics().height()

    def _axes(self, painter: QPainter, box: QRectF, top: float, unit: str, title: str) -> float:
        """Title, horizontal grid lines at 0, half and ``top`` with labels; the left edge of
        the plotting area (after the labels)."""
        from PySide6.QtGui import QColor, QPen

        metrics = self.fontMetrics()
        labels = [figure(top), figure(top / 2), "0"]
        left = box.left() + max(metrics.horizontalAdvance(t) for t in labels) + 4
        painter.setPen(QColor("black"))
        painter.drawText(int(left), int(box.top() + metrics.ascent()), f"{title} ({unit})")
        plot_top = box.top() + metrics.height() + 2
        for index, label in enumerate(labels):
            y = plot_top + (box.bottom() - plot_top) * index / 2
            painter.setPen(QPen(QColor(_GRID), 1))
            painter.drawLine(int(left), int(y), int(box.right()), int(y))
            painter.setPen(QColor(GREY))
            painter.drawText(
                int(box.left()), int(y + metrics.ascent() / 2 - 1), label.rjust(len(labels[0]))
            )
        return left


class TimeChart(Plot):
    """Lines over time in panels stacked one above the other (requests per second; response
    times), sharing the time axis.

    Call :meth:`set_data` with the times and each panel's (title, unit, series).
    """

    def __init__(self, object_name: str, accessible_name: str, empty_text: str) -> None:
        super().__init__(object_name, accessible_name, empty_text)
        self.setMinimumHeight(180)
        self._times: Sequence[float] = ()
        self._panels: list[tuple[str, str, list[Series]]] = []

    def set_data(self, times: Sequence[float], panels: list[tuple[str, str, list[Series]]]) -> None:
        """Show ``panels`` over ``times`` (seconds); each series has a value per time."""
        self._times = times
        self._panels = panels
        latest = []
        for title, unit, series in panels:
            for one in series:
                value = one.values[-1] if one.values else math.nan
                if not math.isnan(value):
                    latest.append(f"{title} {one.name} {figure(value)} {unit}")
        self.setAccessibleDescription("; ".join(latest))
        self.update()

    def points(self) -> int:
        """Values drawn (not NaN), every series together."""
        return sum(
            sum(1 for v in one.values if not math.isnan(v))
            for _title, _unit, series in self._panels
            for one in series
        )

    def is_empty(self) -> bool:
        return len(self._times) < 1 or self.points() == 0

    def draw(self, painter: QPainter) -> None:
        from PySide6.QtCore import QRectF

        legend = self._text_height() + 2
        area = QRectF(self.rect()).adjusted(_PAD, _PAD, -_PAD, -_PAD - legend)
        count = max(len(self._panels), 1)
        gap = 8
        height = (area.height() - gap * (count - 1)) / count
        lefts = []
        for index, (title, unit, series) in enumerate(self._panels):
            box = QRectF(area.left(), area.top() + index * (height + gap), area.width(), height)
            lefts.append(self._panel(painter, box, title, unit, series))
        self._time_axis(painter, min(lefts or [area.left()]), area)

    def _panel(
        self, painter: QPainter, box: QRectF, title: str, unit: str, series: list[Series]
    ) -> float:
        from PySide6.QtCore import QPointF, QRectF
        from PySide6.QtGui import QColor, QPen

        values = [v for one in series for v in one.values if not math.isnan(v)]
        top = nice_ceiling(max(values, default=0.0))
        left = self._axes(painter, box, top, unit, title)
        plot = QRectF(left, box.top() + self._text_height() + 2, box.right() - left, 0)
        plot.setBottom(box.bottom())
        span = (self._times[-1] - self._times[0]) if len(self._times) > 1 else 1.0
        span = span or 1.0
        stride = max(1, len(self._times) // max(int(plot.width() * 2), 1))
        # The legend, at the panel's top right.
        metrics = self.fontMetrics()
        x = box.right()
        for one in reversed(series):
            label = f"— {one.name}"
            x -= metrics.horizontalAdvance(label) + 10
            painter.setPen(QColor(one.colour))
            painter.drawText(int(x), int(box.top() + metrics.ascent()), label)
        for one in series:
            painter.setPen(QPen(QColor(one.colour), 1.6))
            line: list[QPointF] = []
            for i in range(0, len(self._times), stride):
                value = one.values[i] if i < len(one.values) else math.nan
                if math.isnan(value):
                    self._polyline(painter, line)
                    line = []
                    continue
                px = plot.left() + (self._times[i] - self._times[0]) / span * plot.width()
                py = plot.bottom() - min(value / top, 1.0) * plot.height()
                line.append(QPointF(px, py))
            self._polyline(painter, line)
        return left

    @staticmethod
    def _polyline(painter: QPainter, line: list[QPointF]) -> None:
        from PySide6.QtGui import QPolygonF

        if len(line) == 1:
            painter.drawEllipse(line[0], 1.5, 1.5)
        elif line:
            painter.drawPolyline(QPolygonF(line))

    def _time_axis(self, painter: QPainter, left: float, area: QRectF) -> None:
        """The first and last time under the panels, from ``left`` to the right edge."""
        from PySide6.QtGui import QColor

        metrics = self.fontMetrics()
        painter.setPen(QColor(GREY))
        y = int(area.bottom() + metrics.ascent() + 2)
        first = self._times[0] if self._times else 0.0
        last = self._times[-1] if self._times else 0.0
        painter.drawText(int(left), y, f"{first:.0f} s")
        end = f"{last:.0f} s"
        painter.drawText(int(area.right() - metrics.horizontalAdvance(end)), y, end)


class Bars(Plot):
    """Horizontal bars with their labels and counts (errors by code)."""

    def __init__(self, object_name: str, accessible_name: str, empty_text: str) -> None:
        super().__init__(object_name, accessible_name, empty_text)
        self._bars: list[tuple[str, float, str]] = []

    def set_bars(self, bars: list[tuple[str, float, str]]) -> None:
        """Show ``(label, value, colour)`` bars, top to bottom."""
        self._bars = bars
        self.setAccessibleDescription("; ".join(f"{label}: {figure(v)}" for label, v, _ in bars))
        self.update()

    def bars(self) -> list[tuple[str, float]]:
        """The bars shown: (label, value)."""
        return [(label, value) for label, value, _ in self._bars]

    def is_empty(self) -> bool:
        return not self._bars

    def draw(self, painter: QPainter) -> None:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor

        metrics = self.fontMetrics()
        row = metrics.height() + 6
        shown = self._bars[: max(1, (self.height() - 2 * _PAD) // row)]
        label_width = min(
            max(metrics.horizontalAdvance(label) for label, _, _ in shown) + 16,
            self.width() // 2,
        )
        top = max(value for _, value, _ in shown) or 1.0
        count_width = metrics.horizontalAdvance(figure(top)) + 8
        room = self.width() - 2 * _PAD - label_width - count_width
        for index, (label, value, colour) in enumerate(shown):
            y = _PAD + index * row
            painter.setPen(QColor("black"))
            text = metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, label_width - 6)
            painter.drawText(_PAD, int(y + metrics.ascent() + 3), text)
            width = max(room * value / top, 1.0)
            painter.fillRect(QRectF(_PAD + label_width, y + 2, width, row - 4), QColor(colour))
            painter.setPen(QColor(GREY))
            painter.drawText(
                int(_PAD + label_width + width + 4), int(y + metrics.ascent() + 3), figure(value)
            )


class Histogram(Plot):
    """Vertical bars for response-time bins, and markers for percentiles."""

    def __init__(self, object_name: str, accessible_name: str, empty_text: str) -> None:
        super().__init__(object_name, accessible_name, empty_text)
        self.setMinimumHeight(140)
        self._bins: list[Bin] = []
        self._markers: list[tuple[str, float, str]] = []
        self._title = ""

    def set_bins(
        self, bins: list[Bin], markers: list[tuple[str, float, str]], title: str = ""
    ) -> None:
        """Show ``bins`` and ``(label, ms, colour)`` markers (p50, p95, p99) under ``title``."""
        self._bins = bins
        self._markers = markers
        self._title = title
        described = ", ".join(f"{b.low:g}-{b.high:g} ms: {b.count}" for b in bins)
        marks = ", ".join(f"{label} {figure(ms)} ms" for label, ms, _ in markers)
        self.setAccessibleDescription(f"{title}: {described}; {marks}" if bins else "")
        self.update()

    def bins(self) -> list[Bin]:
        """The bins shown."""
        return list(self._bins)

    def is_empty(self) -> bool:
        return not self._bins

    def draw(self, painter: QPainter) -> None:
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QColor, QPen

        metrics = self.fontMetrics()
        box = QRectF(self.rect()).adjusted(_PAD, _PAD, -_PAD, -_PAD - metrics.height() - 2)
        top = nice_ceiling(max(b.count for b in self._bins))
        left = self._axes(painter, box, top, "requests", self._title or "Response times")
        plot = QRectF(left, box.top() + metrics.height() + 2, box.right() - left, 0)
        plot.setBottom(box.bottom())
        width = plot.width() / len(self._bins)
        for index, one in enumerate(self._bins):
            height = one.count / top * plot.height()
            bar = QRectF(plot.left() + index * width + 1, plot.bottom() - height, width - 2, height)
            painter.fillRect(bar, QColor(BLUE))
        # Bin edges under the bars, as many as fit.
        painter.setPen(QColor(GREY))
        labels = [f"{b.low:g}" for b in self._bins] + [f"{self._bins[-1].high:g} ms"]
        room = max(metrics.horizontalAdvance(t) for t in labels) + 6
        every = max(1, math.ceil(room / max(width, 1)))
        y = int(plot.bottom() + metrics.ascent() + 2)
        drawn_to = -math.inf
        for index in range(0, len(labels), every):
            text = labels[index]
            x = plot.left() + index * width - metrics.horizontalAdvance(text) / 2
            x = min(x, self.width() - _PAD - metrics.horizontalAdvance(text))
            if x < drawn_to + 4:
                continue  # the last label, pushed left, would overlap the one before
            painter.drawText(int(x), y, text)
            drawn_to = x + metrics.horizontalAdvance(text)
        # Percentile markers where their value falls (within its bin, linearly).
        for label, ms, colour in self._markers:
            spot = self._position(ms, plot.left(), width)
            if spot is None:
                continue
            painter.setPen(QPen(QColor(colour), 1.5))
            painter.drawLine(int(spot), int(plot.top()), int(spot), int(plot.bottom()))
            painter.drawText(int(spot + 3), int(plot.top() + metrics.ascent()), label)

    def _position(self, ms: float, left: float, width: float) -> float | None:
        for index, one in enumerate(self._bins):
            if one.low <= ms < one.high or (index == len(self._bins) - 1 and ms == one.high):
                share = (ms - one.low) / ((one.high - one.low) or 1.0)
                return left + (index + share) * width
        return None
