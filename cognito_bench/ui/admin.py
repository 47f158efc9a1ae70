"""The Admin pane: the pool's users (paged), create, confirm, set password, delete.

Admin calls are signed with AWS credentials (the target's AWS profile, or the emulator's dummy
keys), unlike the browser-style user-pool calls on the left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.flows.session import Session
from cognito_bench.flows.steps import ACTIONS, Form, perform
from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.widgets import (
    ERROR_STYLE,
    BusyButton,
    FlowGroup,
    ask_destructive,
    line_edit,
    named,
    readonly_table,
)

if TYPE_CHECKING:
    from cognito_bench.aws.record import CallRecord
    from cognito_bench.aws.target import Target

__all__ = ["PAGE_SIZE", "AdminPane", "user_rows"]

PAGE_SIZE = 15


def user_rows(record: CallRecord) -> list[tuple[str, str, str, str, str]]:
    """(username, status, enabled, e-mail, created) for each user of a ListUsers record."""
    rows = []
    for user in record.response.get("Users", []) or []:
        attrs = {a.get("Name"): a.get("Value") for a in user.get("Attributes", []) or []}
        rows.append(
            (
                str(user.get("Username", "")),
                str(user.get("UserStatus", "")),
                "yes" if user.get("Enabled", True) else "no",
                str(attrs.get("email", "")),
                str(user.get("UserCreateDate", ""))[:19],
            )
        )
    return rows


class AdminPane(FlowGroup):
    """Users of the pool with paging, and the admin actions on the user named in the field.

    Signals:
        record(object): an admin call finished (the window adds it to History).
    """

    record = Signal(object)

    COLUMNS = ("Username", "Status", "Enabled", "E-mail", "Created")

    def __init__(
        self,
        runner: Runner,
        target: Callable[[], Target],
        aws_profile: QComboBox | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Admin (AWS credentials)", "adminGroup", parent)
        self._runner = runner
        self._target = target
        self._rows: list[tuple[str, str, str, str, str]] = []
        self._page = 0
        #: The AWS CLI profile admin calls are signed with (the window owns the combo).
        self.aws_profile = aws_profile or named(
            QComboBox(), "adminAwsProfile", "AWS profile (admin calls)"
        )
        if aws_profile is None:
            self.aws_profile.addItem("Default credential chain", "")
        self.username = line_edit("adminUsername", "Admin: username", "username")
        self.password = line_edit(
            "adminPassword", "Admin: password", "temporary or new password", secret=True
        )
        self.permanent = named(QCheckBox("Permanent"), "adminPermanent", "Password is permanent")
        self.buttons: dict[str, BusyButton] = {}
        specs = [
            ("adminListUsers", "List users", self._list),
            ("adminCreateUser", "Create", self._create),
            ("adminConfirm", "Confirm", self._confirm),
            ("adminSetPassword", "Set password", self._set_password),
            ("adminDeleteUser", "Delete…", lambda: self.delete_user()),
        ]
        for name, label, slot in specs:
            button = named(BusyButton(label), f"{name}Button", f"Admin: {label}")
            button.clicked.connect(slot)
            self.buttons[name] = button
        self.main_button = self.buttons["adminListUsers"]
        self.table = readonly_table(self.COLUMNS, "adminUsersTable", "Pool users", stretch=3)
        self.table.currentCellChanged.connect(self._row_selected)
        self.prev = named(QPushButton("◀ Previous"), "adminPrevPage", "Previous page of users")
        self.next = named(QPushButton("Next ▶"), "adminNextPage", "Next page of users")
        self.page_label = named(QLabel("No users listed yet."), "adminPage", "Users page")
        #: The last admin call's one line (code, cause, fix): the status bar's fades.
        self.outcome = named(QLabel(""), "adminOutcome", "Admin: last call")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.prev.clicked.connect(lambda: self._go(self._page - 1))
        self.next.clicked.connect(lambda: self._go(self._page + 1))

        fields = QGridLayout()
        fields.addWidget(QLabel("AWS profile"), 1, 0)
        fields.addWidget(self.aws_profile, 1, 1, 1, 4)
        fields.addWidget(QLabel("Username"), 0, 0)
        fields.addWidget(self.username, 0, 1)
        fields.addWidget(QLabel("Password"), 0, 2)
        fields.addWidget(self.password, 0, 3)
        fields.addWidget(self.permanent, 0, 4)
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        paging = QHBoxLayout()
        paging.addWidget(self.page_label, 1)
        paging.addWidget(self.prev)
        paging.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addLayout(row)
        layout.addWidget(self.outcome)
        layout.addWidget(self.table, 1)
        layout.addLayout(paging)
        self._show_page()

    @property
    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """Every listed user (all pages)."""
        return list(self._rows)

    @property
    def page(self) -> int:
        return self._page

    def _go(self, page: int) -> None:
        pages = max(1, -(-len(self._rows) // PAGE_SIZE))
        self._page = min(max(0, page), pages - 1)
        self._show_page()

    def _show_page(self) -> None:
        start = self._page * PAGE_SIZE
        page_rows = self._rows[start : start + PAGE_SIZE]
        self.table.setRowCount(len(page_rows))
        for r, values in enumerate(page_rows):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        pages = max(1, -(-len(self._rows) // PAGE_SIZE))
        if self._rows:
            self.page_label.setText(f"{len(self._rows)} users · page {self._page + 1} of {pages}")
        self.prev.setEnabled(self._page > 0)
        self.next.setEnabled(self._page < pages - 1)

    def _show_outcome(self, record: CallRecord) -> None:
        self.outcome.setText(record.one_line())
        self.outcome.setStyleSheet("" if record.ok else ERROR_STYLE)

    def _row_selected(self, row: int, *_args: Any) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        if item is not None:
            self.username.setText(item.text())

    def _form(self) -> Form:
        """The pane's fields as a step's inputs (one password field: temporary or new)."""
        password = self.password.text()
        return Form(
            target=self._target(),
            username=self.username.text().strip(),
            password=password,
            temporary_password=password,
            permanent=self.permanent.isChecked(),
        )

    def _run(self, name: str, then_list: bool = True, quiet: bool = False) -> None:
        """Run the admin step ``name`` (its button's action) off the GUI thread."""
        button = self.buttons[name]
        form = self._form()
        button.begin()
        task = self._runner.spawn(self._call(name, form, then_list, quiet), f"admin:{name}")
        task.add_done_callback(lambda _task: button.end())

    async def _call(self, name: str, form: Form, then_list: bool, quiet: bool) -> None:
        step = ACTIONS[name]
        records = await self._runner.call_at(
            form.target.endpoint_url, perform, step, form, Session()
        )
        for record in records:
            self.record.emit(record)
            if record.error_code == "InvalidInput" and not form.username:
                self.page_label.setText("Type or select a username first.")
            if not (quiet and record.ok):  # the list after an action keeps the action's line
                self._show_outcome(record)
            if record.operation == "ListUsers" and record.ok:
                self._rows = user_rows(record)
                self._go(self._page)
            elif record.ok and then_list:
                self._list(quiet=True)

    def _list(self, quiet: bool = False) -> None:
        self._run("adminListUsers", then_list=False, quiet=quiet)

    def _create(self) -> None:
        self._run("adminCreateUser")

    def _confirm(self) -> None:
        self._run("adminConfirm")

    def _set_password(self) -> None:
        self._run("adminSetPassword")

    def delete_user(self, confirm: bool = True) -> None:
        """AdminDeleteUser on the user in the field (asks first unless ``confirm`` is False)."""
        name, pool = self.username.text().strip(), self._target().user_pool_id
        if (
            name
            and confirm
            and not ask_destructive(
                self,
                "Delete user",
                f"Delete {name} from user pool {pool}? This cannot be undone.",
            )
        ):
            return
        self._run("adminDeleteUser")
