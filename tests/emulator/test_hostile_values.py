"""Codes and secrets with non-ASCII text get Cognito's error, not an emulator failure.

``secrets.compare_digest`` and ``hmac.compare_digest`` raise TypeError for str with non-ASCII
characters; a code typed with an emoji or an Arabic-Indic digit made the fidelity layer answer
InternalErrorException (and log a traceback) where Cognito answers CodeMismatchException or
NotAuthorizedException.
"""

from __future__ import annotations

from typing import Any

from cognito_bench.emulator import LocalTarget
from cognito_bench.emulator.totp import verify_totp
from tests.emulator.conftest import error_of, make_user, outbox_code, password_sign_in

HOSTILE_CODE = "1\u202e2😀34"
MISMATCH = "CodeMismatchException"


def test_confirm_sign_up_with_a_non_ascii_code(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp, confirm=False)
    code, _message = error_of(
        lambda: idp.confirm_sign_up(
            ClientId=local.client_id, Username=user.username, ConfirmationCode=HOSTILE_CODE
        )
    )
    assert code == MISMATCH


def test_sms_mfa_with_a_non_ascii_code(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp, phone_number="+15550100126")
    access = password_sign_in(local, idp, user)["AuthenticationResult"]["AccessToken"]
    idp.set_user_mfa_preference(
        AccessToken=access, SMSMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    challenge = password_sign_in(local, idp, user)
    assert challenge["ChallengeName"] == "SMS_MFA"
    assert outbox_code(local, user.username, "MFA")
    assert error_of(
        lambda: idp.respond_to_auth_challenge(
            ClientId=local.client_id,
            ChallengeName="SMS_MFA",
            Session=challenge["Session"],
            ChallengeResponses={"USERNAME": user.username, "SMS_MFA_CODE": HOSTILE_CODE},
        )
    ) == (MISMATCH, "Invalid code received for user")


def test_non_ascii_secret_hash_and_client_secret(local: LocalTarget, idp: Any) -> None:
    """A non-ASCII SECRET_HASH or ClientSecret gets the answer any wrong one gets."""

    def sign_in(secret_hash: str) -> tuple[str, str]:
        return error_of(
            lambda: idp.initiate_auth(
                ClientId=local.client_id_with_secret,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={
                    "USERNAME": local.demo_user["username"],
                    "PASSWORD": local.demo_user["password"],
                    "SECRET_HASH": secret_hash,
                },
            )
        )

    def revoke(secret: str) -> tuple[str, str]:
        return error_of(
            lambda: idp.revoke_token(
                Token="eyJ.not.a-token", ClientId=local.client_id_with_secret, ClientSecret=secret
            )
        )

    assert sign_in("é" * 44) == sign_in("e" * 44)
    assert sign_in("e" * 44)[0] == "NotAuthorizedException"
    assert revoke("ü" * 30) == revoke("u" * 30)
    assert revoke("u" * 30)[0] == "UnauthorizedException"


def test_totp_code_of_non_ascii_digits_is_wrong_not_an_error() -> None:
    # "١٢٣٤٥٦" is six digits to str.isdigit, and not ASCII.
    assert verify_totp("JBSWY3DPEHPK3PXP", "١٢٣٤٥٦", 1_700_000_000.0) is False
