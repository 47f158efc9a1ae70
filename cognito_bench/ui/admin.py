"""The Admin pane: the pool's users (paged), create, confirm, set password, delete; a user's
factors, devices and sessions; the pool's session tracking; the app client's secrets.

Admin calls are signed with AWS credentials (the target's AWS profile, or the emulator's dummy
keys), unlike the browser-style user-pool calls on the left. They run through the window's
:class:`~cognito_bench.ui.actions.ActionRunner` (as an admin :class:`Origin`: no session).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
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

from cognito_bench.flows.steps import Form
from cognito_bench.ui.actions import ADMIN, ActionRunner, Origin
from cognito_bench.ui.groups import ActionGroup, Button, Field
from cognito_bench.ui.groups.devices import device_items
from cognito_bench.ui.groups.sessions import session_items
from cognito_bench.ui.widgets import (
    ERROR_STYLE,
    BusyButton,
    FlowGroup,
    ask_destructive,
    line_edit,
    named,
    readonly_table,
    set_ready,
)

if TYPE_CHECKING:
    from cognito_bench.aws.record import CallRecord
    from cognito_bench.aws.target import Target

__all__ = ["PAGE_SIZE", "AdminFactorsGroup", "AdminPane", "secret_items", "user_rows"]

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


def secret_items(record: CallRecord) -> list[tuple[str, str]]:
    """(text, secret id) of each client secret a ListUserPoolClientSecrets record lists."""
    items = []
    for secret in record.response.get("ClientSecrets", []) or []:
        if isinstance(secret, dict) and secret.get("ClientSecretId"):
            secret_id = str(secret["ClientSecretId"])
            created = str(secret.get("ClientSecretCreateDate", ""))[:16]
            items.append((f"{secret_id} · {created}" if created else secret_id, secret_id))
    return items


#: What each list fills: the operation, the field (a Form attribute), its items.
_LISTS = (
    ("AdminListDevices", "device_key", device_items),
    ("AdminListUserSessions", "session_id", session_items),
    ("ListUserPoolClientSecrets", "client_secret_id", secret_items),
)


class AdminFactorsGroup(ActionGroup):
    """The user's auth factors, TOTP, devices and sessions; the pool's session tracking; the
    app client's secrets (the user is the Admin pane's Username; the client the target's)."""

    TITLE = "Factors, devices, sessions, client secrets"
    NAME = "adminFactorsGroup"
    MAIN = "adminAuthFactors"
    COLUMNS = 4
    FIELD_COLUMNS = 2
    FIELDS = (
        Field(
            "adminDeviceKey", "Admin: device key", "Device", "device_key", "List devices", "listed"
        ),
        Field(
            "adminSessionId",
            "Admin: session id",
            "Session",
            "session_id",
            "List sessions",
            "listed",
        ),
        Field(
            "adminClientSecretId",
            "Admin: client secret id",
            "Secret id",
            "client_secret_id",
            "List secrets",
            "listed",
        ),
        Field(
            "adminNewClientSecret",
            "Admin: client secret to add",
            "New secret",
            "new_client_secret",
            "empty: Cognito makes one",
            "secret",
        ),
        Field(
            "adminSessionTracking",
            "Admin: session tracking",
            "Tracking",
            "session_tracking",
            kind="choice",
            choices=(("On", "true"), ("Off", "false")),
        ),
        Field(
            "adminMaxSessions",
            "Admin: sessions per user",
            "Per user",
            "max_sessions",
            "1-100; empty: 20",
        ),
    )
    BUTTONS = (
        Button("adminAuthFactors", "Auth factors", "Admin: Auth factors"),
        Button("adminDeleteSoftwareToken", "Delete TOTP…", "Admin: Delete TOTP"),
        Button("adminListDevices", "List devices", "Admin: List devices"),
        Button("adminForgetDevice", "Forget device…", "Admin: Forget device"),
        Button("adminListSessions", "List sessions", "Admin: List sessions"),
        Button("adminRevokeSession", "Revoke session", "Admin: Revoke session"),
        Button("adminGetSessionConfig", "Session tracking", "Admin: Session tracking"),
        Button("adminSetSessionConfig", "Set tracking", "Admin: Set session tracking"),
        Button("adminListClientSecrets", "List secrets", "Admin: List client secrets"),
        Button("adminAddClientSecret", "Add secret", "Admin: Add client secret"),
        Button("adminDeleteClientSecret", "Delete secret…", "Admin: Delete client secret"),
    )

    def form_values(self) -> dict[str, Any]:
        """The fields by ``Form`` attribute (tracking as a flag)."""
        values = super().form_values()
        values["session_tracking"] = values.get("session_tracking") != "false"
        return values

    def show_record(self, record: CallRecord) -> None:
        """A list of devices, sessions or client secrets fills its choice."""
        for operation, attribute, items in _LISTS:
            if record.operation == operation and record.ok:
                self.fill_list(attribute, items(record))


class AdminPane(FlowGroup):
    """Users of the pool with paging, and the admin actions on the user named in the field.

    Its calls' records reach the window through the action runner's ``recorded`` signal.
    """

    COLUMNS = ("Username", "Status", "Enabled", "E-mail", "Created")

    def __init__(
        self,
        actions: ActionRunner,
        target: Callable[[], Target],
        aws_profile: QComboBox | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Admin (AWS credentials)", "adminGroup", parent)
        self._actions = actions
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
        #: The user's factors, devices and sessions; session tracking; client secrets.
        self.factors = AdminFactorsGroup()
        self.factors.action.connect(self._factor_action)
        self.buttons.update(self.factors.buttons)
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
        for name, _label, _slot in specs:
            row.addWidget(self.buttons[name])
        row.addStretch(1)
        paging = QHBoxLayout()
        paging.addWidget(self.page_label, 1)
        paging.addWidget(self.prev)
        paging.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addLayout(row)
        layout.addWidget(self.factors)
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
            **self.factors.form_values(),
        )

    def _run(self, name: str, then_list: bool = True, quiet: bool = False) -> None:
        """Run the admin step ``name`` (its button's action) off the GUI thread."""
        form = self._form()
        self._actions.run(
            name,
            form,
            Origin(ADMIN),
            button=self.buttons[name],
            then=lambda records: self._after(records, form, then_list, quiet),
        )

    def _after(self, records: list[CallRecord], form: Form, then_list: bool, quiet: bool) -> None:
        for record in records:
            if record.error_code == "InvalidInput" and not form.username:
                self.page_label.setText("Type or select a username first.")
            if not (quiet and record.ok):  # the list after an action keeps the action's line
                self._show_outcome(record)
            self.factors.show_record(record)
            if record.operation == "ListUsers" and record.ok:
                self._rows = user_rows(record)
                self._go(self._page)
            elif record.ok and then_list:
                self._list(quiet=True)

    def set_ready(self, ready: bool, why: str = "") -> None:
        """Enable the buttons once the target is known."""
        set_ready(self.buttons.values(), ready, why)

    def _factor_action(self, name: str, confirm: bool = True) -> None:
        """Run a factors, devices, sessions or client secrets action (asks first before one
        that cannot be undone, unless ``confirm`` is False)."""
        from cognito_bench.flows.steps import ACTIONS

        step = ACTIONS[name]
        if step.destructive and confirm:
            form = self._form()
            title = self.buttons[name].accessibleName()
            if not ask_destructive(self, title, step.question(form, form.username)):
                return
        self._run(name, then_list=False)

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
