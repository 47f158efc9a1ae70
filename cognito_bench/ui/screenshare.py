"""Screen-share mode in the views: masked widgets that follow the window's mode.

The rule (what is a secret, how it is masked) is the core's: :mod:`cognito_bench.masking`.
This module only shows it: the window sets its ``screenShare`` property and calls
:func:`apply_to` on its children; each widget here re-renders from the real value it keeps.
A click shows one value (the one clicked; the one shown before is masked again); Copy and
Ctrl+C copy the real value.

- :class:`SecretLineEdit`: a read-only line for a token, a TOTP secret or URI, a tampered
  token (and, shown in full, a JWT's parts in jwt.io's colours);
- :class:`SecretLabel`: a label with a secret in it (the identity group's AWS key id);
- :class:`MaskedTextBox`: the box a token is pasted into;
- :func:`sharing`: whether a widget's window is in the mode; :func:`echo_for_sharing`: the
  echo mode of an editable field that holds a code;
- :func:`switch`: turn a window's mode on or off (View → Screen-share mode, Ctrl+Shift+M).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent

    from cognito_bench.ui.mainwindow import MainWindow

__all__ = [
    "PROPERTY",
    "MaskedTextBox",
    "SecretLabel",
    "SecretLineEdit",
    "apply_to",
    "echo_for_sharing",
    "is_revealed",
    "reveal",
    "sharing",
    "switch",
]

#: The window property that says the mode is on.
PROPERTY = "screenShare"

_revealed: list[tuple[weakref.ref[QWidget], object]] = []


def sharing(widget: QWidget) -> bool:
    """True when ``widget``'s window is in screen-share mode."""
    return bool(widget.window().property(PROPERTY))


def reveal(widget: QWidget, key: object = None) -> None:
    """Show ``widget``'s value ``key`` (one at a time: the value shown before is masked)."""
    before = _revealed[0][0]() if _revealed else None
    _revealed[:] = [(weakref.ref(widget), key)]
    if before is not None and before is not widget:
        _apply(before)


def is_revealed(widget: QWidget, key: object = None) -> bool:
    """True when ``widget``'s value ``key`` is the one a click showed."""
    return bool(_revealed) and _revealed[0][0]() is widget and _revealed[0][1] == key


def hide_revealed() -> None:
    """Mask the value a click showed again (the mode was switched)."""
    before = _revealed[0][0]() if _revealed else None
    _revealed.clear()
    if before is not None:
        _apply(before)


def _apply(widget: QWidget) -> None:
    method = getattr(widget, "apply_screen_share", None)
    if method is not None:
        method()


def apply_to(root: QWidget) -> None:
    """Re-render every masked widget under ``root`` (the mode changed)."""
    hide_revealed()
    for widget in root.findChildren(QWidget):
        _apply(widget)


def switch(window: MainWindow, on: bool, remember: bool = True) -> None:
    """Mask every token, secret, password, AWS key and code in ``window`` (or stop): its
    property, its status-bar note and menu check, every masked widget under it.

    Args:
        window: the window.
        on: the mode.
        remember: keep it for every window and the next start (the profiles file).
    """
    window.setProperty(PROPERTY, on)
    window.status_share.setVisible(on)
    action = window.menu_actions.get("screen_share")
    if action is not None and action.isChecked() != on:
        action.setChecked(on)
    apply_to(window)
    store, runner = window.store, window.runner
    if remember and store is not None and not runner.closed:
        runner.spawn(runner.call_cpu(store.profiles.set_screen_share, on), "screen-share")


def echo_for_sharing(edit: QLineEdit, secret: bool = False) -> None:
    """The echo mode of an editable field: a password always hides; a code field hides in
    screen-share mode except while being edited."""
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    elif sharing(edit):
        edit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
    else:
        edit.setEchoMode(QLineEdit.EchoMode.Normal)


def _masked(widget: QWidget, value: str, key: object = None) -> bool:
    return bool(value) and sharing(widget) and not is_revealed(widget, key)


