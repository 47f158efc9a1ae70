"""The bench window: layout, panes and the status bar; its parts do the rest.

Composed the way qutebrowser's main window is: each part is a widget or a controller of its
own module, and :meth:`MainWindow._connect_signals` wires them together in one place.

- :class:`~cognito_bench.ui.targetform.TargetForm`: where calls go (``target()``,
  ``changed``), with the profile bar;
- :class:`~cognito_bench.ui.sessions.SessionTabs`: one tab per user signed in (its user
  fields, its session, its tokens); the flow buttons act on the tab in front;
- :mod:`cognito_bench.ui.groups`: one widget per flow group, its buttons and fields
  declared from the steps (the Sign in group holds the challenge box);
- :class:`~cognito_bench.ui.hosted.HostedUiGroup` and the Admin pane;
- :class:`~cognito_bench.ui.actions.ActionRunner`: runs every step off the GUI thread, for
  the groups, the Hosted UI group and the Admin pane alike;
- :class:`~cognito_bench.ui.profilectl.ProfileController`: profiles, secrets, passwords;
- :class:`~cognito_bench.ui.localstart.LocalStarter`: the embedded local Cognito;
- the panes on the right: Response, Tokens, History, Outbox, Admin, Flows, Load.

A record comes back with the session tab it was made for; what
:meth:`~cognito_bench.flows.Session.absorb` says changed decides what the window shows.

Before the first paint only the target fields are built (what a user reads first), in the
window's frame (the status bar, room for the menu bar); the session tabs, the flow groups,
the panes and the menus follow, one per turn of the event loop
(:meth:`MainWindow.build_panes_async`): their imports and widgets would otherwise add half
again to the time to a shown window.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.ui.actions import SESSION, ActionRunner, Origin
from cognito_bench.ui.localstart import LocalFiller, LocalStarter
from cognito_bench.ui.passkeyvaults import PasskeyAuthenticators
from cognito_bench.ui.profilectl import ProfileController
from cognito_bench.ui.profiles import LOCAL_PROFILE, StoreNote
from cognito_bench.ui.records import RecordRouter
from cognito_bench.ui.sessions import SessionSlot, SessionTabs
from cognito_bench.ui.statusline import StatusLine
from cognito_bench.ui.targetform import CLIENT_KINDS, TargetForm
from cognito_bench.ui.widgets import (
    GAP,
    NOTE_STYLE,
    Columns,
    ask_destructive,
    named,
    watch_invisible,
)

if TYPE_CHECKING:
    from cognito_bench.aws.record import CallRecord
    from cognito_bench.aws.target import Target
    from cognito_bench.emulator import LocalCognito, LocalTarget
    from cognito_bench.flows.session import Change, Session
    from cognito_bench.flows.steps import Form
    from cognito_bench.store import BenchStore, Profile
    from cognito_bench.ui.asyncglue import Runner
    from cognito_bench.ui.challenge import ChallengeBox
    from cognito_bench.ui.groups import ActionGroup
    from cognito_bench.ui.hosted import HostedUiGroup
    from cognito_bench.ui.userform import UserForm
    from cognito_bench.ui.widgets import BusyButton

__all__ = ["CLIENT_KINDS", "PANE_TITLES", "MainWindow", "flow_groups"]

PANE_TITLES = ("Response", "Tokens", "History", "Outbox", "Admin", "Flows", "Load")
#: What a button needing a target says while the fields are still empty.
_WAITING = "Waiting for a target: the local Cognito is starting, or choose a profile."
#: Pixels the panes keep at least before the left side's two columns stack into one.
MIN_PANES = 540


def flow_groups() -> list[tuple[str, str, str, list[str]]]:
    """(title, object name, main action, actions) of every flow group, in window order."""
    from cognito_bench.ui.groups import group_classes

    return [
        (cls.TITLE, cls.NAME, cls.MAIN, [b.action for b in cls.BUTTONS if b.action])
        for cls in group_classes()
    ]


def _menu_room(window: QMainWindow) -> QWidget:
    """An empty strip about as tall as the menu bar will be: a line of its font and the
    padding of its items (Fusion's; asking the style would build QStyle's enums, a few
    milliseconds of the start)."""
    height = window.fontMetrics().height() + 5
    room = QWidget()
    room.setObjectName("menuRoom")
    room.setFixedHeight(height)
    return room


def _user_field(name: str) -> Any:
    """A property: the user field ``name`` of the session tab in front."""
    return property(
        lambda self: getattr(self.user, name), doc=f"The {name} field of the tab in front."
    )


class MainWindow(QMainWindow):
    """Cognito Bench's main window.

    Args:
        runner: runs blocking calls off the GUI thread (owned by the caller).
        lazy_panes: build the flow groups and panes after the first paint
            (:meth:`build_panes_async`); otherwise everything is built now.

    Signals:
        call_finished(object): a :class:`CallRecord` landed in History.
        local_ready(object): the embedded local Cognito is up; the fields hold its target.
        local_failed(str): the embedded local Cognito could not start.
        profile_chosen(str): a profile's fields are in place (the local one: once it runs).
        store_ready(): the store is attached and its keyring and AWS profiles are known.
        profiles_changed(): a profile was saved, renamed, deleted or imported.
        profiles_reloaded(): another window changed the profiles; the switcher shows them.
        panes_built(): the groups and panes exist (``lazy_panes``: shortly after showing).
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
        self.action_runner = ActionRunner(runner, self)
        self.local = LocalStarter(runner, self)
        self.router = RecordRouter(self)
        self.local_filler = LocalFiller(self)
        #: Every call of this window, oldest first (the History pane shows stored calls).
        self.records: list[CallRecord] = []
        #: Every flow button by action name (the groups' and the challenge box's).
        self.buttons: dict[str, BusyButton] = {}
        #: The flow groups by object name.
        self.groups: dict[str, ActionGroup] = {}
        #: The tab boxes some groups are pages of, by object name (``factorTabs``).
        self.group_tabs: dict[str, QTabWidget] = {}
        #: Each profile's passkey authenticator (keys in the keyring, or memory).
        self.passkeys = PasskeyAuthenticators()
        self.panes_ready = False
        self.setObjectName("mainWindow")
        self.setWindowTitle("Cognito Bench")
        self.resize(1560, 940)

        self.target_form = TargetForm()
        self.sessions = SessionTabs()
        self.profile = ProfileController(
            runner,
            self.target_form,
            lambda: self.sessions.current().form,
            self._hosted_fields,
            self,
        )
        self._alias_target_fields()

        # Left: two columns of groups (fields and actions) in a scroll area; right: panes.
        self.fields_column = QWidget()
        self.fields_column.setObjectName("fieldsColumn")
        self._fields_layout = QVBoxLayout(self.fields_column)
        self._fields_layout.setContentsMargins(0, 0, 0, 0)
        self._fields_layout.setSpacing(GAP)
        self._fields_layout.addWidget(self.target_form)
        self._fields_layout.addStretch(1)
        self.actions_column = QWidget()
        self.actions_column.setObjectName("actionsColumn")
        self._actions_layout = QVBoxLayout(self.actions_column)
        self._actions_layout.setContentsMargins(0, 0, 0, 0)
        self._actions_layout.setSpacing(GAP)
        self._actions_layout.addWidget(self.sessions)
        self._actions_layout.addStretch(1)
        self.columns = Columns(self.fields_column, self.actions_column)
        self.left = QScrollArea()
        self.left.setObjectName("leftScroll")
        self.left.setWidgetResizable(True)
        self.left.setWidget(self.columns)
        self.tabs = named(QTabWidget(), "rightTabs", "Panes")
        # The panes squeeze (their tables scroll) rather than push the buttons out of view.
        self.tabs.setMinimumWidth(MIN_PANES - 140)
        self.pages: dict[str, QVBoxLayout] = {}
        self.splitter = splitter = QSplitter()  # horizontal
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
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

        bar = self.statusBar()
        bar.setObjectName("statusBar")
        #: The status bar's message, shown whole or cut in the middle (the fix at its end
        #: stays in view); the bar's own painting of it would cut the end.
        self.status_line = StatusLine(bar)
        bar.addPermanentWidget(self.status_line, 1)
        self.status_share = named(
            QLabel("Screen share: secrets hidden"),
            "statusScreenShare",
            "Screen-share mode is on",
            "Tokens, secrets, passwords, AWS keys and codes show masked; click one to see it "
            "(View → Screen-share mode, Ctrl+Shift+M)",
        )
        self.status_share.setStyleSheet(NOTE_STYLE)
        self.status_share.hide()
        self.status_target = named(QLabel("Target: none"), "statusTarget", "Target in use")
        self.status_session = named(QLabel("Signed out"), "statusSession", "Session state")
        for label in (self.status_share, self.status_session, self.status_target):
            label.setContentsMargins(10, 0, 10, 0)
            bar.addPermanentWidget(label)
        # The menu bar after the first paint (it and its actions load Qt's action and key
        # tables: 10 to 40 ms); its room now, so that nothing moves when it comes.
        self.setMenuWidget(_menu_room(self))
        self.menus: dict[str, QMenu] = {}
        self.menu_actions: dict[str, Any] = {}
        #: The last flow button run, and for which session tab (Ctrl+R runs it again).
        self.last_action: tuple[str, SessionSlot] | None = None
        self._unseen_codes = 0
        if not lazy_panes:
            self.build_panes()

    def _alias_target_fields(self) -> None:
        """The target form's widgets under the window's names (QA tools and tests use them)."""
        form = self.target_form
        self.profiles = form.profiles
        self.region = form.region
        self.user_pool_id = form.user_pool_id
        self.client_kind = form.client_kind
        self.client_id = form.client_id
        self.client_secret = form.client_secret
        self.identity_pool_id = form.identity_pool_id
        self.endpoint = form.endpoint
        self.bucket = form.bucket
        self.aws_profile = form.aws_profile

    # -- the session tab in front ---------------------------------------------------------

    @property
    def slot(self) -> SessionSlot:
        """The session tab in front."""
        return self.sessions.current()

    @property
    def session(self) -> Session:
        """The session of the tab in front."""
        return self.slot.session

    @property
    def user(self) -> UserForm:
        """The user fields of the tab in front."""
        return self.slot.form

    username = _user_field("username")
    password = _user_field("password")
    remember = _user_field("remember")
    email = _user_field("email")
    phone = _user_field("phone")
    code = _user_field("code")

    # -- the other parts, for QA tools and tests -----------------------------------------

    @property
    def profile_name(self) -> str:
        """The profile in use (its name)."""
        return self.profile.name

    @property
    def store(self) -> BenchStore | None:
        """What the bench remembers (profiles, history, secrets); attached after showing."""
        return self.profile.store

    @property
    def emulator(self) -> LocalCognito | None:
        """The embedded local Cognito this window started (None if it did not)."""
        return self.local.emulator

    @property
    def local_target(self) -> LocalTarget | None:
        """The embedded local Cognito's target, once it runs."""
        return self.local.target

    @local_target.setter
    def local_target(self, local: LocalTarget | None) -> None:
        self.local.target = local

    def _group(self, name: str) -> Any:
        return self.groups[name]

    @property
    def first_factor(self) -> Any:
        return self._group("signInGroup").inputs["first_factor"]

    @property
    def mfa_totp(self) -> Any:
        return self._group("mfaGroup").totp

    @property
    def identity_id(self) -> QLabel:
        return self._group("identityGroup").identity

    # -- building -------------------------------------------------------------------------

    def build_panes(self) -> None:
        """Build the groups and panes now (imports on this thread)."""
        for step in self._build_steps():
            step()

    async def build_panes_async(self) -> None:
        """Build the groups and panes after the first paint, one step per loop turn.

        On the GUI thread: PySide creates Qt's types and enums lazily, and doing that from a
        worker thread leaves them half made (``Qt`` without ``ItemDataRole``).
        """
        import asyncio

        for step in self._build_steps():
            await asyncio.sleep(0)
            step()

    def _build_steps(self) -> list[Callable[[], None]]:
        from cognito_bench.ui.groups import group_classes

        def first_session() -> None:
            self.sessions.add()

        def pane_pages() -> None:
            for title in PANE_TITLES:
                page = QWidget()
                page.setObjectName(f"{title.lower()}Page")
                layout = QVBoxLayout(page)
                layout.setContentsMargins(0, 0, 0, 0)
                self.pages[title] = layout
                self.tabs.addTab(page, title)

        def group(cls: type[ActionGroup]) -> Callable[[], None]:
            def build() -> None:
                from cognito_bench.ui.groups import TAB_BOXES

                made = cls()
                self.groups[cls.NAME] = made
                self.buttons.update(made.buttons)
                box = self._fields_layout if cls.COLUMN == 0 else self._actions_layout
                if not cls.TABS:
                    box.insertWidget(box.count() - 1, made)
                    return
                tabs = self.group_tabs.get(cls.TABS)
                if tabs is None:
                    tabs = named(QTabWidget(), cls.TABS, TAB_BOXES[cls.TABS])
                    tabs.setDocumentMode(True)
                    self.group_tabs[cls.TABS] = tabs
                    box.insertWidget(box.count() - 1, tabs)
                tabs.addTab(made, cls.TITLE)

            return build

        def hosted() -> None:
            from cognito_bench.ui.hosted import HostedUiGroup

            self.hosted: HostedUiGroup = HostedUiGroup(
                self.action_runner, self.target, self.sessions.current
            )
            self._fields_layout.insertWidget(1, self.hosted)

        def challenge() -> None:
            self.challenge: ChallengeBox = self._group("signInGroup").challenge
            self.buttons.update(self.challenge.buttons)

        def qt_namespace() -> None:
            from PySide6.QtCore import Qt

            _ = Qt.ItemDataRole.DisplayRole, Qt.Orientation.Vertical

        def response() -> None:
            from cognito_bench.ui.response import ResponsePane

            self.response = ResponsePane(self.runner)
            self.pages["Response"].addWidget(self.response)

        def tokens() -> None:
            from cognito_bench.ui.tokenpane import TokensPane

            self.tokens = TokensPane(self.runner)
            self.pages["Tokens"].addWidget(self.tokens)

        def history() -> None:
            from cognito_bench.ui.history import HistoryPane

            self.history = HistoryPane(self.runner)
            self.history.local_json = lambda: (
                self.local_target.to_json() if self.local_target is not None else None
            )
            self.pages["History"].addWidget(self.history)

        def outbox() -> None:
            from cognito_bench.ui.outbox import OutboxPane

            self.outbox = OutboxPane(self.runner)
            self.pages["Outbox"].addWidget(self.outbox)

        def flows() -> None:
            from cognito_bench.ui.flowspane import FlowsPane

            self.flows = FlowsPane(self.runner, self._flow_target)
            self.pages["Flows"].addWidget(self.flows)

        def load() -> None:
            from cognito_bench.ui.loadpane import LoadPane

            self.load = LoadPane(
                self.runner, self._flow_target, self.flows.flow_files, self.own_local
            )
            self.pages["Load"].addWidget(self.load)

        def admin() -> None:
            from cognito_bench.ui.admin import AdminPane

            self.admin = AdminPane(self.action_runner, self.target, self.aws_profile)
            self.pages["Admin"].addWidget(self.admin)

        def menus() -> None:
            from PySide6.QtWidgets import QMenuBar

            from cognito_bench.ui.shortcuts import MENUS, WindowShortcuts, install

            bar = QMenuBar()
            self.menus = {title: bar.addMenu(title) for title in MENUS}
            self.setMenuBar(bar)  # in place of the room kept for it
            self.shortcuts = WindowShortcuts(self)
            self.menu_actions = install(self, self.menus, self.shortcuts.handlers())
            self.show_local_actions()

        return [
            first_session,
            pane_pages,
            *(group(cls) for cls in group_classes()),
            hosted,
            challenge,
            qt_namespace,
            menus,
            response,
            tokens,
            history,
            outbox,
            flows,
            admin,
            load,
            self._finish,
        ]

    def _finish(self) -> None:
        """Everything exists: wire it, then show what happened before (a call, a target)."""
        from PySide6.QtCore import Qt

        self.identity_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._set_tab_order()
        self._connect_signals()
        self.panes_ready = True
        self.fit_columns()
        self._show_ready(self.target_form.ready)
        if self.store is not None:
            self.history.attach(self.store)
        self.profile.emit_tokens_note()
        if self.local_target is not None and self.profile_name == LOCAL_PROFILE:
            self.use_local_target(self.local_target)
        self.router.show_early()
        self.panes_built.emit()

    def _connect_signals(self) -> None:
        """Wire the parts together (once every part exists)."""
        self.router.connect_signals()
        for group in self.groups.values():
            group.action.connect(lambda name: self.run_action(name))
        for name, button in self.challenge.buttons.items():
            button.clicked.connect(lambda _=False, n=name: self.run_action(n))
        self.challenge.secret_provider = lambda: self.session.totp_secret
        self.mfa_totp.code.connect(lambda code: self.code.setText(code))

        self.target_form.ready_changed.connect(self._show_ready)
        self.sessions.current_changed.connect(self._session_switched)
        self.sessions.slot_added.connect(self._session_added)
        self.sessions.slot_closed.connect(self._session_closed)
        self.sessions.new_button.clicked.connect(lambda: self.new_session())
        for slot in self.sessions.slots:
            self._session_added(slot)

        profile = self.profile
        profile.chosen.connect(self._profile_filled)
        profile.chosen_saved.connect(self._profile_saved)
        profile.local_wanted.connect(self.local_filler.wanted)
        profile.message.connect(self.statusBar().showMessage)
        profile.changed.connect(self.profiles_changed)
        profile.reloaded.connect(self.profiles_reloaded)
        profile.store_ready.connect(self.store_ready)
        profile.store_ready.connect(self._show_passkey_keys)
        self.profile_chosen.connect(lambda _name: self._show_passkey_keys())
        profile.tokens_note.connect(self.history.set_tokens_note)

        self.local_filler.connect_signals()

        self.tokens.target_provider = self.target
        self.history.selected.connect(self.response.show_record)
        for signal in (self.history.failed, self.history.notice):
            signal.connect(lambda line: self.statusBar().showMessage(line, 15_000))
        self.history.exported.connect(
            lambda path: self.statusBar().showMessage(f"Exported to {path}", 15_000)
        )
        self.history.flow_saved.connect(
            lambda path: self.statusBar().showMessage(
                f"Saved the flow {path}: replay it in the Flows pane or with `cognito-bench run`.",
                20_000,
            )
        )
        self.outbox.use_code.connect(self._use_code)
        self.outbox.arrived.connect(self._codes_arrived)
        self.tabs.currentChanged.connect(self._pane_changed)
        self.load.started.connect(self._load_started)
        self.load.finished.connect(lambda _result: self.outbox.hold(False))
        self.load.exported.connect(lambda line: self.statusBar().showMessage(line, 15_000))
        self.tokens.diff_sources = self._diff_sources
        self.tokens.diff_triggers = self.sessions.triggers_of
        self.status_line.clicked.connect(lambda: self.show_pane(self.response))
        for edit in self.findChildren(QLineEdit):
            watch_invisible(edit)

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

    def fit_columns(self, width: int = 0) -> None:
        """Give the left side the width its columns need: both side by side when the panes
        keep :data:`MIN_PANES` pixels, else one (the columns stack and scroll up and down).

        Args:
            width: the window's width (default: as it is now).
        """
        scroll = self.left.verticalScrollBar().sizeHint().width() + 2 * self.left.frameWidth()
        two = self.columns.two_columns_width() + scroll
        one = self.columns.one_column_width() + scroll
        total = (width or self.width()) - self.splitter.handleWidth()
        left = two if total - two >= MIN_PANES else one
        self.splitter.setSizes([left, max(0, total - left)])

    def resizeEvent(self, event: Any) -> None:
        """Keep the left side as wide as its columns need (see :meth:`fit_columns`)."""
        super().resizeEvent(event)
        if self.panes_ready:
            self.fit_columns(event.size().width())

    def _set_tab_order(self) -> None:
        """Tab visits the fields column top to bottom, then the actions column."""
        chain: list[QWidget] = [*self.target_form.tab_chain(), *self.hosted.tab_chain()]
        for column in (0, 1):
            if column == 1:
                chain += self.user.tab_chain()
            for group in self.groups.values():
                if column == group.COLUMN:
                    chain += group.tab_chain()
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)
        self.tab_chain = chain

    # -- the target ----------------------------------------------------------------------

    def target(self) -> Target:
        """The target the fields describe."""
        return self.target_form.target()

    def form(self) -> Form:
        """Every input field of the tab in front, now."""
        from cognito_bench.flows.steps import Form

        values: dict[str, Any] = {}
        for group in self.groups.values():
            values.update(group.form_values())
        values.update(self.challenge.form_values())
        values.update(self.user.values())
        store = self.store
        values["authenticator"] = self.passkeys.maker(
            self.profile_name, store.secrets if store is not None else None
        )
        return Form(target=self.target(), **values)

    def _hosted_fields(self) -> tuple[str, str, str]:
        hosted = getattr(self, "hosted", None)
        if hosted is None:
            return "", "", ""
        return (
            hosted.domain.text().strip(),
            hosted.redirect_uri.text().strip(),
            hosted.scopes.text(),
        )

    def _show_ready(self, ready: bool) -> None:
        """The buttons that need a target are on once the fields hold one."""
        if not self.panes_ready:
            return
        parts: list[Any] = [*self.groups.values(), self.challenge, self.hosted, self.admin]
        for part in parts:
            part.set_ready(ready, _WAITING)

    def clear_stale_errors(self) -> None:
        """The fields hold a new target: an error of a call made before it is no longer news."""
        shown = self.response.record
        if shown is None or shown.ok:
            return  # (and no target built: at start that would import boto3 here)
        if shown.target != self.target():
            self.response.clear_error()
        if self.statusBar().currentMessage() == shown.one_line():
            self.statusBar().clearMessage()

    def use_local_target(self, local: LocalTarget) -> None:
        """Fill the fields with a local Cognito's demo resources (:class:`LocalFiller`)."""
        self.local_filler.use(local)

    def start_local(self) -> None:
        """Start the embedded local Cognito off the GUI thread, then fill the fields."""
        self.local.start()

    # -- profiles ------------------------------------------------------------------------

    def attach_store(self, store: BenchStore) -> None:
        """Use ``store`` from now on: its warnings (once), profiles and history.

        Keyring detection and the AWS profiles are read afterwards, off the GUI thread
        (:attr:`store_ready` says when).
        """
        warnings = store.warnings
        if warnings:
            self.note.show_lines(warnings)
            self.statusBar().showMessage(warnings[0], 30_000)
        self.profile.attach(store)
        if store.profiles.screen_share != self.screen_share:
            self.set_screen_share(store.profiles.screen_share, remember=False)
        if self.panes_ready:
            self.history.attach(store)

    def choose_profile(self, name: str) -> None:
        """Switch to profile ``name``: fill the target fields (secrets from the keyring)."""
        self.profile.choose(name)

    def _profile_filled(self, name: str) -> None:
        profile = self.profile.current()
        if profile is None:
            return
        self.hosted.show_profile(
            profile.hosted_ui_domain, profile.oauth_redirect_uri, profile.oauth_scopes
        )
        if self.panes_ready:
            self.local_filler.set_local(False)
            self.outbox.set_source(None)
            self.clear_stale_errors()
        where = profile.endpoint_url or f"AWS {profile.region}"
        self.status_target.setText(f"Profile {name} · {profile.user_pool_id} · {where}")
        self.show_local_actions()
        self.profile_chosen.emit(name)

    def _profile_saved(self, profile: Profile) -> None:
        self.status_target.setText(f"Profile {profile.name}")

    def save_profile_as(self, name: str = "") -> None:
        """Save the target fields as profile ``name`` (asks when empty) and switch to it."""
        self.profile.save_as(name, self)

    def rename_profile(self, new: str = "") -> None:
        """Rename the profile in use (asks when ``new`` is empty)."""
        self.profile.rename(new)

    def delete_profile(self, confirm: bool = True) -> None:
        """Delete the profile in use and its kept secrets (asks first unless ``confirm``)."""
        self.profile.delete(confirm)

    def import_profiles(self, path: str = "") -> None:
        """Add the profiles of an exported file (asks for it when ``path`` is empty)."""
        self.profile.import_file(path)

    def export_profiles(self, path: str = "") -> None:
        """Write every saved profile, without secrets, to ``path`` (asks when empty)."""
        self.profile.export_file(path)

    def refresh_profiles(self) -> None:
        """Re-read the profiles file if another window changed it (off the GUI thread)."""
        self.profile.refresh()

    def changeEvent(self, event: QEvent) -> None:
        """On activation, pick up profiles another window saved, renamed or deleted."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh_profiles()

    # -- session tabs ----------------------------------------------------------------------

    def new_session(self) -> SessionSlot:
        """Open a session tab on the same target (Ctrl+T) and bring it to the front."""
        return self.sessions.add()

    def _session_added(self, slot: SessionSlot) -> None:
        self.profile.watch(slot.form)
        if self.panes_ready:
            for edit in slot.form.findChildren(QLineEdit):
                watch_invisible(edit)
        slot.form.apply_screen_share()
        slot.form.main_button = self.buttons[self._group("signInGroup").MAIN]
        if slot.number not in self.tokens.sets:
            self.tokens.add_session(slot.number)

    def _session_closed(self, slot: SessionSlot) -> None:
        self.tokens.remove_session(slot.number)

    def _session_switched(self, slot: SessionSlot) -> None:
        if not self.panes_ready:
            return
        from cognito_bench.flows.session import Change

        self.tokens.set_current(slot.number)
        self.router.show_session(
            slot, Change.NONE, slot.form.username.text().strip(), switched=True
        )
        self.status_session.setText(slot.state())

    # -- running actions -------------------------------------------------------------------

    def run_action(self, name: str, confirm: bool = True) -> None:
        """Run a button's action off the GUI thread for the tab in front (the button shows
        it is busy).

        Args:
            name: the action (``signInSrp``).
            confirm: ask before a destructive action (Delete user); tests pass False.
        """
        from cognito_bench.flows.steps import ACTIONS

        if self.runner.closed:
            return
        step = ACTIONS[name]
        slot = self.slot
        form = self.form()
        self.last_action = (name, slot)
        if step.destructive and confirm and not self._confirm(step, form):
            return

        def signed_in(records: list[CallRecord]) -> None:
            from cognito_bench.aws.auth import tokens_of

            if form.password and form.username and any(tokens_of(r) for r in records):
                self.profile.remember_password(slot.form, form.username, form.password)

        self.action_runner.run(
            name,
            form,
            Origin(SESSION, slot, form.username),
            slot.session,
            button=self.buttons[name],
            then=signed_in,
        )

    def _confirm(self, step: Any, form: Form) -> bool:
        """Ask before a destructive step (Yes / Cancel); True to go ahead."""
        who = self.session.username or form.username or "the signed-in user"
        title = self.buttons[step.action].accessibleName()
        return ask_destructive(self, title, step.question(form, who))

    def add_record(
        self, record: CallRecord, username: str = "", origin: Origin | None = None
    ) -> Change:
        """Show a finished call (:meth:`RecordRouter.add`); what it changed in its session."""
        return self.router.add(record, username, origin)

    def _flow_target(self) -> tuple[Target, dict[str, str]]:
        """The target a flow runs against, and the local Cognito's names for templates."""
        extras: dict[str, str] = {}
        if self.local_target is not None and self.profile_name == LOCAL_PROFILE:
            data = self.local_target.to_json()
            extras = {k: v for k, v in data.items() if isinstance(v, str)}
        return self.target(), extras

    def _load_started(self, line: str) -> None:
        """A load run began: the Outbox waits for its end (each sign-up sends a code)."""
        self.outbox.hold(True)
        self.statusBar().showMessage(f"Load run: {line}", 15_000)

    def own_local(self) -> LocalCognito | None:
        """This window's local Cognito when it is the target now (the Load pane's quotas)."""
        emulator = self.emulator
        if emulator is None or self.profile_name != LOCAL_PROFILE:
            return None
        return emulator if emulator.target is self.local_target else None

    def _use_code(self, code: str) -> None:
        target = self.challenge.answer if self.challenge.isVisible() else self.code
        target.setText(code)
        target.setFocus()

    # -- what a call shows -----------------------------------------------------------------

    def _codes_arrived(self, count: int) -> None:
        """New codes in the Outbox: a badge on its tab until it is looked at."""
        if self.current_pane() is self.outbox:
            return
        self._unseen_codes += count
        self._badge_outbox()
        self.statusBar().showMessage(
            f"{count} new code{'s' if count != 1 else ''} in the Outbox "
            "(Use this code puts one in the Code field).",
            15_000,
        )

    def _badge_outbox(self) -> None:
        index = PANE_TITLES.index("Outbox")
        n = self._unseen_codes
        self.tabs.setTabText(index, f"Outbox ({n})" if n else "Outbox")
        self.tabs.setTabToolTip(index, f"{n} new code(s)" if n else "")

    def _pane_changed(self, _index: int) -> None:
        if self.current_pane() is self.outbox and self._unseen_codes:
            self._unseen_codes = 0
            self._badge_outbox()

    def _diff_sources(self) -> list[tuple[str, str]]:
        """The tokens Tokens → Diff offers: every session tab's, and the pasted one."""
        out = self.sessions.token_choices()
        pasted = self.tokens.paste.view.inspection
        if pasted is not None:
            out.append(("Pasted token (Tokens → Paste a token)", pasted.raw))
        return out

    # -- the keyboard and the menus ---------------------------------------------------------

    def show_triggers(self) -> QWidget | None:
        """Local Cognito → Triggers… (:meth:`WindowShortcuts.show_triggers`)."""
        return self.shortcuts.show_triggers()

    def show_local_actions(self) -> None:
        """The Local Cognito menu's entries on or off (once the menus exist)."""
        if self.menu_actions:  # the menus exist
            self.shortcuts.show_local_actions()

    def show_token_diff(self) -> None:
        """Bring Tokens → Diff forward (Ctrl+D)."""
        self.show_pane(self.tokens)
        self.tokens.show_diff_tab()

    def _show_passkey_keys(self) -> None:
        """Say in the Passkeys group where the profile's passkey keys are kept (the keyring
        is asked off the GUI thread)."""
        if self.runner.closed or not self.panes_ready:
            return
        store, profile = self.store, self.profile_name
        secrets = store.secrets if store is not None else None

        async def show() -> None:
            note, persistent = await self.runner.call_cpu(self.passkeys.note, profile, secrets)
            if profile == self.profile_name:
                self._group("passkeysGroup").show_keys_note(note, persistent)

        self.runner.spawn(show(), "passkey-keys")

    # -- screen-share mode ----------------------------------------------------------------

    @property
    def screen_share(self) -> bool:
        """True while every secret on screen shows masked."""
        from cognito_bench.ui.screenshare import sharing

        return sharing(self)

    def set_screen_share(self, on: bool, remember: bool = True) -> None:
        """Mask every secret on screen, or stop (:func:`~cognito_bench.ui.screenshare.switch`)."""
        from cognito_bench.ui.screenshare import switch

        switch(self, on, remember)

    # -- shutdown ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Cancel pending calls and stop polling; the app stops the emulator."""
        if self.panes_ready:
            self.outbox.stop()
            # Calls that finished a moment ago still go to the history (a few ms at most).
            self.history.write_pending_now()
            self.hosted.stop()  # a sign-in waiting for the browser stops listening
            self.load.shutdown()  # a load run's child ends with the window
        self.runner.close()
        self.closed.emit()
        super().closeEvent(event)
