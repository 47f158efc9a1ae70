"""The window's flow groups: one widget per group, its buttons and fields declared from the steps.

A group module declares a subclass of :class:`ActionGroup`: its title, its object name, its
main action (what Enter runs), its :class:`Button` rows (each a step's ``action`` from
:data:`cognito_bench.flows.steps.ACTIONS`) and its :class:`Field` inputs (each a
:class:`~cognito_bench.flows.steps.Form` attribute). The base class builds, names and lays
them out and reads the fields into a form; nothing outside the group knows its widgets.
Adding a button is one :class:`Button` in its group and one ``Step`` in ``flows/steps.py``.

What a session shows inside a group (the identity id, the TOTP secret) is the group's
:meth:`ActionGroup.show_session`; the window calls it for the session tab in front. What a
call lists (devices, passkeys, sessions) fills a ``listed`` field through
:meth:`ActionGroup.show_record`.

Groups a user opens one at a time (MFA, passkeys, devices, sessions) are pages of one tab
box (:attr:`ActionGroup.TABS`, :data:`TAB_BOXES`), and rows are :data:`~cognito_bench.ui.widgets.GAP`
apart: the window fits a maximized window on a 1366×768 screen (about 1366×700).

Light at import (the window imports this before its first paint): the groups' own modules
are imported by :func:`group_classes` when the window builds them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.ui.widgets import (
    GAP,
    GROUP_MARGINS,
    BusyButton,
    FlowGroup,
    line_edit,
    named,
    set_ready,
)

if TYPE_CHECKING:
    from cognito_bench.aws.record import CallRecord
    from cognito_bench.flows.session import Change, Session

__all__ = ["GROUP_MODULES", "TAB_BOXES", "ActionGroup", "Button", "Field", "group_classes"]

#: The groups in window order (modules of this package, each with one ``GROUP`` class).
GROUP_MODULES = (
    "signup",
    "signin",
    "password",
    "account",
    "mfa",
    "passkeys",
    "devices",
    "sessions",
    "identity",
    "s3",
)
#: The tab boxes groups sit in as pages (:attr:`ActionGroup.TABS`): object name, accessible name.
TAB_BOXES = {"factorTabs": "Sign-in factors"}


class Button(NamedTuple):
    """One button of a group.

    Attributes:
        action: the step it runs (``signInSrp``; the button is ``signInSrpButton``); "" leaves
            its cell of the grid empty (for what :meth:`ActionGroup.build_extra` puts there).
        text: what it says (default: the step's label).
        accessible: what a screen reader says, a stable name for QA tools (default: the text).
    """

    action: str
    text: str = ""
    accessible: str = ""


class Field(NamedTuple):
    """One input of a group, read into the :class:`~cognito_bench.flows.steps.Form`.

    Attributes:
        object_name: the widget's stable object name.
        accessible: its accessible name.
        label: the label beside it.
        attribute: the ``Form`` attribute it fills.
        placeholder: a hint shown while it is empty (never a value-looking text).
        kind: ``text``, ``secret`` (echoes as a password), ``choice`` (a list) or ``listed``
            (a list a call fills, :meth:`ActionGroup.fill_list`, or typed text).
        choices: for a choice, (text, value) pairs; a value of None reads the text.
        tooltip: more help.
    """

    object_name: str
    accessible: str
    label: str
    attribute: str
    placeholder: str = ""
    kind: str = "text"
    choices: tuple[tuple[str, str | None], ...] = ()
    tooltip: str = ""


class ActionGroup(FlowGroup):
    """A flow group built from its declaration; Enter runs its main action.

    Signals:
        action(str): a button was clicked; its action name (``signInSrp``).
    """

    action = Signal(str)

    TITLE: ClassVar[str] = ""
    NAME: ClassVar[str] = ""
    MAIN: ClassVar[str] = ""
    BUTTONS: ClassVar[tuple[Button, ...]] = ()
    FIELDS: ClassVar[tuple[Field, ...]] = ()
    #: Buttons per row.
    COLUMNS: ClassVar[int] = 3
    #: The window column it sits in: 0 with the target (resources), 1 with the user.
    COLUMN: ClassVar[int] = 1
    #: The names of the ``Change`` flags after which :meth:`show_session` has something to
    #: show (none: it shows nothing of the session).
    SHOWS: ClassVar[tuple[str, ...]] = ()
    #: The tab box (a :data:`TAB_BOXES` name) it is a page of, in its column; "": none.
    TABS: ClassVar[str] = ""
    #: Fields per row (label, field, label, field...); 1: a form, one field per row.
    FIELD_COLUMNS: ClassVar[int] = 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.TITLE, self.NAME, parent)
        from cognito_bench.flows.steps import ACTIONS

        self.buttons: dict[str, BusyButton] = {}
        self.inputs: dict[str, QWidget] = {}
        self._fields: list[tuple[Field, QWidget]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*GROUP_MARGINS)
        layout.setSpacing(GAP)
        if self.FIELDS:
            layout.addLayout(self._lay_out_fields())
        #: The buttons' grid (a group's extras may sit in its free cells).
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(GAP)
        self.grid.setHorizontalSpacing(4)
        for i, button_spec in enumerate(self.BUTTONS):
            if not button_spec.action:
                continue  # a cell left to build_extra
            step = ACTIONS[button_spec.action]
            text = button_spec.text or step.label
            accessible = button_spec.accessible or text
            button = named(BusyButton(text), f"{button_spec.action}Button", accessible, step.doc)
            button.clicked.connect(lambda _=False, n=button_spec.action: self.action.emit(n))
            self.buttons[button_spec.action] = button
            self.grid.addWidget(button, i // self.COLUMNS, i % self.COLUMNS)
        layout.addLayout(self.grid)
        self.build_extra(layout)
        self.main_button = self.buttons[self.MAIN]
        if self.TABS:  # the tab says what it is: no title, no frame; the page's top
            self.setTitle("")
            self.setFlat(True)
            layout.addStretch(1)

    def _lay_out_fields(self) -> QFormLayout | QGridLayout:
        """The fields as a form, or :attr:`FIELD_COLUMNS` (label, field) pairs per row."""
        form = QFormLayout()
        grid = QGridLayout()
        for box in (form, grid):
            box.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(GAP)
        grid.setVerticalSpacing(GAP)
        grid.setHorizontalSpacing(4)
        columns = self.FIELD_COLUMNS
        for i, spec in enumerate(self.FIELDS):
            widget = _field_widget(spec)
            self._fields.append((spec, widget))
            self.inputs[spec.attribute] = widget
            if columns == 1:
                form.addRow(spec.label, widget)
                continue
            if isinstance(widget, QComboBox):  # as narrow as its share of the row
                widget.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                widget.setMinimumContentsLength(6)
            row, column = divmod(i, columns)
            grid.addWidget(QLabel(spec.label), row, 2 * column)
            grid.addWidget(widget, row, 2 * column + 1)
            grid.setColumnStretch(2 * column + 1, 1)
        return form if columns == 1 else grid

    def build_extra(self, layout: QVBoxLayout) -> None:
        """Add what the declaration cannot say (a QR code panel, a label); nothing by default."""

    def form_values(self) -> dict[str, Any]:
        """The fields' values by ``Form`` attribute."""
        return {spec.attribute: _value(spec, widget) for spec, widget in self._fields}

    def tab_chain(self) -> list[QWidget]:
        """The group's inputs, then its buttons, in the order Tab visits them."""
        return [*(w for _s, w in self._fields), *self.buttons.values()]

    def show_session(self, session: Session, change: Change, account: str) -> None:
        """Show what ``session`` holds that this group displays (called for the tab in front).

        Args:
            session: the session in front.
            change: what its last call changed (``Change.NONE`` when the tab was switched to).
            account: the user name to show (the session's, else the typed one).
        """

    def show_record(self, record: CallRecord) -> None:
        """Show what a call of the session tab in front listed (a ``listed`` field's choices);
        nothing by default."""

    def fill_list(self, attribute: str, items: list[tuple[str, str]]) -> None:
        """Offer ``items`` (text, value) in the ``listed`` field of ``attribute``; the first is
        chosen (none: the field is empty, for typing)."""
        combo = self.inputs[attribute]
        assert isinstance(combo, QComboBox)
        combo.clear()
        for text, value in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(0 if items else -1)
        if not items:
            combo.setEditText("")

    def set_local(self, local: bool) -> None:
        """The target is the local Cognito (its helpers, such as the current TOTP code, apply)."""

    def set_ready(self, ready: bool, why: str = "") -> None:
        """Enable the buttons once the target is known; ``why`` says what they wait for."""
        set_ready(self.buttons.values(), ready, why)


def _field_widget(spec: Field) -> QWidget:
    if spec.kind in ("choice", "listed"):
        combo = named(QComboBox(), spec.object_name, spec.accessible, spec.tooltip)
        for text, value in spec.choices:
            combo.addItem(text, value)
        if spec.kind == "listed":
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.setMinimumContentsLength(12)
            line = combo.lineEdit()
            if line is not None:
                line.setPlaceholderText(spec.placeholder)
        return combo
    edit = line_edit(
        spec.object_name, spec.accessible, spec.placeholder, secret=spec.kind == "secret"
    )
    if spec.tooltip:
        edit.setToolTip(spec.tooltip)
    return edit


def _value(spec: Field, widget: QWidget) -> Any:
    if isinstance(widget, QComboBox) and spec.kind == "listed":
        # A listed item's value while its text is shown; else what was typed.
        index = widget.currentIndex()
        text = widget.currentText().strip()
        if index >= 0 and text == widget.itemText(index).strip():
            return str(widget.itemData(index) or text)
        return text
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        return widget.currentText() if data is None else str(data)
    text = str(widget.text())  # type: ignore[attr-defined]
    return text if spec.kind == "secret" or spec.attribute == "s3_body" else text.strip()


def group_classes() -> list[type[ActionGroup]]:
    """The group classes in window order (their modules imported now)."""
    return [importlib.import_module(f"{__name__}.{module}").GROUP for module in GROUP_MODULES]