class SecretLineEdit(QLineEdit):
    """A read-only field that holds a secret: masked in screen-share mode, a click shows it.

    :meth:`value` is the real value (a ``QLineEdit`` keeps at most 32,767 characters, the
    value any length); Ctrl+C copies it whole.
    """

    def __init__(self, parent: QWidget | None = None, *, jwt_colours: bool = False) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self._value = ""
        self._jwt_colours = jwt_colours
        #: The token's parts as coloured, (start, length, colour); none while masked.
        self.colours: list[tuple[int, int, str]] = []

    def value(self) -> str:
        """The real value."""
        return self._value

    def set_value(self, value: str) -> None:
        """Hold ``value`` and show it (masked in screen-share mode)."""
        self._value = value
        self.apply_screen_share()

    def clear(self) -> None:
        self.set_value("")

    @property
    def masked(self) -> bool:
        """True when the field shows the masked form."""
        return _masked(self, self._value)

    def apply_screen_share(self) -> None:
        """Show the value as the mode says."""
        from cognito_bench.masking import screen_value

        if self.masked:
            self.setText(screen_value(self._value))
            self.setToolTip("Hidden while screen sharing: click to show it; Ctrl+C copies it")
        else:
            self.setText(self._value)
            self.setToolTip("")
        self.setCursorPosition(0)
        if self._jwt_colours:
            from cognito_bench.ui.highlight import colour_jwt_parts

            self.colours = colour_jwt_parts(self)  # the masked text has no parts: cleared

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.masked:
            reveal(self)
            self.apply_screen_share()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            QGuiApplication.clipboard().setText(self._value)
            event.accept()
            return
        super().keyPressEvent(event)


class SecretLabel(QLabel):
    """A label whose text has secrets in it: :func:`~cognito_bench.masking.screen_text` of
    it in screen-share mode (the secret parts given as ``secrets``); a click shows it."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._text = text
        self._secrets: tuple[str, ...] = ()

    def set_secret_text(self, text: str, secrets: tuple[str, ...] = ()) -> None:
        """Show ``text``, with each of ``secrets`` in it masked in screen-share mode."""
        self._text = text
        self._secrets = tuple(s for s in secrets if s)
        self.apply_screen_share()

    def full_text(self) -> str:
        """The text unmasked."""
        return self._text

    def apply_screen_share(self) -> None:
        """Show the text as the mode says."""
        from cognito_bench.masking import screen_text, screen_value

        shown = self._text
        if self._secrets and _masked(self, shown):
            for secret in self._secrets:
                shown = shown.replace(secret, screen_value(secret))
            shown = screen_text(shown)
        self.setText(shown)
        self.setToolTip(shown)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._secrets and _masked(self, self._text):
            reveal(self)
            self.apply_screen_share()
        super().mousePressEvent(event)


class MaskedTextBox(QPlainTextEdit):
    """The box a token is pasted into: in screen-share mode, what it holds shows masked
    unless it has the focus (being edited); :meth:`real_text` is what was pasted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._real = ""
        self._showing_mask = False
        self.textChanged.connect(self._changed)

    def real_text(self) -> str:
        """What was typed or pasted (never the mask)."""
        return self._real if self._showing_mask else self.toPlainText()

    def _changed(self) -> None:
        if not self._showing_mask:
            self._real = self.toPlainText()

    def apply_screen_share(self) -> None:
        """Mask the text (out of focus, in screen-share mode) or show it."""
        from cognito_bench.masking import screen_text

        want_mask = sharing(self) and not self.hasFocus() and not is_revealed(self)
        if want_mask and not self._showing_mask:
            self._real = self.toPlainText()
            masked = screen_text(self._real)
            if masked != self._real:
                self._set_shown(masked, True)
        elif not want_mask and self._showing_mask:
            self._set_shown(self._real, False)

    def _set_shown(self, text: str, mask: bool) -> None:
        self._showing_mask = mask
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        self.setReadOnly(mask)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._showing_mask:
            reveal(self)
            self._set_shown(self._real, False)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.apply_screen_share()

    def setPlainText(self, text: str) -> None:
        super().setPlainText(text)
        if not self._showing_mask:
            self._real = text
            if sharing(self) and not self.hasFocus():
                self.apply_screen_share()
