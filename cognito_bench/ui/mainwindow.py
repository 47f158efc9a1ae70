"""The bench window: target and user fields and flow buttons on the left, panes on the right.

Every button snapshots the fields (a :class:`~cognito_bench.ui.flows.Form`) and the session on
the GUI thread, runs its action on the runner's thread pool, and feeds the records back here:
History, Response, Tokens and the challenge box follow from :meth:`Session.absorb`.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.ui import flows
from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.challenge import ChallengeBox, TotpPanel
from cognito_bench.ui.widgets import BusyButton, FlowGroup, line_edit, named

if TYPE_CHECKING:
    # The panes load after the window shows (run_app) or inside __init__ (tests, tools):
    # their modules and Qt's big ``Qt`` namespace cost ~60 ms of start-up.
    from cognito_bench.aws.record import CallRecord
    from cognito_bench.aws.target import Target
    from cognito_bench.emulator import LocalCognito, LocalTarget

#: Flow groups: (title, object name, main action, actions in button order).
GROUPS: list[tuple[str, str, str, list[str]]] = [
    ("Sign up", "signUpGroup", "signUp", ["signUp", "confirmSignUp", "resendCode"]),
    (
        "Sign in",
        "signInGroup",
        "signInSrp",
        ["signInSrp", "signInPassword", "refresh", "globalSignOut", "revoke"],
    ),
    (
        "Password",
        "passwordGroup",
        "changePassword",
        ["forgotPassword", "confirmForgotPassword", "changePassword"],
    ),
    (
        "User",
        "userActionsGroup",
        "getUser",
        ["getUser", "updateAttributes", "sendAttributeCode", "verifyAttribute", "deleteUser"],
    ),
    ("MFA", "mfaGroup", "mfaPreference", ["totpSetup", "totpVerify", "mfaPreference"]),
    ("Identity pool", "identityGroup", "getCredentials", ["getCredentials"]),
    ("S3", "s3Group", "s3Put", ["s3List", "s3Put", "s3Get"]),
]

CLIENT_KINDS = (("Public client", "public"), ("Client with secret", "secret"), ("Other", "other"))
PANE_TITLES = ("Response", "Tokens", "History", "Outbox", "Admin")


class MainWindow(QMainWindow):
    """Cognito Bench's main window.

    Args:
        runner: runs blocking calls off the GUI thread (owned by the caller).

    Signals:
        call_finished(object): a :class:`CallRecord` landed in History.
        local_ready(object): the embedded local Cognito is up; the fields hold its target.
        local_failed(str): the embedded local Cognito could not start.
        panes_built(): the right-hand panes exist (``lazy_panes``: shortly after showing).
        closed(): the window was closed (pending calls are cancelled).
    """

    call_finished = Signal(object)
    panes_built = Signal()
    local_ready = Signal(object)
    local_failed = Signal(str)
    closed = Signal()

    def __init__(
        self, runner: Runner, parent: QWidget | None = None, *, lazy_panes: bool = False
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.session = flows.Session()
        self.emulator: LocalCognito | None = None
        self.local_target: LocalTarget | None = None
        self._clients: dict[str, tuple[str, str]] = {}
        self.buttons: dict[str, BusyButton] = {}
        self.groups: dict[str, FlowGroup] = {}
        self.setObjectName("mainWindow")
        self.setWindowTitle("Cognito Bench")
        self.resize(1560, 940)

        left = self._build_left()
        right = self._build_right()
        splitter = QSplitter()  # horizontal
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([760, 800])
        self.setCentralWidget(splitter)

        self.status_target = named(QLabel("Target: none"), "statusTarget", "Target in use")
        self.status_session = named(QLabel("Signed out"), "statusSession", "Session state")
        for label in (self.status_session, self.status_target):
            label.setContentsMargins(10, 0, 10, 0)
            self.statusBar().addPermanentWidget(label)
        self.statusBar().setObjectName("statusBar")
        self._set_tab_order()
        if not lazy_panes:
            self.build_panes()

    # -- building -------------------------------------------------------------------------

    def _build_left(self) -> QWidget:
        target = FlowGroup("Target", "targetGroup")
        self.region = line_edit("targetRegion", "Region", "us-east-1")
        self.user_pool_id = line_edit("targetUserPoolId", "User pool id", "us-east-1_AbCdEf123")
        self.client_kind = named(QComboBox(), "targetClientKind", "App client kind")
        for label, kind in CLIENT_KINDS:
            self.client_kind.addItem(label, kind)
        self.client_kind.currentIndexChanged.connect(self._client_kind_changed)
        # A client id typed by hand is neither of the local demo clients.
        self.client_id = line_edit("targetClientId", "App client id", "app client id")
        self.client_id.textEdited.connect(self._client_id_typed)
        self.client_secret = line_edit(
            "targetClientSecret",
            "App client secret",
            "only for a client with a secret",
            secret=True,
        )
        self.identity_pool_id = line_edit(
            "targetIdentityPoolId", "Identity pool id", "us-east-1:0000…"
        )
        self.endpoint = line_edit("targetEndpoint", "Endpoint URL", "empty: real AWS")
        self.bucket = line_edit("targetBucket", "S3 bucket", "bucket name")
        self.aws_profile = line_edit(
            "targetAwsProfile", "AWS profile (admin calls)", "default credential chain"
        )
        form = QFormLayout(target)
        form.addRow("Region", self.region)
        form.addRow("User pool", self.user_pool_id)
        form.addRow("Client", self.client_kind)
        form.addRow("Client id", self.client_id)
        form.addRow("Secret", self.client_secret)
        form.addRow("Identity pool", self.identity_pool_id)
        form.addRow("Endpoint", self.endpoint)
        form.addRow("Bucket", self.bucket)
        form.addRow("AWS profile", self.aws_profile)

        user = FlowGroup("User", "userGroup")
        self.username = line_edit("userUsername", "Username", "username")
        self.password = line_edit("userPassword", "Password", "password", secret=True)
        self.email = line_edit("userEmail", "E-mail", "name@example.com")
        self.phone = line_edit("userPhone", "Phone", "+15555550100")
        self.code = line_edit("userCode", "Code", "confirmation / verification code")
        uform = QFormLayout(user)
        uform.addRow("Username", self.username)
        uform.addRow("Password", self.password)
        uform.addRow("E-mail", self.email)
        uform.addRow("Phone", self.phone)
        uform.addRow("Code", self.code)

        self.new_password = line_edit(
            "passwordNew", "New password", "new password (forgot / change)", secret=True
        )
        self.attribute = named(QComboBox(), "userAttribute", "Attribute to verify")
        self.attribute.addItems(["email", "phone_number"])
        self.mfa_kind = named(QComboBox(), "mfaKind", "Preferred MFA")
        self.mfa_kind.addItems(["TOTP", "SMS", "E-mail", "Off"])
        self.mfa_totp = TotpPanel("mfaTotp")
        self.mfa_totp.code.connect(self.code.setText)
        self.identity_id = named(QLabel("No identity yet."), "identityId", "Identity id")
        self.identity_id.setWordWrap(True)
        self.s3_key = line_edit("s3Key", "S3 key", "key, e.g. notes/hello.txt")
        self.s3_body = line_edit("s3Body", "S3 body", "text to put")
        self.s3_prefix = line_edit("s3Prefix", "S3 list prefix", "prefix (list)")
        self.challenge = ChallengeBox()
        self.challenge.secret_provider = lambda: self.session.totp_secret
        for name, button in self.challenge.buttons.items():
            self.buttons[name] = button
            button.clicked.connect(lambda _=False, n=name: self.run_action(n))

        fields = QWidget()
        fields.setObjectName("fieldsColumn")
        fcol = QVBoxLayout(fields)
        fcol.setContentsMargins(0, 0, 0, 0)
        fcol.addWidget(target)
        fcol.addWidget(user)
        fcol.addStretch(1)
        user.main_button = self._button("signInSrp")

        actions = QWidget()
        actions.setObjectName("actionsColumn")
        acol = QVBoxLayout(actions)
        acol.setContentsMargins(0, 0, 0, 0)
        extras: dict[str, list[tuple[str, QWidget]]] = {
            "passwordGroup": [("New password", self.new_password)],
            "userActionsGroup": [("Attribute", self.attribute)],
            "mfaGroup": [("Preferred", self.mfa_kind)],
            "s3Group": [("Key", self.s3_key), ("Body", self.s3_body), ("Prefix", self.s3_prefix)],
        }
        for title, object_name, main, names in GROUPS:
            group = FlowGroup(title, object_name)
            self.groups[object_name] = group
            glayout = QVBoxLayout(group)
            if object_name in extras:
                gform = QFormLayout()
                for label, widget in extras[object_name]:
                    gform.addRow(label, widget)
                glayout.addLayout(gform)
            grid = QGridLayout()
            for i, name in enumerate(names):
                grid.addWidget(self._button(name), i // 3, i % 3)
            glayout.addLayout(grid)
            if object_name == "mfaGroup":
                glayout.addWidget(self.mfa_totp)
            if object_name == "identityGroup":
                glayout.addWidget(self.identity_id)
            group.main_button = self._button(main)
            acol.addWidget(group)
            if object_name == "signInGroup":
                acol.addWidget(self.challenge)
        acol.addStretch(1)

        columns = QWidget()
        row = QHBoxLayout(columns)
        row.setContentsMargins(4, 4, 4, 4)
        row.addWidget(fields, 4)
        row.addWidget(actions, 3)
        scroll = QScrollArea()
        scroll.setObjectName("leftScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(columns)
        scroll.setMinimumWidth(560)
        return scroll

    def _button(self, name: str) -> BusyButton:
        if name not in self.buttons:
            action = flows.ACTIONS[name]
            button = named(BusyButton(action.label), f"{name}Button", action.label, action.tooltip)
            if action.label in {"Confirm", "Get", "Put", "List", "Refresh", "Revoke"}:
                group = next(t for t, _o, _m, n in GROUPS if name in n)
                button.setAccessibleName(f"{group}: {action.label}")
            button.clicked.connect(lambda _=False, n=name: self.run_action(n))
            self.buttons[name] = button
        return self.buttons[name]

    def _build_right(self) -> QWidget:
        self.tabs = named(QTabWidget(), "rightTabs", "Panes")
        self.pages: dict[str, QVBoxLayout] = {}
        for title in PANE_TITLES:
            page = QWidget()
            page.setObjectName(f"{title.lower()}Page")
            layout = QVBoxLayout(page)
            layout.setContentsMargins(0, 0, 0, 0)
            self.pages[title] = layout
            self.tabs.addTab(page, title)
        self.panes_ready = False
        self._early: list[tuple[CallRecord, str]] = []
        return self.tabs

    def build_panes(self) -> None:
        """Build every pane now (imports on this thread)."""
        for step in self._pane_steps():
            step()

    async def build_panes_async(self) -> None:
        """Build the panes after the first paint, one step per loop turn.

        On the GUI thread: PySide creates Qt's types and enums lazily, and doing that from a
        worker thread leaves them half made (``Qt`` without ``ItemDataRole``).
        """
        import asyncio

        for step in self._pane_steps():
            await asyncio.sleep(0)
            step()

    def _pane_steps(self) -> list[Any]:
        def response() -> None:
            from cognito_bench.ui.response import ResponsePane

            self.response = ResponsePane(self.runner)
            self.pages["Response"].addWidget(self.response)

        def tokens() -> None:
            from cognito_bench.ui.tokenpane import TokensPane

            self.tokens = TokensPane(self.runner)
            self.tokens.target_provider = self.target
            self.pages["Tokens"].addWidget(self.tokens)

        def history() -> None:
            from cognito_bench.ui.history import HistoryPane

            self.history = HistoryPane()
            self.pages["History"].addWidget(self.history)
            self.history.selected.connect(self.response.show_record)

        def outbox() -> None:
            from cognito_bench.ui.outbox import OutboxPane

            self.outbox = OutboxPane(self.runner)
            self.pages["Outbox"].addWidget(self.outbox)
            self.outbox.use_code.connect(self._use_code)

        def admin() -> None:
            from PySide6.QtCore import Qt

            from cognito_bench.ui.admin import AdminPane

            self.admin = AdminPane(self.runner, self.target)
            self.pages["Admin"].addWidget(self.admin)
            self.admin.record.connect(self._admin_record)
            self.identity_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.panes_ready = True
            if self.local_target is not None:
                self.use_local_target(self.local_target)
            early, self._early = self._early, []
            for record, username in early:
                self.add_record(record, username)
            self.panes_built.emit()

        def qt_namespace() -> None:
            from PySide6.QtCore import Qt

            _ = Qt.ItemDataRole.DisplayRole, Qt.Orientation.Vertical

        return [qt_namespace, response, tokens, history, outbox, admin]

    def show_pane(self, pane: QWidget) -> None:
        """Bring the tab holding ``pane`` to the front."""
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not None and (page is pane or page.isAncestorOf(pane)):
                self.tabs.setCurrentIndex(index)
                return

    def current_pane(self) -> QWidget | None:
        """The pane on the front tab."""
        page = self.tabs.currentWidget()
        layout = page.layout() if page is not None else None
        item = layout.itemAt(0) if layout is not None else None
        return item.widget() if item is not None else None

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.region,
            self.user_pool_id,
            self.client_kind,
            self.client_id,
            self.client_secret,
            self.identity_pool_id,
            self.endpoint,
            self.bucket,
            self.aws_profile,
            self.username,
            self.password,
            self.email,
            self.phone,
            self.code,
        ]
        for _title, object_name, _main, names in GROUPS:
            if object_name == "passwordGroup":
                chain.append(self.new_password)
            if object_name == "userActionsGroup":
                chain.append(self.attribute)
            if object_name == "mfaGroup":
                chain.append(self.mfa_kind)
            if object_name == "s3Group":
                chain += [self.s3_key, self.s3_body, self.s3_prefix]
            chain += [self.buttons[n] for n in names]
            if object_name == "signInGroup":
                chain += [
                    self.challenge.answer,
                    self.challenge.mfa_type,
                    *self.challenge.buttons.values(),
                    self.challenge.current_code,
                    self.challenge.cancel,
                ]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)
        self.tab_chain = chain

    # -- the target ----------------------------------------------------------------------

    def target(self) -> Target:
        """The target the fields describe."""
        from cognito_bench.aws.target import Target

        return Target(
            region=self.region.text().strip(),
            user_pool_id=self.user_pool_id.text().strip(),
            client_id=self.client_id.text().strip(),
            client_secret=self.client_secret.text().strip(),
            identity_pool_id=self.identity_pool_id.text().strip(),
            endpoint_url=self.endpoint.text().strip(),
            bucket=self.bucket.text().strip(),
            aws_profile=self.aws_profile.text().strip(),
        )

    def form(self) -> flows.Form:
        """Every input field, now."""
        return flows.Form(
            target=self.target(),
            username=self.username.text().strip(),
            password=self.password.text(),
            email=self.email.text().strip(),
            phone=self.phone.text().strip(),
            code=self.code.text().strip(),
            new_password=self.new_password.text(),
            attribute=self.attribute.currentText(),
            mfa=self.mfa_kind.currentText(),
            challenge_answer=self.challenge.answer.text().strip(),
            mfa_choice=str(self.challenge.mfa_type.currentData() or ""),
            s3_key=self.s3_key.text().strip(),
            s3_body=self.s3_body.text(),
            s3_prefix=self.s3_prefix.text().strip(),
        )

    def _client_kind_changed(self, _index: int) -> None:
        kind = str(self.client_kind.currentData())
        if kind in self._clients:
            client_id, secret = self._clients[kind]
            self.client_id.setText(client_id)
            self.client_secret.setText(secret)

    def _client_id_typed(self, text: str) -> None:
        known = {client_id: kind for kind, (client_id, _secret) in self._clients.items()}
        index = self.client_kind.findData(known.get(text.strip(), "other"))
        self.client_kind.blockSignals(True)
        self.client_kind.setCurrentIndex(index)
        self.client_kind.blockSignals(False)

    def use_local_target(self, local: LocalTarget) -> None:
        """Fill the fields with the embedded local Cognito's demo resources."""
        self.local_target = local
        self._clients = {
            "public": (local.client_id, ""),
            "secret": (local.client_id_with_secret, local.client_secret),
        }
        self.region.setText(local.region)
        self.user_pool_id.setText(local.user_pool_id)
        self.client_kind.setCurrentIndex(0)
        self._client_kind_changed(0)
        self.identity_pool_id.setText(local.identity_pool_id)
        self.endpoint.setText(local.endpoint_url)
        self.bucket.setText(local.bucket)
        self.aws_profile.clear()
        self.username.setText(local.demo_user.get("username", ""))
        self.password.setText(local.demo_user.get("password", ""))
        self.email.setText("demo@example.com")
        self.s3_key.setText("hello.txt")
        self.s3_body.setText("Hello from Cognito Bench")
        for edit in self.findChildren(QLineEdit):
            edit.setCursorPosition(0)  # long ids show their start, not their end
        if not self.panes_ready:
            return  # build_panes applies the rest
        from cognito_bench.ui.outbox import http_outbox

        emulator = self.emulator
        if emulator is not None and emulator.target is local:
            # Our own emulator: read its outbox in-process and hear of new codes at once.
            self.outbox.set_source(
                lambda: [m.to_json() for m in emulator.outbox], subscribe=emulator.subscribe
            )
        else:
            self.outbox.set_source(http_outbox(local.outbox_url))
        self.mfa_totp.set_local(True)
        self.challenge.set_local(True)
        self.status_target.setText(f"Local Cognito at {local.endpoint_url}")
        self.statusBar().showMessage(f"Local Cognito at {local.endpoint_url}", 10_000)

    def start_local(self) -> None:
        """Start the embedded local Cognito off the GUI thread, then fill the fields."""
        if self.runner.closed:
            return
        self.statusBar().showMessage("Starting local Cognito…")
        self.status_target.setText("Starting local Cognito…")
        self.runner.spawn(self._start_local(), "start-local")

    async def _start_local(self) -> None:
        try:
            emulator, local = await self.runner.call(_start_emulator)
        except Exception as exc:
            message = f"Cannot start local Cognito: {exc}"
            self.status_target.setText("Local Cognito failed")
            self.statusBar().showMessage(message)
            self.local_failed.emit(message)
            return
        if self.runner.closed:
            emulator.stop()
            return
        self.emulator = emulator
        try:
            self.use_local_target(local)
        except Exception as exc:
            self.local_failed.emit(f"Cannot use local Cognito: {exc}")
            raise
        self.local_ready.emit(local)

    # -- running actions -------------------------------------------------------------------

    def run_action(self, name: str) -> None:
        """Run a button's action off the GUI thread (the button shows it is busy)."""
        if self.runner.closed:
            return
        action = flows.ACTIONS[name]
        button = self.buttons[name]
        form = self.form()
        view = self.session.view()
        button.begin()
        task = self.runner.spawn(self._perform(action, form, view), f"call:{name}")
        # A done callback, not a finally: a task cancelled before its first step never runs
        # its body, and the button would stay busy.
        task.add_done_callback(lambda _task: button.end())

    async def _perform(self, action: flows.Action, form: flows.Form, view: Any) -> None:
        call = self.runner.call_cpu if _is_loopback(form.target.endpoint_url) else self.runner.call
        records = await call(flows.perform, action, form, view)
        for record in records:
            self.add_record(record, form.username)

    def add_record(self, record: CallRecord, username: str = "") -> None:
        """Show a finished call: History, Response, and what it changed in the session."""
        if not self.panes_ready:  # a call that beat the panes (lazy start-up): show it after
            self._early.append((record, username))
            return
        self.history.add(record)
        changed = self.session.absorb(record, username)
        self.response.show_record(record)
        if not record.ok:
            self.show_pane(self.response)
        if "tokens" in changed:
            self.tokens.show_tokens(self.session.tokens, self.target())
            self.identity_id.setText("No identity yet.")
        if "challenge" in changed or "tokens" in changed:
            self._show_challenge()
        if "totp" in changed:
            account = self.session.username or username
            if self.session.challenge is not None and self.challenge.isVisible():
                self.challenge.totp.set_secret(self.session.totp_secret, account)
            else:
                self.mfa_totp.set_secret(self.session.totp_secret, account)
        if "signed_out" in changed:
            self.identity_id.setText("No identity yet.")
        if "credentials" in changed:
            creds = self.session.credentials
            self.identity_id.setText(
                f"{self.session.identity_id}\nAWS key {getattr(creds, 'access_key_id', '')}"
                if creds
                else "No credentials."
            )
        self._update_session_label()
        self.statusBar().showMessage(record.one_line(), 15_000)
        self.call_finished.emit(record)

    def _admin_record(self, record: CallRecord) -> None:
        self.history.add(record)
        self.statusBar().showMessage(record.one_line(), 15_000)
        self.call_finished.emit(record)

    def _show_challenge(self) -> None:
        ch = self.session.challenge
        if ch is None:
            self.challenge.clear()
            return
        self.challenge.show_challenge(ch.name, dict(ch.parameters))

    def _update_session_label(self) -> None:
        s = self.session
        if s.challenge is not None:
            text = f"Challenge {s.challenge.name} for {s.username}"
        elif s.tokens is not None and s.signed_out:
            text = f"Signed out: {s.username} (tokens revoked)"
        elif s.tokens is not None:
            text = f"Signed in: {s.username}" + (" · AWS credentials" if s.credentials else "")
        else:
            text = "Signed out"
        self.status_session.setText(text)

    def _use_code(self, code: str) -> None:
        target = self.challenge.answer if self.challenge.isVisible() else self.code
        target.setText(code)
        target.setFocus()

    # -- shutdown ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Cancel pending calls and stop polling; the app stops the emulator."""
        if self.panes_ready:
            self.outbox.stop()
        self.runner.close()
        self.closed.emit()
        super().closeEvent(event)


def _start_emulator() -> tuple[LocalCognito, LocalTarget]:
    flows.ensure_imported(*flows.CORE, "cognito_bench.emulator")
    from cognito_bench.emulator import LocalCognito

    emulator = LocalCognito()
    return emulator, emulator.start()


def _is_loopback(endpoint_url: str) -> bool:
    """True for an emulator on this machine: its calls are CPU work, not network waits."""
    from urllib.parse import urlsplit

    host = urlsplit(endpoint_url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")
