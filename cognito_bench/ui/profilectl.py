"""`ProfileController`: profiles, kept secrets and remembered passwords, for the window.

It does what the Target group's profile bar asks (switch, save as, rename, delete, import,
export, keep tokens) and what the user fields' Remember box asks, through the store, off the
GUI thread: every profile change is a locked read-merge-write of the profiles file, and the
keyring may block. It fills the :class:`~cognito_bench.ui.targetform.TargetForm`; what else
a profile sets (the Hosted UI fields, the Outbox) the window does on :attr:`chosen`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from cognito_bench.ui.profiles import LOCAL_PROFILE

if TYPE_CHECKING:
    from cognito_bench.store import BenchStore, Profile
    from cognito_bench.ui.asyncglue import Runner
    from cognito_bench.ui.targetform import TargetForm
    from cognito_bench.ui.userform import UserForm

__all__ = ["ProfileController", "one_line"]

_KEEP_REMEMBERED = "Keep this user's password in the system keyring after a successful sign-in."
_LOCAL_NOT_KEPT = "The local Cognito's users are made afresh each run: passwords are not kept."


def one_line(exc: BaseException) -> str:
    """An exception as one plain line (a store error's own message, else its kind)."""
    text = " ".join(str(exc).split())
    if isinstance(exc, OSError) and exc.strerror:
        text = f"{exc.strerror} ({exc.filename})" if exc.filename else exc.strerror
    return text or type(exc).__name__


class ProfileController(QObject):
    """The window's profiles: the one in use, switching, saving, and remembered passwords.

    Args:
        runner: runs the store's file and keyring work off the GUI thread.
        form: the target fields it fills and reads.
        user_form: the user fields of the session tab in front (for Remember).
        extras: the Hosted UI fields a profile keeps: (domain, redirect URI, scopes).

    Signals:
        chosen(str): a profile's fields are in place (a saved one; the local one is the
            window's to fill: see :attr:`local_wanted`).
        changed(): a profile was saved, renamed, deleted or imported.
        reloaded(): another window changed the profiles; the switcher shows them.
        store_ready(): the keyring and the AWS profiles are known.
        message(str, int): a status line and how long it stays (ms).
        local_wanted(): the local profile was chosen: fill the fields from the local Cognito
            (or start it).
        tokens_note(str): what the History pane says about kept tokens ("" for nothing).
        chosen_saved(object): a profile was saved and is now the one in use (its stored form).
    """

    chosen = Signal(str)
    changed = Signal()
    reloaded = Signal()
    store_ready = Signal()
    message = Signal(str, int)
    local_wanted = Signal()
    tokens_note = Signal(str)
    chosen_saved = Signal(object)

    def __init__(
        self,
        runner: Runner,
        form: TargetForm,
        user_form: Callable[[], UserForm],
        extras: Callable[[], tuple[str, str, str]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._form = form
        self._user_form = user_form
        self._extras = extras
        #: What the bench remembers (profiles, history, secrets); attached after showing.
        self.store: BenchStore | None = None
        #: The profile in use (its name); the local entry until another is chosen.
        self.name = LOCAL_PROFILE
        #: The local profile's "keep tokens" (it is never saved).
        self.local_keep_tokens = False
        #: The local Cognito's target as JSON, once it runs (the store's local entry).
        self.local_json: dict[str, Any] | None = None
        self.keyring = False
        self._keyring_message = ""
        self._last_chosen = LOCAL_PROFILE  # see note_chosen
        self._last_chosen_lock = threading.Lock()
        self._forms: list[UserForm] = []
        bar = form.profiles
        bar.chosen.connect(self.choose)
        bar.save_as.clicked.connect(lambda: self.save_as())
        bar.rename.clicked.connect(lambda: self.rename())
        bar.delete.clicked.connect(lambda: self.delete())
        bar.import_.clicked.connect(lambda: self.import_file())
        bar.export.clicked.connect(lambda: self.export_file())
        bar.keep_tokens.toggled.connect(self._keep_tokens_toggled)

    # ---- the user fields' Remember box ---------------------------------------------------

    def watch(self, user: UserForm) -> None:
        """Follow a session tab's Remember box and username (its password is filled in)."""
        self._forms.append(user)
        user.remember.toggled.connect(lambda on, u=user: self._remember_toggled(u, on))
        user.username.editingFinished.connect(lambda u=user: self._fill_remembered_password(u))
        user.destroyed.connect(lambda _o=None, u=user: self._forms.remove(u))
        self._update_remember(user)

    def _update_remember(self, user: UserForm | None = None) -> None:
        for form in [user] if user is not None else list(self._forms):
            usable = self.keyring and self.name != LOCAL_PROFILE
            form.remember.setEnabled(usable)
            if not usable and form.remember.isChecked():
                form.remember.blockSignals(True)
                form.remember.setChecked(False)
                form.remember.blockSignals(False)
            form.remember.setText("Remember" if self.keyring else "Remember (no keyring)")
            if not self.keyring:
                form.remember.setToolTip(self._keyring_message or _KEEP_REMEMBERED)
            elif self.name == LOCAL_PROFILE:
                form.remember.setToolTip(_LOCAL_NOT_KEPT)
            else:
                form.remember.setToolTip(f"{_KEEP_REMEMBERED} {self._keyring_message}")

    def _remember_toggled(self, user: UserForm, on: bool) -> None:
        store, name, username = self.store, self.name, user.username.text().strip()
        if store is None or on or not username or name == LOCAL_PROFILE:
            return  # a password is kept after the next successful sign-in
        self._run(lambda: store.remember_password(name, username, "", False), "password:forget")

    def _fill_remembered_password(self, user: UserForm) -> None:
        store, name, username = self.store, self.name, user.username.text().strip()
        if store is None or not username or not user.remember.isEnabled() or self._runner.closed:
            return

        async def fill() -> None:
            password = await self._runner.call_cpu(store.password, name, username)
            if password and user.username.text().strip() == username and self.name == name:
                user.password.setText(password)
                self._tick(user, True)

        self._runner.spawn(fill(), "password:fill")

    @staticmethod
    def _tick(user: UserForm, on: bool) -> None:
        user.remember.blockSignals(True)
        user.remember.setChecked(on)
        user.remember.blockSignals(False)

    def remember_password(self, user: UserForm, username: str, password: str) -> None:
        """After a successful sign-in: keep the password if the tab's Remember box says so."""
        store, name = self.store, self.name
        if store is None or not user.remember.isChecked() or not user.remember.isEnabled():
            return

        def kept(done: Any) -> None:
            self.message.emit(
                f"Password of {username} kept in the system keyring."
                if done
                else f"Password of {username} was not kept: {store.secrets.status_message}",
                15_000,
            )

        self._run(
            lambda: store.remember_password(name, username, password, True),
            "password:remember",
            kept,
        )

    # ---- the store -------------------------------------------------------------------------

    def attach(self, store: BenchStore) -> None:
        """Use ``store``: list its profiles; the keyring and AWS profiles are read next."""
        self.store = store
        if self.local_json is not None:
            store.set_local(self.local_json, keep_tokens=self.local_keep_tokens)
        self._form.profiles.set_names(self.saved_names(), self.name)
        self.emit_tokens_note()
        if not self._runner.closed:
            self._runner.spawn(self._load_details(store), "store-details")

    async def _load_details(self, store: BenchStore) -> None:
        def details() -> tuple[bool, str, Any]:
            from cognito_bench.store import list_aws_profiles

            available = store.secrets.available  # keyring's backend detection (~100 ms)
            return available, store.secrets.status_message, list_aws_profiles()

        available, message, aws = await self._runner.call_cpu(details)
        self.keyring = available
        self._keyring_message = message
        self._update_remember()
        self._form.show_secret_status(message)
        self._form.set_aws_profiles(aws)
        if aws.warnings:
            self.message.emit(aws.warnings[0], 15_000)
        self.store_ready.emit()

    def saved_names(self) -> list[str]:
        """The saved profiles' names."""
        return [] if self.store is None else self.store.profiles.names()

    def current(self) -> Profile | None:
        """The profile in use, as stored (None before the store or the local Cognito)."""
        return None if self.store is None else self.store.profiles.get(self.name)

    def local_ready(self, local_json: dict[str, Any], in_use: bool) -> None:
        """The local Cognito runs: its entry in the store; in use, note it for next start."""
        self.local_json = local_json
        if in_use:
            self.name = LOCAL_PROFILE
            self._form.profiles.set_names(self.saved_names(), LOCAL_PROFILE)
        if self.store is not None:
            self.store.set_local(local_json, keep_tokens=self.local_keep_tokens)
            if in_use:
                self.note_chosen(LOCAL_PROFILE)
        if in_use:
            self.show_keep_tokens(self.local_keep_tokens)
            self._update_remember()
            self.emit_tokens_note()

    # ---- switching -----------------------------------------------------------------------

    def note_chosen(self, name: str) -> None:
        """Remember ``name`` as the profile for next start (a file write: off the GUI thread).

        Writes run on a pool of threads and may run out of order when profiles are switched
        quickly: each writes the name chosen last, under a lock, so the last write wins.
        """
        store = self.store
        if store is None or self._runner.closed:
            return
        self._last_chosen = name
        self._runner.spawn(
            self._runner.call_cpu(self._write_last_chosen, store), "profile:last-used"
        )

    def _write_last_chosen(self, store: BenchStore) -> None:
        """Write the profile chosen last as the one for next start (worker thread)."""
        with self._last_chosen_lock:
            store.choose(self._last_chosen)

    def choose(self, name: str) -> None:
        """Switch to profile ``name``: fill the target fields (secrets from the keyring)."""
        if self._runner.closed:
            return
        if name == LOCAL_PROFILE:
            self.name = LOCAL_PROFILE
            self._form.profiles.set_names(self.saved_names(), LOCAL_PROFILE)
            if self.local_json is None:
                self.note_chosen(LOCAL_PROFILE)
                self._update_remember()
            self.local_wanted.emit()
            return
        store = self.store
        if store is None or name not in store.profiles:
            self.message.emit(f"There is no saved profile named {name!r}.", 15_000)
            self._form.profiles.set_names(self.saved_names(), self.name)
            return
        self.name = name
        self._form.profiles.set_names(self.saved_names(), name)
        self._last_chosen = name  # written by _choose, before the fields fill
        user = self._user_form()
        self._runner.spawn(self._choose(store, name, user), f"profile:{name}")

    async def _choose(self, store: BenchStore, name: str, user: UserForm) -> None:
        username = user.username.text().strip()

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

        profile, fields, secrets, password = await self._runner.call_cpu(read)
        if profile is None or self.name != name:
            return
        self._form.fill_profile(profile, fields, secrets)
        if password:
            user.password.setText(password)
        self.show_keep_tokens(profile.keep_tokens)
        self._update_remember()
        if password and user.remember.isEnabled():
            self._tick(user, True)
        self.emit_tokens_note()
        self.message.emit(f"Profile {name!r} in use.", 10_000)
        self.chosen.emit(name)

    # ---- keep tokens ---------------------------------------------------------------------

    def show_keep_tokens(self, on: bool) -> None:
        """Tick "keep tokens" for the profile in use (without saving anything)."""
        box = self._form.profiles.keep_tokens
        box.blockSignals(True)
        box.setChecked(on)
        box.blockSignals(False)

    def _keep_tokens_toggled(self, on: bool) -> None:
        store = self.store
        if self.name == LOCAL_PROFILE:
            self.local_keep_tokens = on
            if store is not None and self.local_json is not None:
                store.set_local(self.local_json, keep_tokens=on)
            self.emit_tokens_note()
            return
        profile = self.current()
        if store is None or profile is None:
            return
        import dataclasses

        changed = dataclasses.replace(profile, keep_tokens=on)
        self._run(lambda: store.save_profile(changed), "profile:keep-tokens")

    def emit_tokens_note(self) -> None:
        """Say whether the profile in use keeps tokens in the history (:attr:`tokens_note`)."""
        on = self._form.profiles.keep_tokens.isChecked()
        self.tokens_note.emit(
            f"Tokens of profile {self.name!r} are kept in the stored history (its "
            "opt-in). Passwords and secrets are masked; exports mask tokens too."
            if on
            else ""
        )

    # ---- saving, renaming, deleting, importing, exporting ----------------------------------

    def _run(self, job: Any, name: str, then: Any = None) -> None:
        """Run a profile change off the GUI thread; report errors in one line."""
        if self._runner.closed:
            return

        async def change() -> None:
            try:
                result = await self._runner.call_cpu(job)
            except Exception as exc:  # ProfileError, OSError: one plain line
                self.message.emit(one_line(exc), 20_000)
                self.changed.emit()
                return
            message = getattr(result, "message", "") or (
                result.summary() if hasattr(result, "summary") else ""
            )
            if then is not None:
                then(result)
            if message:
                self.message.emit(message, 20_000)
            self._form.profiles.set_names(self.saved_names(), self.name)
            self.emit_tokens_note()
            self.changed.emit()

        self._runner.spawn(change(), name)

    def from_fields(self, name: str) -> tuple[Profile, dict[str, str]]:
        """A profile named ``name`` from the target fields, and its clients' secrets."""
        from cognito_bench.store import AppClient, Profile

        form = self._form
        listed, not_loaded, labels = form.clients()
        clients: list[AppClient] = []
        secrets: dict[str, str] = {}
        current = form.client_id.text().strip()
        current_secret = form.client_secret.text().strip()
        for kind, (client_id, secret) in listed.items():
            if client_id == current:
                secret = current_secret
            if not secret and client_id in not_loaded:
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
        domain, redirect_uri, scopes = self._extras()
        target = form.target()
        profile = Profile(
            name=name,
            region=target.region,
            user_pool_id=target.user_pool_id,
            clients=tuple(clients),
            identity_pool_id=target.identity_pool_id,
            endpoint_url=target.endpoint_url,
            bucket=target.bucket,
            aws_profile=target.aws_profile,
            keep_tokens=form.profiles.keep_tokens.isChecked(),
            hosted_ui_domain=domain,
            oauth_redirect_uri=redirect_uri,
            oauth_scopes=" ".join(scopes.split()),
        )
        return profile, secrets

    def save_as(self, name: str = "", parent: Any = None) -> None:
        """Save the target fields as profile ``name`` (asks when empty) and switch to it."""
        store = self.store
        if store is None:
            return
        if not name:
            from PySide6.QtWidgets import QInputDialog

            suggested = "" if self.name == LOCAL_PROFILE else self.name
            name, ok = QInputDialog.getText(
                parent or self._form.window(), "Save profile", "Profile name:", text=suggested
            )
            if not ok or not name.strip():
                return
        profile, secrets = self.from_fields(name)

        def switched(outcome: Any) -> None:
            self.name = outcome.profile.name
            self.note_chosen(outcome.profile.name)
            self._update_remember()
            self.chosen_saved.emit(outcome.profile)

        self._run(lambda: store.save_profile(profile, secrets), "profile:save", switched)

    def rename(self, new: str = "") -> None:
        """Rename the profile in use (asks when ``new`` is empty)."""
        store, old = self.store, self.name
        if store is None or old == LOCAL_PROFILE:
            return
        if not new:
            from PySide6.QtWidgets import QInputDialog

            new, ok = QInputDialog.getText(
                self._form.window(), "Rename profile", "New name:", text=old
            )
            if not ok or not new.strip() or new.strip() == old:
                return

        def renamed(profile: Any) -> None:
            self.name = profile.name
            self.message.emit(f"Renamed {old!r} to {profile.name!r}.", 15_000)

        self._run(lambda: store.rename_profile(old, new), "profile:rename", renamed)

    def delete(self, confirm: bool = True) -> None:
        """Delete the profile in use and its kept secrets (asks first unless ``confirm``)."""
        from cognito_bench.ui.widgets import ask_destructive

        store, name = self.store, self.name
        if store is None or name == LOCAL_PROFILE:
            return
        if confirm and not ask_destructive(
            self._form.window(),
            "Delete profile",
            f"Delete profile {name!r} and the secrets kept for it?",
        ):
            return

        def deleted(_done: Any) -> None:
            self.message.emit(f"Deleted profile {name!r}.", 15_000)
            self.choose(LOCAL_PROFILE)

        self._run(lambda: store.delete_profile(name), "profile:delete", deleted)

    def import_file(self, path: str = "") -> None:
        """Add the profiles of an exported file (asks for it when ``path`` is empty)."""
        store = self.store
        if store is None:
            return
        if not path:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getOpenFileName(
                self._form.window(), "Import profiles", "", "Profiles (*.json);;All files (*)"
            )
            if not path:
                return
        self._run(lambda: store.profiles.import_file(path), "profile:import")

    def export_file(self, path: str = "") -> None:
        """Write every saved profile, without secrets, to ``path`` (asks when empty)."""
        store = self.store
        if store is None:
            return
        if not path:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getSaveFileName(
                self._form.window(),
                "Export profiles",
                "cognito-bench-profiles.json",
                "Profiles (*.json)",
            )
            if not path:
                return

        def written(count: Any) -> None:
            self.message.emit(f"Exported {count} profile(s) to {path} (no secrets).", 15_000)

        self._run(lambda: store.profiles.export_file(path), "profile:export", written)

    # ---- another window's changes ----------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the profiles file if another window changed it (off the GUI thread).

        One ``stat`` when nothing changed; the file lock may make a re-read wait for another
        window's write, which is why it does not run on the GUI thread.
        """
        store = self.store
        if store is None or self._runner.closed:
            return

        async def refresh() -> None:
            await self._runner.call_cpu(store.profiles.refresh)
            # Compared with what the combo shows, not with refresh()'s answer: a write of
            # this window (a profile switch) may have re-read the other window's change.
            combo = self._form.profiles.combo
            names = self.saved_names()
            if names == [combo.itemData(i) for i in range(combo.count())]:
                return
            current = self.name
            self._form.profiles.set_names(names, current)
            if current != LOCAL_PROFILE and current not in store.profiles:
                self.message.emit(
                    f"Profile {current!r} was deleted or renamed in another window; these "
                    "fields are kept until you save or switch.",
                    20_000,
                )
            self.reloaded.emit()

        self._runner.spawn(refresh(), "profile:refresh")
