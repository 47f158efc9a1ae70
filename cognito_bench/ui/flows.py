"""What each button does, as plain functions: a form snapshot in, call records out.

Nothing here imports Qt. The window snapshots its fields into a :class:`Form` and the session
into a :class:`SessionView` on the GUI thread, runs an action off the GUI thread, and feeds the
records back to :meth:`Session.absorb` on the GUI thread. So the worker threads never touch
mutable state the GUI thread reads.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    # Imported lazily at run time: cognito_bench.aws pulls in boto3 (~300 ms), which must
    # not delay the window's first paint.
    from cognito_bench.aws.record import CallRecord
    from cognito_bench.aws.target import Target

__all__ = [
    "ACTIONS",
    "CHALLENGE_ANSWER_KEYS",
    "CORE",
    "Action",
    "Form",
    "Session",
    "SessionView",
    "admin",
    "ensure_imported",
    "guarded",
    "perform",
    "refused",
    "unexpected",
]


# NamedTuples, not dataclasses: importing dataclasses costs ~9 ms before the first paint.
class Form(NamedTuple):
    """The window's input fields at the moment a button was clicked."""

    target: Target
    username: str = ""
    password: str = ""
    email: str = ""
    phone: str = ""
    code: str = ""
    new_password: str = ""
    attribute: str = "email"
    mfa: str = "TOTP"
    challenge_answer: str = ""
    mfa_choice: str = "SOFTWARE_TOKEN_MFA"
    first_factor: str = ""
    s3_key: str = ""
    s3_body: str = ""
    s3_prefix: str = ""


class SessionView(NamedTuple):
    """A read-only copy of the session for a worker thread."""

    tokens: Any = None
    username: str = ""
    challenge: Any = None
    identity_id: str = ""
    credentials: Any = None
    totp_secret: str = ""

    @property
    def access_token(self) -> str:
        return str(getattr(self.tokens, "access_token", "") or "")

    @property
    def id_token(self) -> str:
        return str(getattr(self.tokens, "id_token", "") or "")

    @property
    def refresh_token(self) -> str:
        return str(getattr(self.tokens, "refresh_token", "") or "")


class Session:
    """What the signed-in session holds: tokens, a pending challenge, identity credentials.

    Lives on the GUI thread. :meth:`absorb` updates it from a finished call's record.

    Attributes:
        tokens: the latest ``Tokens`` (a refresh keeps the refresh token it did not return).
        username: who signed in (or is answering a challenge).
        challenge: the pending ``Challenge`` of a sign-in, if any.
        identity_id: the identity pool's id for this user, after Get credentials.
        credentials: temporary AWS credentials from the identity pool.
        totp_secret: the secret of the last TOTP setup (shown as QR, used by "current code").
    """

    def __init__(self) -> None:
        self.tokens: Any = None
        self.username = ""
        self.challenge: Any = None
        self.identity_id = ""
        self.credentials: Any = None
        self.totp_secret = ""
        #: True once the tokens were revoked (global sign-out, revoke, delete).
        self.signed_out = False

    def view(self) -> SessionView:
        """A frozen copy to hand to a worker thread."""
        return SessionView(
            tokens=self.tokens,
            username=self.username,
            challenge=self.challenge,
            identity_id=self.identity_id,
            credentials=self.credentials,
            totp_secret=self.totp_secret,
        )

    def absorb(self, record: CallRecord, username: str = "") -> set[str]:
        """Update from a finished call; returns what changed (``tokens``, ``challenge``, ...)."""
        import dataclasses

        from cognito_bench.aws import auth

        changed: set[str] = set()
        if not record.ok:
            return changed
        op = record.operation
        tokens = auth.tokens_of(record)
        if tokens is not None:
            machine = op == "OAuth2Token(client_credentials)"  # a client's token, no user's
            if not machine and not getattr(tokens, "refresh_token", "") and self.tokens:
                tokens = dataclasses.replace(tokens, refresh_token=self.tokens.refresh_token)
            self.tokens = tokens
            if username or machine:
                self.username = username
            if self.challenge is not None:
                self.challenge = None
                changed.add("challenge")
            self.credentials = None
            self.identity_id = ""
            self.signed_out = False
            changed.add("tokens")
        challenge = auth.challenge_of(record)
        if challenge is not None:
            self.challenge = challenge
            self.username = getattr(challenge, "username", "") or username or self.username
            changed.add("challenge")
        response = record.response
        if op == "AssociateSoftwareToken" and response.get("SecretCode"):
            self.totp_secret = str(response["SecretCode"])
            if response.get("Session") and self.challenge is not None:
                self.challenge = dataclasses.replace(self.challenge, session=response["Session"])
            changed.add("totp")
        if op == "VerifySoftwareToken" and response.get("Session") and self.challenge is not None:
            self.challenge = dataclasses.replace(self.challenge, session=response["Session"])
            changed.add("challenge")
        if op == "GetId" and response.get("IdentityId"):
            self.identity_id = str(response["IdentityId"])
        if op == "GetCredentialsForIdentity":
            from cognito_bench.aws import identity

            self.credentials = identity.credentials_of(record)
            self.identity_id = str(response.get("IdentityId") or self.identity_id)
            changed.add("credentials")
        if op in {"GlobalSignOut", "DeleteUser", "RevokeToken"}:
            self.credentials = None
            self.identity_id = ""
            self.signed_out = True
            changed.add("signed_out")
        return changed


