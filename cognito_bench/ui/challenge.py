"""The challenge box that opens in place after a sign-in, and the TOTP setup panel.

The box only shows what the pending challenge needs: a new password, a code (SMS, e-mail,
TOTP), an MFA type choice, or the TOTP setup (secret, otpauth URI, QR code).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from urllib.parse import quote, urlencode

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.ui.screenshare import SecretLineEdit, echo_for_sharing
from cognito_bench.ui.widgets import (
    NOTE_STYLE,
    BusyButton,
    FlowGroup,
    QrView,
    line_edit,
    named,
    set_ready,
)

__all__ = ["ChallengeBox", "TotpPanel", "otpauth_uri"]

_ISSUER = "CognitoBench"

#: What the answer field asks for, per challenge.
_PROMPTS = {
    "NEW_PASSWORD_REQUIRED": ("New password", True),
    "SMS_MFA": ("SMS code", False),
    "SMS_OTP": ("SMS code", False),
    "EMAIL_OTP": ("E-mail code", False),
    "SOFTWARE_TOKEN_MFA": ("TOTP code", False),
    "MFA_SETUP": ("TOTP code", False),
    "CUSTOM_CHALLENGE": ("Answer", False),
}

_MFA_LABELS = {
    "SOFTWARE_TOKEN_MFA": "Authenticator app (TOTP)",
    "SMS_MFA": "SMS",
    "EMAIL_OTP": "E-mail",
}
#: SELECT_CHALLENGE's factors (choice-based sign-in) as the combo shows them.
_FACTOR_LABELS = {
    "PASSWORD": "Password (the Password field)",
    "PASSWORD_SRP": "Password with SRP (pick it as First factor)",
    "EMAIL_OTP": "E-mail code",
    "SMS_OTP": "SMS code",
    "WEB_AUTHN": "Passkey (sign in with Passkeys → Sign in)",
}


def otpauth_uri(secret: str, account: str, issuer: str = _ISSUER) -> str:
    """The ``otpauth://totp/...`` URI an authenticator app scans."""
    label = quote(f"{issuer}:{account or 'user'}")
    query = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": 6})
    return f"otpauth://totp/{label}?{query}"


def current_totp(secret: str) -> str:
    """The current TOTP code for ``secret`` (the local helper; RFC 6238, 30 s, 6 digits)."""
    from cognito_bench.emulator.totp import totp_now

    return str(totp_now(secret))


