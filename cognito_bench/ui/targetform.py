"""The Target group: the profile switcher and the fields that say where calls go.

:meth:`TargetForm.target` is the :class:`~cognito_bench.aws.target.Target` the fields
describe now; :attr:`TargetForm.changed` says they changed (typed, or filled from a profile
or the local Cognito). Until a profile's fields or the local Cognito's are in place the form
is not :attr:`~TargetForm.ready`, and the window keeps the buttons that need a target off.

The app client combo lists the profile's clients (the local Cognito's public, secret and
machine clients); picking one fills the client id and secret, typing an id makes it "Other".
The AWS profile combo lives in the Admin pane (what admin calls are signed with) but belongs
to the target, so it is made here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from cognito_bench.ui.profiles import ProfileBar
from cognito_bench.ui.widgets import GAP, GROUP_MARGINS, FlowGroup, line_edit, named

if TYPE_CHECKING:
    from cognito_bench.aws.target import Target
    from cognito_bench.emulator import LocalTarget
    from cognito_bench.store import AwsProfiles, Profile

__all__ = ["CLIENT_KINDS", "TargetForm"]

CLIENT_KINDS = (("Public client", "public"), ("Client with secret", "secret"), ("Other", "other"))
_CLIENT_SECRET_HINT = "only for a client with a secret"  # noqa: S105 (a placeholder)
_SECRET_NOT_KEPT = "this client has a secret that is not kept here: paste it"  # noqa: S105
_DEFAULT_CHAIN = "Default credential chain"


class TargetForm(FlowGroup):
    """Profile switcher, region, pools, app client and secret, endpoint, bucket.

    Signals:
        changed(): a field changed (typed, picked, or filled from a profile).
        ready_changed(bool): the fields now hold (or no longer hold) a usable target.
    """

    changed = Signal()
    ready_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Target", "targetGroup", parent)
        self._ready = False
        self._clients: dict[str, tuple[str, str]] = {}
        #: Clients the saved profile says have a secret that did not come back (no keyring):
        #: an empty secret field for them means "not known here", not "no secret".
        self._secret_not_loaded: set[str] = set()
        self._aws_regions: dict[str, str] = {}
        self.profiles = ProfileBar()
        self.region = line_edit("targetRegion", "Region", "empty: AWS_REGION, the AWS profile's, …")
        self.region.setToolTip(
            "Empty: the pool id's region, else AWS_REGION, AWS_DEFAULT_REGION, the AWS "
            "profile's region, and us-east-1 for a custom endpoint (as the AWS CLI does)"
        )
        self.user_pool_id = line_edit("targetUserPoolId", "User pool id", "e.g. us-east-1_AbC…")
        self.client_kind = named(QComboBox(), "targetClientKind", "App client kind")
        for label, kind in CLIENT_KINDS:
            self.client_kind.addItem(label, kind)
        self.client_kind.currentIndexChanged.connect(self._client_kind_changed)
        self.client_id = line_edit("targetClientId", "App client id", "app client id")
        self.client_id.textEdited.connect(self._client_id_typed)
        self.client_secret = line_edit(
            "targetClientSecret", "App client secret", _CLIENT_SECRET_HINT, secret=True
        )
        self.identity_pool_id = line_edit(
            "targetIdentityPoolId", "Identity pool id", "e.g. us-east-1:0000… (optional)"
        )
        self.endpoint = line_edit("targetEndpoint", "Endpoint URL", "empty: real AWS")
        self.bucket = line_edit("targetBucket", "S3 bucket", "bucket name")
        #: Shown in the Admin pane (admin calls are what it signs).
        self.aws_profile = named(
            QComboBox(), "adminAwsProfile", "AWS profile (admin calls)", "From ~/.aws/config"
        )
        self.aws_profile.addItem(_DEFAULT_CHAIN, "")
        self.aws_profile.activated.connect(self._aws_profile_chosen)
        #: The text fields by Target attribute, top to bottom.
        self._by_field: dict[str, QLineEdit] = {
            "region": self.region,
            "user_pool_id": self.user_pool_id,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "identity_pool_id": self.identity_pool_id,
            "endpoint_url": self.endpoint,
            "bucket": self.bucket,
        }
        for edit in self.edits():
            edit.textEdited.connect(self._typed)
        grid = QGridLayout(self)
        grid.setContentsMargins(*GROUP_MARGINS)
        grid.setVerticalSpacing(GAP)
        grid.setHorizontalSpacing(6)
        rows: list[list[tuple[str, QWidget]]] = [
            [("Profile", self.profiles)],
            [("Region", self.region), ("Client", self.client_kind)],
            [("User pool", self.user_pool_id)],
            [("Client id", self.client_id)],
            [("Secret", self.client_secret)],
            [("Identity pool", self.identity_pool_id)],
            [("Endpoint", self.endpoint)],
            [("Bucket", self.bucket)],
        ]
        for r, row in enumerate(rows):
            if len(row) == 1:
                label, widget = row[0]
                grid.addWidget(QLabel(label), r, 0)
                grid.addWidget(widget, r, 1, 1, 3)
                continue
            for c, (label, widget) in enumerate(row):
                grid.addWidget(QLabel(label), r, 2 * c)
                grid.addWidget(widget, r, 2 * c + 1)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)

    # ---- reading -----------------------------------------------------------------------

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

    def edits(self) -> list[QLineEdit]:
        """The target's text fields, top to bottom."""
        return list(self._by_field.values())

    def tab_chain(self) -> list[QWidget]:
        """The inputs in the order Tab visits them (the profile bar's, then Region, Client)."""
        return [*self.profiles.tab_chain(), self.region, self.client_kind, *self.edits()[1:]]

    @property
    def ready(self) -> bool:
        """True once the fields hold a target (a profile's, the local Cognito's, or typed)."""
        return self._ready

    def set_ready(self, ready: bool) -> None:
        """Say whether the fields hold a usable target (the buttons follow)."""
        if ready != self._ready:
            self._ready = ready
            self.ready_changed.emit(ready)

    def _typed(self, _text: str) -> None:
        self.set_ready(True)  # a target typed by hand is the user's to judge
        self.changed.emit()

    def clients(self) -> tuple[dict[str, tuple[str, str]], set[str], dict[str, str]]:
        """(kind -> (client id, secret), client ids whose secret was not loaded, kind -> label)."""
        labels = {
            str(self.client_kind.itemData(i)): self.client_kind.itemText(i)
            for i in range(self.client_kind.count())
        }
        return dict(self._clients), set(self._secret_not_loaded), labels

    # ---- the app client ----------------------------------------------------------------

    def _client_kind_changed(self, _index: int) -> None:
        kind = str(self.client_kind.currentData())
        if kind in self._clients:
            client_id, secret = self._clients[kind]
            self.client_id.setText(client_id)
            self.client_secret.setText(secret)
            self.client_id.setCursorPosition(0)
        self._secret_placeholder()
        self.changed.emit()

    def _secret_placeholder(self) -> None:
        """Say in the empty secret field when the profile's client has a secret not kept here."""
        not_loaded = self.client_id.text().strip() in self._secret_not_loaded
        self.client_secret.setPlaceholderText(
            _SECRET_NOT_KEPT if not_loaded else _CLIENT_SECRET_HINT
        )

    def _client_id_typed(self, text: str) -> None:
        # A client id typed by hand is none of the listed clients.
        known = {client_id: kind for kind, (client_id, _secret) in self._clients.items()}
        index = self.client_kind.findData(known.get(text.strip(), "other"))
        self.client_kind.blockSignals(True)
        self.client_kind.setCurrentIndex(index)
        self.client_kind.blockSignals(False)
        self._secret_placeholder()

    def set_clients(
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

    # ---- filling -----------------------------------------------------------------------

    def fill_local(self, local: LocalTarget) -> None:
        """The embedded local Cognito's demo resources (its demo app clients)."""
        self.set_clients(
            [
                (CLIENT_KINDS[0][0], "public", local.client_id, ""),
                (CLIENT_KINDS[1][0], "secret", local.client_id_with_secret, local.client_secret),
                (
                    "Machine client (client credentials)",
                    "machine",
                    local.machine_client_id,
                    local.machine_client_secret,
                ),
                *(
                    [
                        (
                            "Client that rotates refresh tokens",
                            "rotating",
                            local.client_id_rotating,
                            "",
                        )
                    ]
                    if local.client_id_rotating
                    else []
                ),
                *(
                    [
                        (
                            "Machine client (GetClientToken)",
                            "client_token",
                            local.client_token_client_id,
                            local.client_token_client_secret,
                        )
                    ]
                    if local.client_token_client_id
                    else []
                ),
            ]
        )
        self._fill(
            local.region,
            local.user_pool_id,
            local.identity_pool_id,
            local.endpoint_url,
            local.bucket,
        )
        self.aws_profile.setCurrentIndex(0)

    def fill_profile(
        self, profile: Profile, fields: dict[str, str], secrets: dict[str, str]
    ) -> None:
        """A saved profile's fields, its clients and the secrets the keyring gave back."""
        self.set_clients(
            [
                (c.label or c.client_id, f"client{i}", c.client_id, secrets.get(c.client_id, ""))
                for i, c in enumerate(profile.clients)
            ],
            {c.client_id for c in profile.clients if c.has_secret and not secrets.get(c.client_id)},
        )
        if not profile.clients:
            self.client_id.clear()
            self.client_secret.clear()
        self._fill(
            fields.get("region", ""),
            fields.get("user_pool_id", ""),
            fields.get("identity_pool_id", ""),
            fields.get("endpoint_url", ""),
            fields.get("bucket", ""),
        )
        self.select_aws_profile(profile.aws_profile)
        self._aws_profile_chosen(0)  # an empty region defaults from the AWS profile

    def _fill(self, region: str, pool: str, identity_pool: str, endpoint: str, bucket: str) -> None:
        self.region.setText(region)
        self.user_pool_id.setText(pool)
        self.identity_pool_id.setText(identity_pool)
        self.endpoint.setText(endpoint)
        self.bucket.setText(bucket)
        for edit in self.edits():
            edit.setCursorPosition(0)  # long ids show their start, not their end
        self.set_ready(True)
        self.changed.emit()

    # ---- the AWS profile ---------------------------------------------------------------

    def set_aws_profiles(self, aws: AwsProfiles) -> None:
        """List the AWS CLI profiles (keeping the one chosen)."""
        current = str(self.aws_profile.currentData() or "")
        self._aws_regions = {p.name: p.region for p in aws.profiles}
        self._aws_regions[""] = aws.region_of(aws.default)
        self.aws_profile.blockSignals(True)
        self.aws_profile.clear()
        chain = _DEFAULT_CHAIN
        self.aws_profile.addItem(f"{chain} ({aws.default})" if aws.default else chain, "")
        for p in aws.profiles:
            self.aws_profile.addItem(f"{p.name} ({p.region})" if p.region else p.name, p.name)
        self.select_aws_profile(current)
        self.aws_profile.blockSignals(False)

    def select_aws_profile(self, name: str) -> None:
        """Choose AWS profile ``name`` (listed as missing when the AWS files lack it)."""
        index = self.aws_profile.findData(name)
        if index < 0 and name:
            self.aws_profile.addItem(f"{name} (not in the AWS config files)", name)
            index = self.aws_profile.count() - 1
        self.aws_profile.setCurrentIndex(max(0, index))

    def _aws_profile_chosen(self, _index: int) -> None:
        region = self._aws_regions.get(str(self.aws_profile.currentData() or ""), "")
        if region and not self.region.text().strip():
            self.region.setText(region)  # the region defaults from the AWS profile
        self.changed.emit()

    def show_secret_status(self, message: str) -> None:
        """Say in the secret field's tooltip whether secrets can be kept (the keyring)."""
        self.client_secret.setToolTip(message)

    def widget_for(self, field: str) -> QLineEdit | None:
        """The input of a :class:`~cognito_bench.aws.target.Target` field (None: no such)."""
        return self._by_field.get(field)