def refused(operation: str, message: str, explanation: str = "", label: str = "") -> CallRecord:
    """A record for input refused before any call (``InvalidInput``).

    Without an ``explanation`` it gets the one every ``InvalidInput`` record of the core has,
    so the Response pane shows a cause and a fix for these refusals too.
    """
    from cognito_bench.aws.explain import explain
    from cognito_bench.aws.record import CallRecord

    return CallRecord(
        operation=operation,
        error_code="InvalidInput",
        error_message=message,
        explanation=explanation or explain("InvalidInput", message),
        label=label or operation,
    )


#: The answer key RespondToAuthChallenge expects for a code typed in the challenge box.
CHALLENGE_ANSWER_KEYS = {
    "SMS_MFA": "SMS_MFA_CODE",
    "EMAIL_OTP": "EMAIL_OTP_CODE",
    "SOFTWARE_TOKEN_MFA": "SOFTWARE_TOKEN_MFA_CODE",
    "NEW_PASSWORD_REQUIRED": "NEW_PASSWORD",
    "SELECT_MFA_TYPE": "ANSWER",
    "CUSTOM_CHALLENGE": "ANSWER",
    "SMS_OTP": "SMS_OTP_CODE",
}

_IMPORT_LOCK = threading.Lock()

#: What a user-pool call needs loaded (boto3 and pycognito come with cognito_bench.aws).
CORE = ("cognito_bench.aws", "cognito_bench.tokens")


def ensure_imported(*modules: str) -> None:
    """Import ``modules`` one thread at a time.

    Two threads importing ``requests`` (via pycognito) for the first time at once can see
    it half-initialised (a circular import across threads); every lazy import of the core
    from a worker thread goes through this lock.
    """
    import importlib
    import sys

    if all(m in sys.modules for m in modules):
        return
    with _IMPORT_LOCK:
        for module in modules:
            importlib.import_module(module)


_LOCK = threading.Lock()
_CACHE: dict[tuple[str, Target], Any] = {}


def _cached(kind: str, target: Target, make: Callable[[Target], Any]) -> Any:
    """One calls object per target: boto3 client creation is slow and not thread-safe."""
    with _LOCK:
        key = (kind, target)
        obj = _CACHE.get(key)
        if obj is None:
            if len(_CACHE) > 32:
                _CACHE.clear()
            obj = _CACHE[key] = make(target)
        return obj


def _pool(target: Target) -> Any:
    from cognito_bench.aws.userpool import UserPoolCalls

    return _cached("userpool", target, UserPoolCalls)


def _identity(target: Target) -> Any:
    from cognito_bench.aws.identity import IdentityCalls

    return _cached("identity", target, IdentityCalls)


