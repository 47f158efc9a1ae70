"""Passkeys: register one with the bench's software authenticator, sign in with it, list and
delete them; the tamper lab's wrong origin, wrong RP id and replayed challenge.

The authenticator's private keys live in the OS keyring per profile, or in memory for this
session when there is no keyring (:class:`~cognito_bench.ui.passkeyvault.PasskeyKeys`); the
group says which, in a note that stays visible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout

from cognito_bench.ui.groups import ActionGroup, Button, Field
from cognito_bench.ui.widgets import NOTE_STYLE, named

if TYPE_CHECKING:
    from cognito_bench.aws.record import CallRecord

__all__ = ["GROUP", "IN_MEMORY", "KEPT", "TAMPER_CHOICES", "passkey_items"]

#: The note's line (its tooltip says all): keys kept, or gone when the bench closes.
KEPT = "Passkey keys: in the system keyring (per profile)"
IN_MEMORY = "⚠ Keys in memory only: gone when the bench closes"

#: The tamper lab's choices: what the credential gets wrong (Cognito must refuse each).
TAMPER_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("Nothing", ""),
    ("Wrong origin", "origin"),
    ("Wrong RP id", "rp_id"),
    ("Replayed challenge", "replay"),
)


def passkey_items(record: CallRecord) -> list[tuple[str, str]]:
    """(text, credential id) of each passkey a ListWebAuthnCredentials record lists."""
    items = []
    for credential in record.response.get("Credentials", []) or []:
        if not isinstance(credential, dict) or not credential.get("CredentialId"):
            continue
        credential_id = str(credential["CredentialId"])
        name = str(credential.get("FriendlyCredentialName") or credential_id[:12])
        created = str(credential.get("CreatedAt", ""))[:16]
        items.append((f"{name} · {created}" if created else name, credential_id))
    return items


class PasskeysGroup(ActionGroup):
    """Register, Sign in, List, Delete; the tamper lab's choice applies to Register and Sign in."""

    TITLE = "Passkeys"
    NAME = "passkeysGroup"
    TABS = "factorTabs"
    MAIN = "signInPasskey"
    COLUMNS = 4
    FIELD_COLUMNS = 2
    FIELDS = (
        Field(
            "passkeyOrigin",
            "Passkey origin (empty: https:// and the RP id)",
            "Origin",
            "origin",
            "https://<RP id>",
            tooltip="The web origin the passkey claims, such as your app's "
            "https://app.example.com; empty: https:// and the relying party id",
        ),
        Field(
            "passkeyRpId",
            "Passkey relying party id (empty: the one Cognito names)",
            "RP id",
            "rp_id",
            "from Cognito",
            tooltip="The relying party id the passkey is for; empty: the one in Cognito's "
            "options (the pool's RelyingPartyId or managed-login domain)",
        ),
        Field(
            "passkeyTamper",
            "Tamper lab: what the passkey gets wrong",
            "Tamper",
            "tamper",
            kind="choice",
            choices=TAMPER_CHOICES,
            tooltip="Register and Sign in send a credential with a wrong origin, for another "
            "relying party, or a challenge answered twice: Cognito must refuse each",
        ),
        Field(
            "passkeyCredential",
            "Passkey to delete (credential id)",
            "Passkey",
            "credential_id",
            "List fills this",
            kind="listed",
        ),
    )
    BUTTONS = (
        Button("registerPasskey", "Register", "Passkeys: Register"),
        Button("signInPasskey", "Sign in", "Passkeys: Sign in"),
        Button("listPasskeys", "List", "Passkeys: List"),
        Button("deletePasskey", "Delete", "Passkeys: Delete"),
    )

    def build_extra(self, layout: QVBoxLayout) -> None:
        #: Where the private keys are kept (the keyring, or memory for this session).
        self.keys_note = named(
            QLabel("Passkeys' keys: the keyring is being checked."),
            "passkeyStorage",
            "Where passkeys' keys are kept",
        )
        # One line (the whole note in its tooltip): the page shares the column's height.
        self.keys_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.keys_note)

    def show_keys_note(self, note: str, persistent: bool) -> None:
        """Say where the keys are (highlighted when they end with the session)."""
        short = KEPT if persistent else IN_MEMORY
        self.keys_note.setText(short)
        self.keys_note.setToolTip(note)
        self.keys_note.setAccessibleDescription(note)
        style = "" if persistent else NOTE_STYLE
        if self.keys_note.styleSheet() != style:
            self.keys_note.setStyleSheet(style)

    def show_record(self, record: CallRecord) -> None:
        """A passkey list fills the Passkey choice; a passkey call says where its key went."""
        if record.operation == "ListWebAuthnCredentials" and record.ok:
            self.fill_list("credential_id", passkey_items(record))
        section: Any = record.response.get("Passkey")
        if isinstance(section, dict) and section.get("KeyStorageNote"):
            kept = section.get("KeyStorage") == "keyring"
            self.show_keys_note(str(section["KeyStorageNote"]), kept)


GROUP = PasskeysGroup