class TotpPanel(QWidget):
    """Secret, otpauth URI and QR code of a TOTP setup; a "current code" helper in local mode.

    Signals:
        code(str): the user asked for the current code (local mode).
    """

    code = Signal(str)

    def __init__(self, prefix: str, *, helper: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._secret = ""
        self.secret = named(SecretLineEdit(), f"{prefix}Secret", "TOTP secret")
        self.uri = named(SecretLineEdit(), f"{prefix}Uri", "TOTP otpauth URI")
        self.qr = named(QrView(), f"{prefix}Qr", "TOTP QR code")
        self.current: QPushButton | None = None
        if helper:
            self.current = named(
                QPushButton("Current code"),
                f"{prefix}CurrentCode",
                "Fill in the current TOTP code (local helper)",
            )
            self.current.setToolTip("Computes the code an authenticator app would show now")
            self.current.clicked.connect(self._emit_code)
        form = QFormLayout()
        form.addRow("Secret", self.secret)
        form.addRow("URI", self.uri)
        if self.current is not None:
            form.addRow("", self.current)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(form, 1)
        row.addWidget(self.qr)
        self.set_local(False)
        self.setVisible(False)

    def set_secret(self, secret: str, account: str) -> None:
        """Show a new TOTP secret (empty hides the panel)."""
        self._secret = secret
        self.secret.set_value(secret)
        uri = otpauth_uri(secret, account) if secret else ""
        self.uri.set_value(uri)
        self.qr.set_text(uri)
        self.setVisible(bool(secret))

    def set_local(self, local: bool) -> None:
        """The "current code" helper only makes sense against the local emulator."""
        if self.current is not None:
            self.current.setVisible(local)

    def _emit_code(self) -> None:
        if self._secret:
            self.code.emit(current_totp(self._secret))


class ChallengeBox(FlowGroup):
    """The pending challenge and what answering it needs; hidden when none is pending.

    Attributes:
        buttons: the box's action buttons by action name (``answerChallenge``...).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Challenge", "challengeGroup", parent)
        self.challenge_name = ""
        self.heading = named(QLabel(""), "challengeName", "Challenge name")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet(NOTE_STYLE)
        self.answer_label = QLabel("Code")
        self.answer = line_edit("challengeAnswer", "Challenge answer", "code or new password")
        self.mfa_type = named(QComboBox(), "challengeMfaType", "MFA type to use")
        self.mfa_label = QLabel("MFA type")
        self.totp = TotpPanel("challengeTotp", helper=False)
        self.buttons: dict[str, BusyButton] = {
            "challengeTotpSetup": named(
                BusyButton("Set up TOTP"), "challengeTotpSetupButton", "Challenge: set up TOTP"
            ),
            "challengeTotpVerify": named(
                BusyButton("Verify TOTP"), "challengeTotpVerifyButton", "Challenge: verify TOTP"
            ),
            "answerChallenge": named(
                BusyButton("Answer"), "answerChallengeButton", "Answer the challenge"
            ),
        }
        self.current_code = named(
            QPushButton("Current code"),
            "challengeCurrentCode",
            "Fill in the current TOTP code (local helper)",
        )
        self.current_code.clicked.connect(self._fill_current_code)
        self.cancel = named(QPushButton("Dismiss"), "challengeDismiss", "Dismiss the challenge")
        self.cancel.clicked.connect(self.clear)
        self.main_button = self.buttons["answerChallenge"]
        self._local = False
        self._secret_prompt = False
        #: Where the "current code" helper finds the TOTP secret (the session's).
        self.secret_provider: Callable[[], str] = lambda: ""

        form = QFormLayout()
        form.addRow(self.answer_label, self.answer)
        form.addRow(self.mfa_label, self.mfa_type)
        row = QHBoxLayout()
        for b in self.buttons.values():
            row.addWidget(b)
        row.addWidget(self.current_code)
        row.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.totp)
        layout.addLayout(row)
        self.setVisible(False)

    def show_challenge(
        self, name: str, parameters: dict[str, str], available: tuple[str, ...] = ()
    ) -> None:
        """Open the box for challenge ``name`` (``available``: SELECT_CHALLENGE's factors)."""
        self.challenge_name = name
        prompt, secret = _PROMPTS.get(name, ("Answer", False))
        where = parameters.get("CODE_DELIVERY_DESTINATION", "")
        hint = f" (sent to {html.escape(where)})" if where else ""
        if name == "CUSTOM_CHALLENGE":  # what the CreateAuthChallenge trigger made public
            hint = "".join(
                f"<br>{html.escape(key[:60])}: <b>{html.escape(str(value)[:300])}</b>"
                for key, value in parameters.items()
                if key != "USERNAME"
            )
        self.heading.setText(f"Cognito asks for <b>{html.escape(name)}</b>{hint}")
        self.answer.clear()
        self.answer_label.setText(prompt)
        self._secret_prompt = secret
        echo_for_sharing(self.answer, secret)
        select = name in ("SELECT_MFA_TYPE", "SELECT_CHALLENGE")
        self.answer.setVisible(not select)
        self.answer_label.setVisible(not select)
        self.mfa_type.setVisible(select)
        self.mfa_label.setVisible(select)
        if name == "SELECT_MFA_TYPE":
            self.mfa_label.setText("MFA type")
            self.mfa_type.clear()
            for mfa in _choices(parameters):
                self.mfa_type.addItem(_MFA_LABELS.get(mfa, mfa), mfa)
        elif select:
            self.mfa_label.setText("Sign in with")
            self.mfa_type.clear()
            for factor in available or ("PASSWORD",):
                self.mfa_type.addItem(_FACTOR_LABELS.get(factor, factor), factor)
        setup = name == "MFA_SETUP"
        self.buttons["challengeTotpSetup"].setVisible(setup)
        self.buttons["challengeTotpVerify"].setVisible(setup)
        if not setup:
            self.totp.set_secret("", "")
        self.current_code.setVisible(self._local and name in ("SOFTWARE_TOKEN_MFA", "MFA_SETUP"))
        self.setVisible(True)
        (self.mfa_type if select else self.answer).setFocus()

    def set_local(self, local: bool) -> None:
        """Offer the "current code" helper (local mode only)."""
        self._local = local

    def apply_screen_share(self) -> None:
        """A code answer hides in screen-share mode (a new password always does)."""
        echo_for_sharing(self.answer, self._secret_prompt)

    def form_values(self) -> dict[str, str]:
        """The answer and the choice as :class:`~cognito_bench.flows.steps.Form` attributes."""
        return {
            "challenge_answer": self.answer.text().strip(),
            "mfa_choice": str(self.mfa_type.currentData() or ""),
        }

    def tab_chain(self) -> list[QWidget]:
        """The box's widgets in the order Tab visits them."""
        return [
            self.answer,
            self.mfa_type,
            *self.buttons.values(),
            self.current_code,
            self.cancel,
        ]

    def set_ready(self, ready: bool, why: str = "") -> None:
        """Enable the buttons once the target is known."""
        set_ready(self.buttons.values(), ready, why)

    def _fill_current_code(self) -> None:
        secret = self.secret_provider()
        if secret:
            self.answer.setText(current_totp(secret))
        else:
            self.answer.setPlaceholderText("no TOTP secret set up in this session")

    def clear(self) -> None:
        """Close the box."""
        if not self.challenge_name and self.isHidden():
            return  # nothing open (every sign-in closes the box)
        self.challenge_name = ""
        self.totp.set_secret("", "")
        self.setVisible(False)


def _choices(parameters: dict[str, str]) -> list[str]:
    import json

    raw = parameters.get("MFAS_CAN_CHOOSE", "")
    try:
        values = json.loads(raw) if raw else []
    except ValueError:
        values = [v.strip() for v in raw.strip("[]").split(",") if v.strip()]
    return [str(v).strip('"') for v in values] or list(_MFA_LABELS)