def admin(target: Target) -> Any:
    """The admin calls object for ``target`` (cached)."""
    from cognito_bench.aws.admin import AdminCalls

    return _cached("admin", target, AdminCalls)


def unexpected(exc: BaseException, operation: str) -> CallRecord:
    """A record for an exception the core did not turn into a record itself."""
    from cognito_bench.aws.record import CallRecord

    return CallRecord(
        operation=operation,
        error_code=type(exc).__name__,
        error_message=str(exc) or type(exc).__name__,
        explanation="The bench failed before or after the call; this is a bug worth reporting.",
    )


def guarded(fn: Callable[[], CallRecord], operation: str) -> CallRecord:
    """``fn()``, with any exception turned into a record (never a traceback in the window)."""
    try:
        ensure_imported(*CORE)
        return fn()
    except Exception as exc:
        return unexpected(exc, operation)


def perform(action: Action, form: Form, session: SessionView) -> list[CallRecord]:
    """Run one button's action (off the GUI thread); never raises."""
    try:
        ensure_imported(*CORE)
        records = action.run(form, session)
    except Exception as exc:
        records = [unexpected(exc, action.label)]
    return records


def _attributes(form: Form) -> dict[str, str]:
    attrs = {}
    if form.email:
        attrs["email"] = form.email
    if form.phone:
        attrs["phone_number"] = form.phone
    return attrs


_SIGN_IN_FIRST = "Sign in first (SRP or Password): this session holds no {what}."


def _need(s: SessionView, what: str, operation: str) -> CallRecord | None:
    have = {
        "access token": s.access_token,
        "refresh token": s.refresh_token,
        "ID token": s.id_token,
    }[what]
    if have:
        return None
    return refused(
        operation,
        _SIGN_IN_FIRST.format(what=what),
        f"{operation} needs the user's {what}, which a successful sign-in returns.",
    )


Result = list["CallRecord"]


def _needs(what: str, operation: str) -> Callable[[ActionFn], ActionFn]:
    """An action that needs one of the session's tokens: without it, one refusal record
    (``InvalidInput``, "sign in first") instead of a call."""

    def wrap(action: ActionFn) -> ActionFn:
        @functools.wraps(action)
        def guarded(f: Form, s: SessionView) -> Result:
            missing = _need(s, what, operation)
            return [missing] if missing is not None else action(f, s)

        return guarded

    return wrap


ActionFn = Callable[[Form, SessionView], Result]


def sign_up(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).sign_up(f.username, f.password, _attributes(f))]


def confirm_sign_up(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).confirm_sign_up(f.username, f.code)]


def resend_code(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).resend_confirmation_code(f.username)]


def sign_in_srp(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).sign_in_srp(f.username, f.password)]


def sign_in_password(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).sign_in_password(f.username, f.password)]


def sign_in_choice(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).sign_in_choice(f.username, f.first_factor, f.password)]


@_needs("refresh token", "InitiateAuth")
def refresh(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).refresh(s.username or f.username, s.refresh_token)]


@_needs("access token", "GlobalSignOut")
def global_sign_out(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).global_sign_out(s.access_token)]


@_needs("refresh token", "RevokeToken")
def revoke(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).revoke_token(s.refresh_token)]


def answer_challenge(f: Form, s: SessionView) -> Result:
    ch = s.challenge
    if ch is None:
        return [refused("RespondToAuthChallenge", "No challenge is pending: sign in first.")]
    name = str(ch.name)
    if name == "MFA_SETUP":
        answers: dict[str, str] = {}
    elif name == "SELECT_MFA_TYPE":
        answers = {"ANSWER": f.mfa_choice}
    elif name == "SELECT_CHALLENGE":  # choice-based sign-in: the factor (and the password)
        answers = {"ANSWER": f.mfa_choice, "password": f.password}
    elif name == "NEW_PASSWORD_REQUIRED":
        answers = {"NEW_PASSWORD": f.challenge_answer}
    else:
        answers = {CHALLENGE_ANSWER_KEYS.get(name, "ANSWER"): f.challenge_answer}
    return [_pool(f.target).respond_to_challenge(name, ch.session, ch.username, answers)]


