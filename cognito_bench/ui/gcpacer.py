"""`GcPacer`: CPython's full garbage collections at moments nobody is waiting.

A full (generation 2) collection walks every tracked object and holds the GIL throughout,
whichever thread triggers it. In the running bench that is ~75 ms (the emulator, botocore's
models and an 8.7 MB response are a few hundred thousand objects): a worker thread parsing a
big response would freeze the window for five frames. So, once start-up is done, the pacer

* freezes the start-up objects (``gc.freeze``): they are never walked again;
* stops automatic full collections (generation 2's threshold set out of reach); the young
  generations are still collected automatically, which takes well under a millisecond;
* runs the full collection itself on the GUI thread when the bench is quiet: no call in
  flight, nothing rendering, no key or mouse input for :data:`QUIET_S`; at most once per
  quiet spell, and anyway after :data:`CAP_S` of constant use (the only pause a user could
  see, and it needs five minutes without a two-second rest).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

__all__ = ["CAP_S", "QUIET_S", "GcPacer"]

#: Seconds without input or work before a full collection may run.
QUIET_S = 2.0
#: Seconds after which a full collection runs at the first moment no work is running.
CAP_S = 300.0
_TICK_MS = 500
#: Generation 2's threshold while paced: full collections only when the pacer runs them.
_NEVER = 1_000_000_000
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class GcPacer(QObject):
    """Runs full garbage collections when the bench is quiet (see the module docstring).

    Args:
        busy: True while work the user waits for runs (calls, rendering, history writes).

    Attributes:
        collections: full collections run so far.
        last_ms: how long the last one took.
    """

    def __init__(self, busy: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = busy
        now = time.monotonic()
        self._last_activity = now
        self._last_full = now
        self._collected_while_quiet = False
        self._saved_threshold: tuple[int, int, int] | None = None
        self.collections = 0
        self.last_ms = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(_TICK_MS)
        self._timer.timeout.connect(self._tick)

    @property
    def active(self) -> bool:
        """True between :meth:`start` and :meth:`stop`."""
        return self._saved_threshold is not None

    def start(self) -> None:
        """Freeze what start-up made and take over full collections."""
        if self.active:
            return
        # Not collected first: that would be the very pause this avoids. What start-up
        # left as garbage is a few kilobytes, frozen with the rest.
        gc.freeze()
        self._saved_threshold = gc.get_threshold()
        young, middle, _ = self._saved_threshold
        gc.set_threshold(young, middle, _NEVER)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        """Give full collections back to CPython (the frozen objects stay frozen)."""
        if self._saved_threshold is None:
            return
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        gc.set_threshold(*self._saved_threshold)
        self._saved_threshold = None

    def touch(self) -> None:
        """Note activity (a call finished): a collection waits for the next quiet spell."""
        self._last_activity = time.monotonic()
        self._collected_while_quiet = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.touch()
        return False

    def _tick(self) -> None:
        if self._busy():
            self._last_activity = time.monotonic()
            self._collected_while_quiet = False
            return
        now = time.monotonic()
        quiet = now - self._last_activity >= QUIET_S and not self._collected_while_quiet
        if quiet or now - self._last_full >= CAP_S:
            self.collect()
            self._collected_while_quiet = quiet

    def collect(self) -> int:
        """Run a full collection now; returns what it found unreachable."""
        started = time.perf_counter()
        found = gc.collect()
        self.last_ms = (time.perf_counter() - started) * 1000
        self._last_full = time.monotonic()
        self.collections += 1
        return found
