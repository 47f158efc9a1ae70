"""The bench window: target and user fields and flow buttons on the left, panes on the right.

Every button snapshots the fields (a :class:`~cognito_bench.flows.Form`) and the (immutable)
session on the GUI thread, runs its step on the runner's thread pool, and feeds the records
back here: History, Response, Tokens and the challenge box follow from what
:meth:`~cognito_bench.flows.Session.absorb` says changed.
"""

from __future__ import annotations

import itertools
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
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

from cognito_bench.flows import steps
from cognito_bench.flows.session import Change, Session
from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.challenge import ChallengeBox, TotpPanel
from cognito_bench.ui.hosted import HostedUiGroup
from cognito_bench.ui.profiles import LOCAL_PROFILE, ProfileBar, StoreNote
from cognito_bench.ui.widgets import BusyButton, FlowGroup, ask_destructive, line_edit, named

if TYPE_CHECKING:
    # The panes load after the window shows (run_app) or inside __init__ (tests, tools):
    # their modules and Qt's big ``Qt`` namespace cost ~60 ms of start-up.
    from cognito_bench.aws.record import CallRecord
    from cognito_bench.aws.target import Target
    from cognito_bench.emulator import LocalCognito, LocalTarget
    from cognito_bench.store import BenchStore, Profile

