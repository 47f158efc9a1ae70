"""`GcPacer`: CPython's full garbage collections at moments nobody is waiting.

A full (generation 2) collection walks every tracked object and holds the GIL throughout,
whichever thread triggers it. In the running bench that is ~75 ms (the emulator, botocore's
models and an 8.7 MB response are a few hundred thousand objects): a worker thread parsing a
big response would freeze the window for five frames. So, once start-up is done, the pacer

* freezes the start-up objects (``gc.freeze``): they are never walked again;
* stops automatic full collections (generation 2's threshold set out of reach); the young
  generations are still collected automatically, which takes well under a millisecond;
* runs the full collection itself on the GUI thread when the bench is quiet: no call in
  flight, nothing rendering, nothing typed, pressed or focused for :data:`QUIET_S`; at most
  once per quiet spell, and anyway after :data:`CAP_S` of constant use (the only pause a
  user could see, and it needs five minutes without a two-second rest).

Input is seen through the widgets' own signals (a field edited, a button pressed, a choice
made, the focus moved), not an application-wide event filter: a Python filter runs for
every event of every widget and needs the GIL each time, which tripled the GUI thread's
longest wait during ten SRP sign-ins (12 ms to 35 ms, bench_gui).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit, QWidget

__all__ = ["CAP_S", "QUIET_S", "GcPacer"]

#: Seconds without input or work before a full collection may run.
QUIET_S = 2.0
#: Seconds after which a full collection runs at the first moment no work is running.
CAP_S = 300.0
_TICK_MS = 500
#: Generation 2's threshold while paced: full collections only when the pacer runs them.
_NEVER = 1_000_000_000


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
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._input)
        self._timer.start()

    def watch(self, root: QWidget) -> None:
        """Note input in ``root``'s fields, buttons and lists (built ones; call again later)."""
        for edit in root.findChildren(QLineEdit):
            edit.textEdited.connect(self._input)
        for button in root.findChildren(QAbstractButton):
            button.pressed.connect(self._input)
        for combo in root.findChildren(QComboBox):
            combo.activated.connect(self._input)

    def stop(self) -> None:
        """Give full collections back to CPython (the frozen objects stay frozen)."""
        if self._saved_threshold is None:
            return
        self._timer.stop()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.disconnect(self._input)
        gc.set_threshold(*self._saved_threshold)
        self._saved_threshold = None

    def touch(self) -> None:
        """Note activity (a call finished): a collection waits for the next quiet spell."""
        self._last_activity = time.monotonic()
        self._collected_while_quiet = False

    def _input(self, *_args: object) -> None:
        self.touch()

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
