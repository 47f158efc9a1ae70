"""Epoch seconds as people read them: local ISO time and "in 42 min" / "3 min ago"."""

from __future__ import annotations

import math
from datetime import UTC, datetime

__all__ = ["local_iso", "relative", "span"]


def span(seconds: float) -> str:
    """A duration in the largest unit that reads well ("12 s", "42 min", "2 h 5 min", "3 days").

    Returns an empty string for less than a second, and "forever" for infinite or NaN input.
    """
    if not math.isfinite(seconds):
        return "forever"
    s = int(abs(seconds))
    if s < 1:
        return ""
    if s < 60:
        return f"{s} s"
    minutes = s // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days = hours // 24
    if days < 730:
        return f"{days} days"
    years = days // 365
    # A crafted claim ("exp": 1e300) would otherwise print a 290-digit number of years.
    return f"{years} years" if years < 10_000 else "more than 10,000 years"


def relative(epoch: float, now: float) -> str:
    """Where ``epoch`` lies from ``now``: "in 42 min", "3 min ago" or "now"."""
    delta = epoch - now
    text = span(delta)
    if not text:
        return "now"
    return f"in {text}" if delta > 0 else f"{text} ago"


def local_iso(epoch: float) -> str:
    """``epoch`` as ISO 8601 in the local time zone, to the second.

    Never raises: a time outside what the platform can represent comes back as
    "out of range".
    """
    try:
        return datetime.fromtimestamp(epoch, tz=UTC).astimezone().isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return "out of range"