def challenge_totp_setup(f: Form, s: SessionView) -> Result:
    ch = s.challenge
    if ch is None:
        return [refused("AssociateSoftwareToken", "No MFA_SETUP challenge is pending.")]
    return [_pool(f.target).associate_software_token(session=ch.session)]


def challenge_totp_verify(f: Form, s: SessionView) -> Result:
    ch = s.challenge
    if ch is None:
        return [refused("VerifySoftwareToken", "No MFA_SETUP challenge is pending.")]
    return [
        _pool(f.target).verify_software_token(
            f.challenge_answer, session=ch.session, friendly_name="cognito-bench"
        )
    ]


def forgot_password(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).forgot_password(f.username)]


def confirm_forgot_password(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).confirm_forgot_password(f.username, f.code, f.new_password)]


@_needs("access token", "ChangePassword")
def change_password(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).change_password(s.access_token, f.password, f.new_password)]


@_needs("access token", "GetUser")
def get_user(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).get_user(s.access_token)]


@_needs("access token", "UpdateUserAttributes")
def update_attributes(f: Form, s: SessionView) -> Result:
    attrs = _attributes(f)
    if not attrs:
        return [refused("UpdateUserAttributes", "Fill in the e-mail or phone field first.")]
    return [_pool(f.target).update_user_attributes(s.access_token, attrs)]


@_needs("access token", "GetUserAttributeVerificationCode")
def send_attribute_code(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).get_user_attribute_verification_code(s.access_token, f.attribute)]


@_needs("access token", "VerifyUserAttribute")
def verify_attribute(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).verify_user_attribute(s.access_token, f.attribute, f.code)]


@_needs("access token", "AssociateSoftwareToken")
def totp_setup(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).associate_software_token(access_token=s.access_token)]


@_needs("access token", "VerifySoftwareToken")
def totp_verify(f: Form, s: SessionView) -> Result:
    return [
        _pool(f.target).verify_software_token(
            f.code, access_token=s.access_token, friendly_name="cognito-bench"
        )
    ]


_MFA_KINDS = {"TOTP": "totp", "SMS": "sms", "E-mail": "email"}


@_needs("access token", "SetUserMFAPreference")
def mfa_preference(f: Form, s: SessionView) -> Result:
    kind = _MFA_KINDS.get(f.mfa, "")
    flags: dict[str, Any] = {name: (name == kind) for name in _MFA_KINDS.values()}
    # Only send the factor chosen (enabled, preferred) or, for "Off", disable every factor.
    if kind:
        flags = {kind: True}
    return [_pool(f.target).set_user_mfa_preference(s.access_token, preferred=kind, **flags)]


@_needs("access token", "DeleteUser")
def delete_user(f: Form, s: SessionView) -> Result:
    return [_pool(f.target).delete_user(s.access_token)]


@_needs("ID token", "GetId")
def get_credentials(f: Form, s: SessionView) -> Result:
    if not f.target.identity_pool_id:
        return [refused("GetId", "Fill in the identity pool id first.")]
    calls = _identity(f.target)
    identity_id = s.identity_id
    records: Result = []
    if not identity_id:
        got = calls.get_id(s.id_token)
        records.append(got)
        if not got.ok:
            return records
        identity_id = str(got.response.get("IdentityId", ""))
    records.append(calls.get_credentials_for_identity(identity_id, s.id_token))
    return records


def _s3(f: Form, s: SessionView, operation: str) -> Any:
    if s.credentials is None:
        return [
            refused(
                operation,
                "No AWS credentials in this session.",
                "S3 calls use the identity pool's temporary credentials: "
                "click Identity → Get credentials after signing in.",
            )
        ]
    if not f.target.bucket:
        return [refused(operation, "Fill in the bucket first.")]
    from cognito_bench.aws.s3 import S3Calls

    return S3Calls(f.target, s.credentials)