#: Flow groups: (title, object name, main action, actions in button order).
GROUPS: list[tuple[str, str, str, list[str]]] = [
    ("Sign up", "signUpGroup", "signUp", ["signUp", "confirmSignUp", "resendCode"]),
    (
        "Sign in",
        "signInGroup",
        "signInSrp",
        ["signInSrp", "signInPassword", "signInChoice", "refresh", "globalSignOut", "revoke"],
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
PANE_TITLES = ("Response", "Tokens", "History", "Outbox", "Admin", "Flows")
#: The Choice button's PREFERRED_CHALLENGE options ("" lets Cognito offer SELECT_CHALLENGE).
FIRST_FACTOR_CHOICES = (
    ("Cognito asks", ""),
    ("E-mail code", "EMAIL_OTP"),
    ("SMS code", "SMS_OTP"),
    ("Password", "PASSWORD"),
    ("Password (SRP)", "PASSWORD_SRP"),
)
_CLIENT_SECRET_HINT = "only for a client with a secret"  # noqa: S105 (a placeholder)


class MainWindow(QMainWindow):
    """Cognito Bench's main window.

    Args:
        runner: runs blocking calls off the GUI thread (owned by the caller).

    Signals:
        call_finished(object): a :class:`CallRecord` landed in History.
        local_ready(object): the embedded local Cognito is up; the fields hold its target.
        local_failed(str): the embedded local Cognito could not start.
        profile_chosen(str): a profile's fields are in place (the local one: once it runs).
        store_ready(): the store is attached and its keyring and AWS profiles are known.
        profiles_changed(): a profile was saved, renamed, deleted or imported.
        profiles_reloaded(): another window changed the profiles; the switcher shows them.
        panes_built(): the right-hand panes exist (``lazy_panes``: shortly after showing).
        closed(): the window was closed (pending calls are cancelled).
    """

    call_finished = Signal(object)
    panes_built = Signal()
    local_ready = Signal(object)
    local_failed = Signal(str)
    profile_chosen = Signal(str)
    store_ready = Signal()
    profiles_changed = Signal()
    profiles_reloaded = Signal()
    closed = Signal()

    def __init__(
        self, runner: Runner, parent: QWidget | None = None, *, lazy_panes: bool = False
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.session = Session()
        self.emulator: LocalCognito | None = None
        self.local_target: LocalTarget | None = None
        #: What the bench remembers (profiles, history, secrets); attached after showing.
        self.store: BenchStore | None = None
        #: The profile in use (its name); the local entry until another is chosen.
        self.profile_name = LOCAL_PROFILE
        #: Every call of this session, oldest first (the History pane shows stored calls).
        self.records: list[CallRecord] = []
        self._local_keep_tokens = False
        self._keyring = False
        self._clients: dict[str, tuple[str, str]] = {}
        #: Clients the saved profile says have a secret that did not come back (no keyring):
        #: an empty secret field for them means "not known here", not "no secret".
        self._secret_not_loaded: set[str] = set()
        self._last_chosen = LOCAL_PROFILE  # see _note_chosen
        self._last_chosen_lock = threading.Lock()
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
        self.note = StoreNote()
        central = QWidget()
        central.setObjectName("central")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.note)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)

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
        self.profiles = ProfileBar()
        self.profiles.chosen.connect(self.choose_profile)
        self.profiles.save_as.clicked.connect(lambda: self.save_profile_as())
        self.profiles.rename.clicked.connect(lambda: self.rename_profile())
        self.profiles.delete.clicked.connect(lambda: self.delete_profile())
        self.profiles.import_.clicked.connect(lambda: self.import_profiles())
        self.profiles.export.clicked.connect(lambda: self.export_profiles())
        self.profiles.keep_tokens.toggled.connect(self._keep_tokens_toggled)
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
            "targetClientSecret", "App client secret", _CLIENT_SECRET_HINT, secret=True
        )
        self.identity_pool_id = line_edit(
            "targetIdentityPoolId", "Identity pool id", "us-east-1:0000…"
        )
        self.endpoint = line_edit("targetEndpoint", "Endpoint URL", "empty: real AWS")
        self.bucket = line_edit("targetBucket", "S3 bucket", "bucket name")
        # Shown in the Admin pane (admin calls are what it signs); the window owns it so the
        # target is complete before the panes exist.
        self.aws_profile = named(
            QComboBox(), "adminAwsProfile", "AWS profile (admin calls)", "From ~/.aws/config"
        )
        self.aws_profile.addItem("Default credential chain", "")
        self.aws_profile.activated.connect(self._aws_profile_chosen)
        self._aws_regions: dict[str, str] = {}
        form = QFormLayout(target)
        form.addRow("Profile", self.profiles)
        form.addRow("Region", self.region)
        form.addRow("User pool", self.user_pool_id)
        form.addRow("Client", self.client_kind)
        form.addRow("Client id", self.client_id)
        form.addRow("Secret", self.client_secret)
        form.addRow("Identity pool", self.identity_pool_id)
        form.addRow("Endpoint", self.endpoint)
        form.addRow("Bucket", self.bucket)

        user = FlowGroup("User", "userGroup")
        self.username = line_edit("userUsername", "Username", "username")
        self.password = line_edit("userPassword", "Password", "password", secret=True)
        self.remember = named(
            QCheckBox("Remember"),
            "userRememberPassword",
            "Remember the password",
            "Keep this user's password in the system keyring after a successful sign-in",
        )
        self.remember.setEnabled(False)
        self.remember.toggled.connect(self._remember_toggled)
        self.username.editingFinished.connect(self._fill_remembered_password)
        password_row = QHBoxLayout()
        password_row.setContentsMargins(0, 0, 0, 0)
        password_row.addWidget(self.password, 1)
        password_row.addWidget(self.remember)
        self.email = line_edit("userEmail", "E-mail", "name@example.com")
        self.phone = line_edit("userPhone", "Phone", "+15555550100")
        self.code = line_edit("userCode", "Code", "confirmation / verification code")
        uform = QFormLayout(user)
        uform.addRow("Username", self.username)
        uform.addRow("Password", password_row)
        uform.addRow("E-mail", self.email)
        uform.addRow("Phone", self.phone)
        uform.addRow("Code", self.code)

        self.new_password = line_edit(
            "passwordNew", "New password", "new password (forgot / change)", secret=True
        )
        self.attribute = named(QComboBox(), "userAttribute", "Attribute to verify")
        self.attribute.addItems(["email", "phone_number"])
        self.first_factor = named(
            QComboBox(),
            "signInFirstFactor",
            "First factor (choice-based sign-in)",
            "PREFERRED_CHALLENGE of the Choice button (USER_AUTH): EMAIL_OTP, SMS_OTP or "
            "PASSWORD; 'Cognito asks' sends none and Cognito answers SELECT_CHALLENGE",
        )
        for label, factor in FIRST_FACTOR_CHOICES:
            self.first_factor.addItem(label, factor)
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
        self.hosted = HostedUiGroup(
            self.runner,
            self.target,
            lambda: self.session,
        )
        self.hosted.record.connect(self._hosted_record)
        fcol.addWidget(target)
        fcol.addWidget(user)
        fcol.addWidget(self.hosted)
        fcol.addStretch(1)
        user.main_button = self._button("signInSrp")

        actions = QWidget()
        actions.setObjectName("actionsColumn")
        acol = QVBoxLayout(actions)
        acol.setContentsMargins(0, 0, 0, 0)
        extras: dict[str, list[tuple[str, QWidget]]] = {
            "signInGroup": [("First factor", self.first_factor)],
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
            action = steps.ACTIONS[name]
            button = named(BusyButton(action.label), f"{name}Button", action.label, action.doc)
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

            self.history = HistoryPane(self.runner)
            self.pages["History"].addWidget(self.history)
            self.history.selected.connect(self.response.show_record)
            self.history.failed.connect(lambda line: self.statusBar().showMessage(line, 15_000))
            self.history.notice.connect(lambda line: self.statusBar().showMessage(line, 15_000))
            self.history.exported.connect(
                lambda path: self.statusBar().showMessage(f"Exported to {path}", 15_000)
            )
            self.history.write_gate = self._history_gate
            self.history.flow_saved.connect(
                lambda path: self.statusBar().showMessage(
                    f"Saved the flow {path}: replay it in the Flows pane or with "
                    "`cognito-bench run`.",
                    20_000,
                )
            )

        def outbox() -> None:
            from cognito_bench.ui.outbox import OutboxPane

            self.outbox = OutboxPane(self.runner)
            self.pages["Outbox"].addWidget(self.outbox)
            self.outbox.use_code.connect(self._use_code)

        def admin() -> None:
            from PySide6.QtCore import Qt

            from cognito_bench.ui.admin import AdminPane

            self.admin = AdminPane(self.runner, self.target, self.aws_profile)
            self.pages["Admin"].addWidget(self.admin)
            self.admin.record.connect(self._admin_record)
            self.identity_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.panes_ready = True
            if self.store is not None:
                self.history.attach(self.store)
                self._update_tokens_note()
            if self.local_target is not None and self.profile_name == LOCAL_PROFILE:
                self.use_local_target(self.local_target)
            early, self._early = self._early, []
            for record, username in early:
                self.add_record(record, username)
            self.panes_built.emit()

        def flows() -> None:
            from cognito_bench.ui.flowspane import FlowsPane

            self.flows = FlowsPane(self.runner, self._flow_target)
            self.pages["Flows"].addWidget(self.flows)
            self.flows.record.connect(self._flow_record)
            self.flows.step_selected.connect(self._show_flow_step)

        def qt_namespace() -> None:
            from PySide6.QtCore import Qt

            _ = Qt.ItemDataRole.DisplayRole, Qt.Orientation.Vertical

        return [qt_namespace, response, tokens, history, outbox, flows, admin]

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
            self.profiles.combo,
            self.profiles.save_as,
            self.profiles.rename,
            self.profiles.delete,
            self.profiles.import_,
            self.profiles.export,
            self.profiles.keep_tokens,
            self.region,
            self.user_pool_id,
            self.client_kind,
            self.client_id,
            self.client_secret,
            self.identity_pool_id,
            self.endpoint,
            self.bucket,
            self.username,
            self.password,
            self.remember,
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
            aws_profile=str(self.aws_profile.currentData() or ""),
        )

    def form(self) -> steps.Form:
        """Every input field, now."""
        return steps.Form(
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
            first_factor=str(self.first_factor.currentData() or ""),
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
            self.client_id.setCursorPosition(0)
        self._secret_placeholder()

    def _secret_placeholder(self) -> None:
        """Say in the empty secret field when the profile's client has a secret not kept here."""
        not_loaded = self.client_id.text().strip() in self._secret_not_loaded
        self.client_secret.setPlaceholderText(
            "this client has a secret that is not kept here: paste it"
            if not_loaded
            else _CLIENT_SECRET_HINT
        )

    def _client_id_typed(self, text: str) -> None:
        known = {client_id: kind for kind, (client_id, _secret) in self._clients.items()}
        index = self.client_kind.findData(known.get(text.strip(), "other"))
        self.client_kind.blockSignals(True)
        self.client_kind.setCurrentIndex(index)
        self.client_kind.blockSignals(False)
        self._secret_placeholder()

    def _set_clients(
        self, items: list[tuple[str, str, str, str]], not_loaded: set[str] | None = None
    ) -> None:
        """The client combo's entries: (label, kind, client id, secret), then "Other".

        ``not_loaded``: client ids that have a secret the store could not give back.
        """
        self._clients = {kind: (client_id, secret) for _l, kind, client_id, secret in items}
        self._secret_not_loaded = set(not_loaded or ())
        self.client_kind.blockSignals(True)
        self.client_kind.clear()
        for label, kind, _id, _secret in items:
            self.client_kind.addItem(label, kind)
        self.client_kind.addItem("Other", "other")
        self.client_kind.setCurrentIndex(0)
        self.client_kind.blockSignals(False)
        self._client_kind_changed(0)

    def use_local_target(self, local: LocalTarget) -> None:
        """Fill the fields with the embedded local Cognito's demo resources."""
        self.local_target = local
        self.profile_name = LOCAL_PROFILE
        self.profiles.set_names(self._saved_names(), LOCAL_PROFILE)
        if self.store is not None:
            self.store.set_local(local.to_json(), keep_tokens=self._local_keep_tokens)
            self._note_chosen(LOCAL_PROFILE)
        self._set_clients(
            [
                (CLIENT_KINDS[0][0], "public", local.client_id, ""),
                (CLIENT_KINDS[1][0], "secret", local.client_id_with_secret, local.client_secret),
                (
                    "Machine client (client credentials)",
                    "machine",
                    local.machine_client_id,
                    local.machine_client_secret,
                ),
            ]
        )
        self.region.setText(local.region)
        self.user_pool_id.setText(local.user_pool_id)
        self.identity_pool_id.setText(local.identity_pool_id)
        self.endpoint.setText(local.endpoint_url)
        self.bucket.setText(local.bucket)
        self.hosted.show_profile(local.hosted_ui_domain, local.oauth_redirect_uri)
        self.aws_profile.setCurrentIndex(0)
        self.username.setText(local.demo_user.get("username", ""))
        self.password.setText(local.demo_user.get("password", ""))
        self.email.setText("demo@example.com")
        self.s3_key.setText("hello.txt")
        self.s3_body.setText("Hello from Cognito Bench")
        self._show_keep_tokens(self._local_keep_tokens)
        self._update_remember()
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
        self._update_tokens_note()
        self.status_target.setText(f"Local Cognito at {local.endpoint_url}")
        self.statusBar().showMessage(f"Local Cognito at {local.endpoint_url}", 10_000)
        self.profile_chosen.emit(LOCAL_PROFILE)

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
        if self.profile_name != LOCAL_PROFILE:
            # The user switched to a saved profile meanwhile: keep its fields.
            self.local_target = local
            if self.store is not None:
                self.store.set_local(local.to_json(), keep_tokens=self._local_keep_tokens)
            self.local_ready.emit(local)
            return
        try:
            self.use_local_target(local)
        except Exception as exc:
            self.local_failed.emit(f"Cannot use local Cognito: {exc}")
            raise
        self.local_ready.emit(local)

    # -- the store: profiles, secrets, history ------------------------------------------

    def attach_store(self, store: BenchStore) -> None:
        """Use ``store`` from now on: its warnings (once), profiles and history.

        Keyring detection and the AWS profiles are read afterwards, off the GUI thread
        (:attr:`store_ready` says when).
        """
        self.store = store
        warnings = store.warnings
        if warnings:
            self.note.show_lines(warnings)
            self.statusBar().showMessage(warnings[0], 30_000)
        if self.local_target is not None:
            store.set_local(self.local_target.to_json(), keep_tokens=self._local_keep_tokens)
        self.profiles.set_names(self._saved_names(), self.profile_name)
        if self.panes_ready:
            self.history.attach(store)
            self._update_tokens_note()
        if not self.runner.closed:
            self.runner.spawn(self._load_store_details(store), "store-details")

    async def _load_store_details(self, store: BenchStore) -> None:
        def details() -> tuple[bool, str, Any]:
            from cognito_bench.store import list_aws_profiles

            available = store.secrets.available  # keyring's backend detection (~100 ms)
            return available, store.secrets.status_message, list_aws_profiles()

        available, message, aws = await self.runner.call_cpu(details)
        self._keyring = available
        self.remember.setToolTip(
            message
            if not available
            else "Keep this user's password in the system keyring after a successful sign-in. "
            + message
        )
        self.remember.setText("Remember" if available else "Remember (no keyring)")
        self._update_remember()
        self.client_secret.setToolTip(message)
        current = str(self.aws_profile.currentData() or "")
        self._aws_regions = {p.name: p.region for p in aws.profiles}
        self._aws_regions[""] = aws.region_of(aws.default)
        self.aws_profile.blockSignals(True)
        self.aws_profile.clear()
        chain = "Default credential chain"
        self.aws_profile.addItem(f"{chain} ({aws.default})" if aws.default else chain, "")
        for p in aws.profiles:
            self.aws_profile.addItem(f"{p.name} ({p.region})" if p.region else p.name, p.name)
        self._select_aws_profile(current)
        self.aws_profile.blockSignals(False)
        if aws.warnings:
            self.statusBar().showMessage(aws.warnings[0], 15_000)
        self.store_ready.emit()

    def _select_aws_profile(self, name: str) -> None:
        index = self.aws_profile.findData(name)
        if index < 0 and name:
            self.aws_profile.addItem(f"{name} (not in the AWS config files)", name)
            index = self.aws_profile.count() - 1
        self.aws_profile.setCurrentIndex(max(0, index))

    def _aws_profile_chosen(self, _index: int) -> None:
        region = self._aws_regions.get(str(self.aws_profile.currentData() or ""), "")
        if region and not self.region.text().strip():
            self.region.setText(region)  # the region defaults from the AWS profile

    def _saved_names(self) -> list[str]:
        return [] if self.store is None else self.store.profiles.names()

    def _update_remember(self) -> None:
        usable = self._keyring and self.profile_name != LOCAL_PROFILE
        self.remember.setEnabled(usable)
        if not usable and self.remember.isChecked():
            self.remember.blockSignals(True)
            self.remember.setChecked(False)
            self.remember.blockSignals(False)
        if self._keyring and self.profile_name == LOCAL_PROFILE:
            self.remember.setToolTip(
                "The local Cognito's users are made afresh each run: passwords are not kept."
            )

    def _note_chosen(self, name: str) -> None:
        """Remember ``name`` as the profile for next start (a file write: off the GUI thread).

        Writes run on a pool of threads and may run out of order when profiles are switched
        quickly: each writes the name chosen last, under a lock, so the last write wins.
        """
        store = self.store
        if store is None or self.runner.closed:
            return
        self._last_chosen = name
        self.runner.spawn(self.runner.call_cpu(self._write_last_chosen, store), "profile:last-used")

    def _write_last_chosen(self, store: BenchStore) -> None:
        """Write the profile chosen last as the one for next start (worker thread)."""
        with self._last_chosen_lock:
            store.choose(self._last_chosen)

    def choose_profile(self, name: str) -> None:
        """Switch to profile ``name``: fill the target fields (secrets from the keyring)."""
        if self.runner.closed:
            return
        if name == LOCAL_PROFILE:
            self.profile_name = LOCAL_PROFILE
            if self.local_target is not None:
                self.use_local_target(self.local_target)
            elif self.emulator is None:
                self.profiles.set_names(self._saved_names(), LOCAL_PROFILE)
                self._note_chosen(LOCAL_PROFILE)
                self._update_remember()
                self.start_local()
            return
        store = self.store
        if store is None or name not in store.profiles:
            self.statusBar().showMessage(f"There is no saved profile named {name!r}.", 15_000)
            self.profiles.set_names(self._saved_names(), self.profile_name)
            return
        self.profile_name = name
        self.profiles.set_names(self._saved_names(), name)
        self._last_chosen = name  # written by _choose, before the fields fill
        username = self.username.text().strip()
        self.runner.spawn(self._choose(store, name, username), f"profile:{name}")

    async def _choose(self, store: BenchStore, name: str, username: str) -> None:
        def read() -> tuple[Profile | None, dict[str, str], dict[str, str], str]:
            self._write_last_chosen(store)
            profile = store.profiles.get(name)
            fields = store.target_fields(name)
            secrets = {}
            if profile is not None:
                secrets = {
                    c.client_id: store.client_secret(name, c.client_id)
                    for c in profile.clients
                    if c.has_secret
                }
            password = store.password(name, username) if username else ""
            return profile, fields, secrets, password

        profile, fields, secrets, password = await self.runner.call_cpu(read)
        if profile is None or self.profile_name != name:
            return
        self._set_clients(
            [
                (c.label or c.client_id, f"client{i}", c.client_id, secrets.get(c.client_id, ""))
                for i, c in enumerate(profile.clients)
            ],
            {c.client_id for c in profile.clients if c.has_secret and not secrets.get(c.client_id)},
        )
        if not profile.clients:
            self.client_id.clear()
            self.client_secret.clear()
        self.region.setText(fields.get("region", ""))
        self.user_pool_id.setText(fields.get("user_pool_id", ""))
        self.identity_pool_id.setText(fields.get("identity_pool_id", ""))
        self.endpoint.setText(fields.get("endpoint_url", ""))
        self.bucket.setText(fields.get("bucket", ""))
        self.hosted.show_profile(
            profile.hosted_ui_domain, profile.oauth_redirect_uri, profile.oauth_scopes
        )
        self._select_aws_profile(profile.aws_profile)
        self._aws_profile_chosen(0)  # an empty region defaults from the AWS profile
        if password:
            self.password.setText(password)
        self._show_keep_tokens(profile.keep_tokens)
        self._update_remember()
        if password and self.remember.isEnabled():
            self.remember.blockSignals(True)
            self.remember.setChecked(True)
            self.remember.blockSignals(False)
        for edit in self.findChildren(QLineEdit):
            edit.setCursorPosition(0)
        if self.panes_ready:
            self.mfa_totp.set_local(False)
            self.challenge.set_local(False)
            self.outbox.set_source(None)
            self._update_tokens_note()
        where = profile.endpoint_url or f"AWS {profile.region}"
        self.status_target.setText(f"Profile {name} · {profile.user_pool_id} · {where}")
        self.statusBar().showMessage(f"Profile {name!r} in use.", 10_000)
        self.profile_chosen.emit(name)

    def current_profile(self) -> Profile | None:
        """The profile in use, as stored (None before the store or the local Cognito)."""
        return None if self.store is None else self.store.profiles.get(self.profile_name)

    def _show_keep_tokens(self, on: bool) -> None:
        box = self.profiles.keep_tokens
        box.blockSignals(True)
        box.setChecked(on)
        box.blockSignals(False)

    def _keep_tokens_toggled(self, on: bool) -> None:
        store = self.store
        if self.profile_name == LOCAL_PROFILE:
            self._local_keep_tokens = on
            if store is not None and self.local_target is not None:
                store.set_local(self.local_target.to_json(), keep_tokens=on)
            self._update_tokens_note()
            return
        profile = self.current_profile()
        if store is None or profile is None:
            return
        import dataclasses

        changed = dataclasses.replace(profile, keep_tokens=on)
        self._run_store(lambda: store.save_profile(changed), "profile:keep-tokens")

    def _update_tokens_note(self) -> None:
        if not self.panes_ready:
            return
        on = self.profiles.keep_tokens.isChecked()
        self.history.set_tokens_note(
            f"Tokens of profile {self.profile_name!r} are kept in the stored history (its "
            "opt-in). Passwords and secrets are masked; exports mask tokens too."
            if on
            else ""
        )

    def _run_store(self, job: Any, name: str, then: Any = None) -> None:
        """Run a profile change off the GUI thread; report errors in one line."""
        if self.runner.closed:
            return

        async def change() -> None:
            try:
                result = await self.runner.call_cpu(job)
            except Exception as exc:  # ProfileError, OSError: one plain line
                self.statusBar().showMessage(_one_line(exc), 20_000)
                self.profiles_changed.emit()
                return
            message = getattr(result, "message", "") or (
                result.summary() if hasattr(result, "summary") else ""
            )
            if then is not None:
                then(result)
            if message:
                self.statusBar().showMessage(message, 20_000)
            self.profiles.set_names(self._saved_names(), self.profile_name)
            self._update_tokens_note()
            self.profiles_changed.emit()

        self.runner.spawn(change(), name)

    def profile_from_fields(self, name: str) -> tuple[Profile, dict[str, str]]:
        """A profile named ``name`` from the target fields, and its clients' secrets."""
        from cognito_bench.store import AppClient, Profile

        clients: list[AppClient] = []
        secrets: dict[str, str] = {}
        current = self.client_id.text().strip()
        current_secret = self.client_secret.text().strip()
        labels = {
            str(self.client_kind.itemData(i)): self.client_kind.itemText(i)
            for i in range(self.client_kind.count())
        }
        for kind, (client_id, secret) in self._clients.items():
            if client_id == current:
                secret = current_secret
            if not secret and client_id in self._secret_not_loaded:
                # Its secret was never shown here (no keyring): keep the flag and the keyring.
                clients.append(AppClient(client_id, labels.get(kind, ""), True))
                continue
            clients.append(AppClient(client_id, labels.get(kind, ""), bool(secret)))
            secrets[client_id] = secret
        known = {c.client_id for c in clients}
        if current and current not in known:
            clients.insert(0, AppClient(current, "", bool(current_secret)))
            secrets[current] = current_secret
        else:  # the client in use first: it is the profile's default
            clients.sort(key=lambda c: c.client_id != current)
        profile = Profile(
            name=name,
            region=self.region.text().strip(),
            user_pool_id=self.user_pool_id.text().strip(),
            clients=tuple(clients),
            identity_pool_id=self.identity_pool_id.text().strip(),
            endpoint_url=self.endpoint.text().strip(),
            bucket=self.bucket.text().strip(),
            aws_profile=str(self.aws_profile.currentData() or ""),
            keep_tokens=self.profiles.keep_tokens.isChecked(),
            hosted_ui_domain=self.hosted.domain.text().strip(),
            oauth_redirect_uri=self.hosted.redirect_uri.text().strip(),
            oauth_scopes=" ".join(self.hosted.scopes.text().split()),
        )
        return profile, secrets

    def save_profile_as(self, name: str = "") -> None:
        """Save the target fields as profile ``name`` (asks when empty) and switch to it."""
        store = self.store
        if store is None:
            return
        if not name:
            from PySide6.QtWidgets import QInputDialog

            suggested = "" if self.profile_name == LOCAL_PROFILE else self.profile_name
            name, ok = QInputDialog.getText(self, "Save profile", "Profile name:", text=suggested)
            if not ok or not name.strip():
                return
        profile, secrets = self.profile_from_fields(name)

        def switched(outcome: Any) -> None:
            self.profile_name = outcome.profile.name
            self._note_chosen(outcome.profile.name)
            self._update_remember()
            self.status_target.setText(f"Profile {outcome.profile.name}")

        self._run_store(lambda: store.save_profile(profile, secrets), "profile:save", switched)

    def rename_profile(self, new: str = "") -> None:
        """Rename the profile in use (asks when ``new`` is empty)."""
        store, old = self.store, self.profile_name
        if store is None or old == LOCAL_PROFILE:
            return
        if not new:
            from PySide6.QtWidgets import QInputDialog

            new, ok = QInputDialog.getText(self, "Rename profile", "New name:", text=old)
            if not ok or not new.strip() or new.strip() == old:
                return

        def renamed(profile: Any) -> None:
            self.profile_name = profile.name
            self.statusBar().showMessage(f"Renamed {old!r} to {profile.name!r}.", 15_000)

        self._run_store(lambda: store.rename_profile(old, new), "profile:rename", renamed)

    def delete_profile(self, confirm: bool = True) -> None:
        """Delete the profile in use and its kept secrets (asks first unless ``confirm``)."""
        store, name = self.store, self.profile_name
        if store is None or name == LOCAL_PROFILE:
            return
        if confirm and not ask_destructive(
            self, "Delete profile", f"Delete profile {name!r} and the secrets kept for it?"
        ):
            return

        def deleted(_done: Any) -> None:
            self.statusBar().showMessage(f"Deleted profile {name!r}.", 15_000)
            self.choose_profile(LOCAL_PROFILE)

        self._run_store(lambda: store.delete_profile(name), "profile:delete", deleted)

    def import_profiles(self, path: str = "") -> None:
        """Add the profiles of an exported file (asks for it when ``path`` is empty)."""
        store = self.store
        if store is None:
            return
        if not path:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getOpenFileName(
                self, "Import profiles", "", "Profiles (*.json);;All files (*)"
            )
            if not path:
                return
        self._run_store(lambda: store.profiles.import_file(path), "profile:import")

    def export_profiles(self, path: str = "") -> None:
        """Write every saved profile, without secrets, to ``path`` (asks when empty)."""
        store = self.store
        if store is None:
            return
        if not path:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getSaveFileName(
                self, "Export profiles", "cognito-bench-profiles.json", "Profiles (*.json)"
            )
            if not path:
                return

        def written(count: Any) -> None:
            self.statusBar().showMessage(
                f"Exported {count} profile(s) to {path} (no secrets).", 15_000
            )

        self._run_store(lambda: store.profiles.export_file(path), "profile:export", written)

    def _remember_toggled(self, on: bool) -> None:
        store, name, user = self.store, self.profile_name, self.username.text().strip()
        if store is None or on or not user or name == LOCAL_PROFILE:
            return  # a password is kept after the next successful sign-in
        self._run_store(lambda: store.remember_password(name, user, "", False), "password:forget")

    def _fill_remembered_password(self) -> None:
        store, name, user = self.store, self.profile_name, self.username.text().strip()
        if store is None or not user or not self.remember.isEnabled() or self.runner.closed:
            return

        async def fill() -> None:
            password = await self.runner.call_cpu(store.password, name, user)
            if password and self.username.text().strip() == user and self.profile_name == name:
                self.password.setText(password)
                self.remember.blockSignals(True)
                self.remember.setChecked(True)
                self.remember.blockSignals(False)

        self.runner.spawn(fill(), "password:fill")

    def _remember_password(self, username: str, password: str) -> None:
        store, name = self.store, self.profile_name
        if store is None or not self.remember.isChecked() or not self.remember.isEnabled():
            return

        def kept(done: Any) -> None:
            self.statusBar().showMessage(
                f"Password of {username} kept in the system keyring."
                if done
                else f"Password of {username} was not kept: {store.secrets.status_message}",
                15_000,
            )

        self._run_store(
            lambda: store.remember_password(name, username, password, True),
            "password:remember",
            kept,
        )

    # -- running actions -------------------------------------------------------------------

    def run_action(self, name: str, confirm: bool = True) -> None:
        """Run a button's action off the GUI thread (the button shows it is busy).

        Args:
            name: the action (``signInSrp``).
            confirm: ask before a destructive action (Delete user); tests pass False.
        """
        if self.runner.closed:
            return
        step = steps.ACTIONS[name]
        button = self.buttons[name]
        form = self.form()
        if step.destructive and confirm and not self._confirm_delete_user(form.username):
            return
        button.begin()
        task = self.runner.spawn(self._perform(step, form, self.session), f"call:{name}")
        # A done callback, not a finally: a task cancelled before its first step never runs
        # its body, and the button would stay busy.
        task.add_done_callback(lambda _task: button.end())

    def _confirm_delete_user(self, username: str) -> bool:
        who = self.session.username or username or "the signed-in user"
        return ask_destructive(
            self, "Delete user", f"Delete {who} from the user pool? This cannot be undone."
        )

    async def _perform(self, step: steps.Step, form: steps.Form, session: Session) -> None:
        records = await self.runner.call_at(
            form.target.endpoint_url, steps.perform, step, form, session
        )
        signed_in = False
        for record in records:
            changed = self.add_record(record, form.username)
            signed_in = signed_in or Change.TOKENS in changed
        if signed_in and form.password and form.username:
            self._remember_password(form.username, form.password)

    def add_record(self, record: CallRecord, username: str = "") -> Change:
        """Show a finished call: History, Response, and what it changed in the session.

        Returns:
            What the call changed in the session.
        """
        if not self.panes_ready:  # a call that beat the panes (lazy start-up): show it after
            self._early.append((record, username))
            return Change.NONE
        self.records.append(record)
        self.history.add(record, self.profile_name, self._url_of(record))
        self.session, changed = self.session.absorb(record, username)
        self.response.show_record(record)
        if not record.ok:
            self.show_pane(self.response)
        if Change.TOKENS in changed:
            self.tokens.show_tokens(self.session.tokens, record.target or self.target())
            self.identity_id.setText("No identity yet.")
        if changed & (Change.CHALLENGE | Change.TOKENS):
            self._show_challenge()
        if Change.TOTP in changed:
            account = self.session.username or username
            if self.session.challenge is not None and self.challenge.isVisible():
                self.challenge.totp.set_secret(self.session.totp_secret, account)
            else:
                self.mfa_totp.set_secret(self.session.totp_secret, account)
        if Change.SIGNED_OUT in changed:
            self.identity_id.setText("No identity yet.")
        if Change.CREDENTIALS in changed:
            creds = self.session.credentials
            self.identity_id.setText(
                f"{self.session.identity_id}\nAWS key {getattr(creds, 'access_key_id', '')}"
                if creds
                else "No credentials."
            )
        self._update_session_label()
        self.statusBar().showMessage(record.one_line(), 15_000)
        self.call_finished.emit(record)
        return changed

    async def _history_gate(self, records: list[CallRecord]) -> None:
        """Hold History writes while the Response pane shows a call, a while for a big one.

        Masking and encoding a multi-megabyte call is a second of Python on a worker thread;
        run while the Response pane builds its tree, every Python callback of the GUI thread
        would wait for the GIL (bench_gui: the 5 MB response row).
        """
        import asyncio

        while not self.response.idle and not self.runner.closed:
            await asyncio.sleep(0.02)
        shown = self.response.shown_record
        if any(r is shown for r in records) and len(self.response.full_text) > _BIG_TEXT:
            await asyncio.sleep(1.0)

    def _hosted_record(self, record: CallRecord, username: str) -> None:
        self.add_record(record, username)

    def _url_of(self, record: CallRecord) -> str:
        """The endpoint a call went to (the fields' only for a record without its target)."""
        if record.target is not None:
            return record.target.endpoint_url
        return self.endpoint.text().strip()

    def _flow_target(self) -> tuple[Target, dict[str, str]]:
        """The target a flow runs against, and the local Cognito's names for templates."""
        extras: dict[str, str] = {}
        if self.local_target is not None and self.profile_name == LOCAL_PROFILE:
            data = self.local_target.to_json()
            extras = {k: v for k, v in data.items() if isinstance(v, str)}
        return self.target(), extras

    def _flow_record(self, record: CallRecord) -> None:
        """A flow step's call: History only (a flow has its own session, not the window's)."""
        self.records.append(record)
        self.history.add(record, self.profile_name, self._url_of(record))
        self.call_finished.emit(record)

    def _show_flow_step(self, record: CallRecord) -> None:
        """A step clicked in the Flows pane: its record in Response, its tokens in Tokens."""
        from cognito_bench.aws.auth import tokens_of

        self.response.show_record(record)
        tokens = tokens_of(record)
        if tokens is not None:
            self.tokens.show_tokens(tokens, record.target or self.target())

    def _admin_record(self, record: CallRecord) -> None:
        """An admin call: History, the Response pane (its raw answer; the Admin pane stays in
        front and shows the one line), the status bar."""
        self.records.append(record)
        self.history.add(record, self.profile_name, self._url_of(record))
        self.response.show_record(record)
        self.statusBar().showMessage(record.one_line(), 15_000)
        self.call_finished.emit(record)

    def _show_challenge(self) -> None:
        ch = self.session.challenge
        if ch is None:
            self.challenge.clear()
            return
        self.challenge.show_challenge(ch.name, dict(ch.parameters), tuple(ch.available))

    def _update_session_label(self) -> None:
        self.status_session.setText(self.session.state)

    def _use_code(self, code: str) -> None:
        target = self.challenge.answer if self.challenge.isVisible() else self.code
        target.setText(code)
        target.setFocus()

    # -- profiles changed by another window ------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """On activation, pick up profiles another window saved, renamed or deleted."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh_profiles()

    def refresh_profiles(self) -> None:
        """Re-read the profiles file if another window changed it (off the GUI thread).

        One ``stat`` when nothing changed; the file lock may make a re-read wait for another
        window's write, which is why it does not run on the GUI thread.
        """
        store = self.store
        if store is None or self.runner.closed:
            return

        async def refresh() -> None:
            await self.runner.call_cpu(store.profiles.refresh)
            # Compared with what the combo shows, not with refresh()'s answer: a write of
            # this window (a profile switch) may have re-read the other window's change.
            combo = self.profiles.combo
            names = self._saved_names()
            if names == [combo.itemData(i) for i in range(combo.count())]:
                return
            current = self.profile_name
            self.profiles.set_names(names, current)
            if current != LOCAL_PROFILE and current not in store.profiles:
                self.statusBar().showMessage(
                    f"Profile {current!r} was deleted or renamed in another window; these "
                    "fields are kept until you save or switch.",
                    20_000,
                )
            self.profiles_reloaded.emit()

        self.runner.spawn(refresh(), "profile:refresh")

    # -- shutdown ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Cancel pending calls and stop polling; the app stops the emulator."""
        if self.panes_ready:
            self.outbox.stop()
            # Calls that finished a moment ago still go to the history (a few ms at most).
            self.history.write_pending_now()
        self.hosted.stop()  # a sign-in waiting for the browser stops listening
        self.runner.close()
        self.closed.emit()
        super().closeEvent(event)


def _start_emulator() -> tuple[LocalCognito, LocalTarget]:
    steps.ensure_imported(*steps.CORE, "cognito_bench.emulator")
    from cognito_bench.emulator import LocalCognito

    emulator = LocalCognito()
    return emulator, emulator.start()


#: JSON text length of a call whose History write waits until the window is quiet.
_BIG_TEXT = 1_000_000


def _one_line(exc: BaseException) -> str:
    """An exception as one plain line (a store error's own message, else its kind)."""
    text = " ".join(str(exc).split())
    if isinstance(exc, OSError) and exc.strerror:
        text = f"{exc.strerror} ({exc.filename})" if exc.filename else exc.strerror
    return text or type(exc).__name__