def s3_list(f: Form, s: SessionView) -> Result:
    calls = _s3(f, s, "ListObjectsV2")
    if isinstance(calls, list):
        return calls
    return [calls.list_objects(prefix=f.s3_prefix)]


def s3_put(f: Form, s: SessionView) -> Result:
    calls = _s3(f, s, "PutObject")
    if isinstance(calls, list):
        return calls
    if not f.s3_key:
        return [refused("PutObject", "Fill in the S3 key first.")]
    return [calls.put_object(f.s3_key, f.s3_body.encode("utf-8"))]


def s3_get(f: Form, s: SessionView) -> Result:
    calls = _s3(f, s, "GetObject")
    if isinstance(calls, list):
        return calls
    if not f.s3_key:
        return [refused("GetObject", "Fill in the S3 key first.")]
    return [calls.get_object(f.s3_key)]


class Action(NamedTuple):
    """One button: its stable name, its label, and the function it runs off the GUI thread."""

    name: str
    label: str
    run: ActionFn
    tooltip: str = ""


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action("signUp", "Sign up", sign_up, "SignUp with username, password, e-mail, phone"),
        Action("confirmSignUp", "Confirm", confirm_sign_up, "ConfirmSignUp with the code"),
        Action("resendCode", "Resend code", resend_code, "ResendConfirmationCode"),
        Action("signInSrp", "SRP", sign_in_srp, "InitiateAuth USER_SRP_AUTH + PASSWORD_VERIFIER"),
        Action("signInPassword", "Password", sign_in_password, "InitiateAuth USER_PASSWORD_AUTH"),
        Action(
            "signInChoice",
            "Choice",
            sign_in_choice,
            "InitiateAuth USER_AUTH: choice-based sign-in (e-mail or SMS code, or the password)",
        ),
        Action("refresh", "Refresh", refresh, "InitiateAuth REFRESH_TOKEN_AUTH"),
        Action("globalSignOut", "Sign out (global)", global_sign_out, "GlobalSignOut"),
        Action("revoke", "Revoke", revoke, "RevokeToken (the refresh token)"),
        Action("answerChallenge", "Answer", answer_challenge, "RespondToAuthChallenge"),
        Action(
            "challengeTotpSetup",
            "Set up TOTP",
            challenge_totp_setup,
            "AssociateSoftwareToken with the challenge session",
        ),
        Action(
            "challengeTotpVerify",
            "Verify TOTP",
            challenge_totp_verify,
            "VerifySoftwareToken with the challenge session",
        ),
        Action("forgotPassword", "Forgot", forgot_password, "ForgotPassword"),
        Action(
            "confirmForgotPassword",
            "Confirm forgot",
            confirm_forgot_password,
            "ConfirmForgotPassword with the code and the new password",
        ),
        Action("changePassword", "Change", change_password, "ChangePassword: password → new"),
        Action("getUser", "Get user", get_user, "GetUser"),
        Action(
            "updateAttributes",
            "Update attributes",
            update_attributes,
            "UpdateUserAttributes (e-mail, phone)",
        ),
        Action(
            "sendAttributeCode",
            "Send code",
            send_attribute_code,
            "GetUserAttributeVerificationCode",
        ),
        Action("verifyAttribute", "Verify attribute", verify_attribute, "VerifyUserAttribute"),
        Action("totpSetup", "Set up TOTP", totp_setup, "AssociateSoftwareToken"),
        Action("totpVerify", "Verify TOTP", totp_verify, "VerifySoftwareToken with the code"),
        Action("mfaPreference", "MFA preference", mfa_preference, "SetUserMFAPreference"),
        Action("deleteUser", "Delete user", delete_user, "DeleteUser"),
        Action(
            "getCredentials",
            "Get credentials",
            get_credentials,
            "GetId + GetCredentialsForIdentity",
        ),
        Action("s3List", "List", s3_list, "ListObjectsV2"),
        Action("s3Put", "Put", s3_put, "PutObject"),
        Action("s3Get", "Get", s3_get, "GetObject"),
    ]
}
