"""The bench's actions as named steps: one per window button, with typed inputs.

A step is a plain function of a :class:`Form` (the inputs and the target) and a
:class:`~cognito_bench.flows.session.Session`, returning the call records it made. The
window builds a ``Form`` from its fields, a flow file from its step's inputs; both run the
same function through :func:`perform`, off the GUI thread for the window. No step raises:
bad input or a missing token is an ``InvalidInput`` record, a bug an unexpected-error one.

The registry :data:`STEPS` is the contract of the flow format (``cognito-bench run
--list-steps`` prints it; the JSON Schema is generated from it): step names are
snake_case and never change; the window's objectNames are the steps' ``action`` names.

Nothing here imports boto3 at module level: the window imports this before its first
paint, and each step imports the core when it runs.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from cognito_bench.defaults import DEFAULT_REDIRECT_URI
from cognito_bench.flows.session import Session

if TYPE_CHECKING:
    from cognito_bench.aws.record import CallRecord
    from cognito_bench.aws.target import Target

__all__ = [
    "ACTIONS",
    "CHALLENGE_ANSWER_KEYS",
    "CORE",
    "NO_STEP",
    "STEPS",
    "Form",
    "Input",
    "Result",
    "Step",
    "admin",
    "ensure_imported",
    "form_from_inputs",
    "guarded",
    "invalid_field",
    "perform",
    "refused",
    "step_by_action",
    "step_inputs",
    "unexpected",
]


# NamedTuples, not dataclasses: importing dataclasses costs ~9 ms before the first paint.
class Form(NamedTuple):
    """Every input a step can read: the window's fields at a click, or a flow step's inputs."""

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
    temporary_password: str = ""
    permanent: bool = True
    scopes: str = ""
    redirect_uri: str = ""
    logout_uri: str = ""
    device_name: str = ""
    device_key: str = ""
    device_remembered: bool = True
    credential_id: str = ""
    origin: str = ""
    rp_id: str = ""
    tamper: str = ""
    session_id: str = ""
    session_tracking: bool = True
    max_sessions: str = ""
    client_secret_id: str = ""
    new_client_secret: str = ""
    #: The passkey authenticator to use (the window's keeps keys in the keyring per profile),
    #: or a function that makes it (called off the GUI thread: it reads the keyring); None:
    #: one for this process, keys in memory.
    authenticator: Any = None


class Input(NamedTuple):
    """One input of a step, as a flow file names it.

    Attributes:
        name: the key in a flow file (``username``, ``answer``).
        help: what it is, in a few words.
        field: the :class:`Form` attribute it fills (default: ``name``).
        required: the step refuses to run without it.
        secret: a password, code or answer: never written into a flow file the bench
            saves, masked in reports.
        choices: the values allowed (empty: any text).
        kind: ``text`` or ``bool``.
    """

    name: str
    help: str
    field: str = ""
    required: bool = False
    secret: bool = False
    choices: tuple[str, ...] = ()
    kind: str = "text"

    @property
    def attribute(self) -> str:
        """The :class:`Form` attribute this input fills."""
        return self.field or self.name


Result = list["CallRecord"]
StepFn = Callable[[Form, Session], Result]


class Step(NamedTuple):
    """One action: its flow name, its window name, its inputs and what it runs.

    Attributes:
        name: the flow file's step name (``sign_in_srp``); a contract, never renamed.
        action: the window's name for it (``signInSrp``; the button is ``signInSrpButton``).
        label: the button's text.
        doc: the operations it makes (a tooltip, and ``--list-steps``).
        group: the window group it belongs to.
        inputs: what it reads.
        run: the function (off the GUI thread; never raises through :func:`perform`).
        destructive: the window asks before running it.
        confirm: what it asks then: ``{who}`` is the user, ``{value}`` the input the step
            acts on (a passkey's or device's id).
    """

    name: str
    action: str
    label: str
    doc: str
    group: str
    inputs: tuple[Input, ...]
    run: StepFn
    destructive: bool = False
    confirm: str = ""

    def input(self, name: str) -> Input | None:
        """The input called ``name``, if the step has one."""
        return next((i for i in self.inputs if i.name == name), None)

    def question(self, form: Form, who: str) -> str:
        """What the window asks before running this destructive step: its :attr:`confirm`
        with ``{who}`` and ``{value}`` (the last input's value, cut to 60 characters)."""
        last = self.inputs[-1].attribute if self.inputs else ""
        value = str(getattr(form, last, "") or "")[:60] if last else ""
        template = self.confirm or f"{self.label} ({self.doc})? This cannot be undone."
        return template.format(who=who or "the user", value=value or "(none chosen)")


# ---- records made without a call ------------------------------------------------------------


def refused(operation: str, message: str, explanation: str = "", label: str = "") -> CallRecord:
    """A record for input refused before any call (``InvalidInput``).

    Without an ``explanation`` it gets the one every ``InvalidInput`` record of the core has,
    so a refusal shows a cause and a fix too.
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


def unexpected(exc: BaseException, operation: str) -> CallRecord:
    """A record for an exception the core did not turn into a record itself."""
    from cognito_bench.aws.record import CallRecord

    return CallRecord(
        operation=operation,
        error_code=type(exc).__name__,
        error_message=str(exc) or type(exc).__name__,
        explanation="The bench failed before or after the call; this is a bug worth reporting.",
    )


#: The first words of a refusal and the input they name: a Form attribute, or
#: ``target.<field>`` (longest first: "user pool id" before "pool").
_FIELD_WORDS = (
    ("fill in the identity pool id", "target.identity_pool_id"),
    ("fill in the e-mail or phone", "email"),
    ("fill in the bucket", "target.bucket"),
    ("fill in the s3 key", "s3_key"),
    ("user pool id", "target.user_pool_id"),
    ("identity pool id", "target.identity_pool_id"),
    ("app client id", "target.client_id"),
    ("client id", "target.client_id"),
    ("client secret", "target.client_secret"),
    ("hosted ui domain", "target.hosted_ui_domain"),
    ("region", "target.region"),
    ("endpoint", "target.endpoint_url"),
    ("bucket", "target.bucket"),
    ("new password", "new_password"),
    ("current password", "password"),
    ("temporary password", "temporary_password"),
    ("password", "password"),
    ("username", "username"),
    ("code", "code"),
    ("object key", "s3_key"),
    ("prefix", "s3_prefix"),
    ("body", "s3_body"),
    ("attribute", "email"),
)
#: Steps whose code or new password is the challenge box's answer.
_ANSWER_STEPS = frozenset({"answer_challenge", "challenge_totp_verify"})


def invalid_field(record: CallRecord) -> str:
    """The input an ``InvalidInput`` record's message names ("" when none or not known).

    A :class:`Form` attribute (``username``, ``new_password``, ``challenge_answer``) or a
    target field as ``target.<name>`` (``target.region``): the window focuses and marks it.
    """
    if record.error_code != "InvalidInput":
        return ""
    message = record.error_message.strip().lower()
    for words, field in _FIELD_WORDS:
        if message.startswith(words):
            step = (record.step or {}).get("name")
            if field in {"code", "new_password"} and step in _ANSWER_STEPS:
                return "challenge_answer"
            return field
    return ""


# ---- importing and caching the core ---------------------------------------------------------

_IMPORT_LOCK = threading.Lock()

#: What a call needs loaded (boto3 and pycognito come with cognito_bench.aws).
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
#: S3 calls per target and identity credentials, the least recently used dropped first: an
#: S3 client costs ~60 ms of CPU to build, and a flow's S3 steps (or a load test's users,
#: each with credentials of its own) would otherwise build one per step.
_S3_CACHE: dict[tuple[Target, Any], Any] = {}
_S3_CACHE_SIZE = 256


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


def guarded(fn: Callable[[], CallRecord], operation: str) -> CallRecord:
    """``fn()``, with any exception turned into a record (never a traceback)."""
    try:
        ensure_imported(*CORE)
        return fn()
    except Exception as exc:
        return unexpected(exc, operation)


def perform(step: Step, form: Form, session: Session) -> Result:
    """Run one step (off the GUI thread); never raises.

    Every record it returns carries the target it was made against (``record.target``),
    so a pane or a report shows that one, not whatever the fields hold by then. A target
    without a region gets one as the AWS CLI would pick it (:mod:`cognito_bench.aws.region`).
    """
    try:
        ensure_imported(*CORE)
        from cognito_bench.aws.region import with_region

        form = form._replace(target=with_region(form.target))
        records = step.run(form, session)
    except Exception as exc:
        records = [unexpected(exc, step.label)]
    made_by = {"name": step.name, "inputs": step_inputs(step, form), "call": _call_id()}
    for record in records:
        if record.target is None:
            record.target = form.target
        record.step = made_by
    return records


def step_inputs(step: Step, form: Form) -> dict[str, Any]:
    """The inputs ``form`` gave ``step``; a secret one as a fingerprint, or ``False`` (empty).

    What a record keeps of how it was made ("Save as flow" writes a step from it): never a
    password, code or answer. A secret's fingerprint (``secret:`` and 8 hex digits, an HMAC
    with a key made at start and never written) tells only whether two inputs of this
    session were the same secret: a wrong password from the right one.
    """
    out: dict[str, Any] = {}
    for spec in step.inputs:
        value = getattr(form, spec.attribute)
        out[spec.name] = (_fingerprint(value) if value else False) if spec.secret else value
    return out


_FINGERPRINT_KEY: list[bytes] = []


def _fingerprint(value: Any) -> str:
    import hashlib
    import hmac
    import secrets

    if not _FINGERPRINT_KEY:
        _FINGERPRINT_KEY.append(secrets.token_bytes(32))
    digest = hmac.new(_FINGERPRINT_KEY[0], str(value).encode("utf-8"), hashlib.sha256)
    return f"secret:{digest.hexdigest()[:8]}"


def _call_id() -> str:
    import secrets

    return secrets.token_hex(6)


# ---- preconditions -----------------------------------------------------------------------

_SIGN_IN_FIRST = "Sign in first (SRP or Password): this session holds no {what}."


def _need(s: Session, what: str, operation: str) -> CallRecord | None:
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


def _unless(refusal: Callable[[Form, Session], CallRecord | None]) -> Callable[[StepFn], StepFn]:
    """A step that runs only when ``refusal`` finds nothing missing; else that one record."""

    def wrap(step: StepFn) -> StepFn:
        @functools.wraps(step)
        def checked(f: Form, s: Session) -> Result:
            missing = refusal(f, s)
            return [missing] if missing is not None else step(f, s)

        return checked

    return wrap


def _needs(what: str, operation: str) -> Callable[[StepFn], StepFn]:
    """A step that needs one of the session's tokens: without it, one refusal record
    (``InvalidInput``, "sign in first") instead of a call."""
    return _unless(lambda _f, s: _need(s, what, operation))


def _attributes(form: Form) -> dict[str, str]:
    attrs = {}
    if form.email:
        attrs["email"] = form.email
    if form.phone:
        attrs["phone_number"] = form.phone
    return attrs


# ---- sign up, sign in, session ---------------------------------------------------------------


def sign_up(f: Form, s: Session) -> Result:
    return [_pool(f.target).sign_up(f.username, f.password, _attributes(f))]


def confirm_sign_up(f: Form, s: Session) -> Result:
    return [_pool(f.target).confirm_sign_up(f.username, f.code)]


def resend_code(f: Form, s: Session) -> Result:
    return [_pool(f.target).resend_confirmation_code(f.username)]


def sign_in_srp(f: Form, s: Session) -> Result:
    # A device this user remembered answers DEVICE_SRP_AUTH (Cognito then skips MFA).
    device = s.device if s.device is not None and s.device_user == f.username else None
    return [_pool(f.target).sign_in_srp(f.username, f.password, device)]


def sign_in_password(f: Form, s: Session) -> Result:
    return [_pool(f.target).sign_in_password(f.username, f.password)]


def sign_in_choice(f: Form, s: Session) -> Result:
    return [_pool(f.target).sign_in_choice(f.username, f.first_factor, f.password)]


def sign_in_custom(f: Form, s: Session) -> Result:
    return [_pool(f.target).sign_in_custom(f.username, f.password)]


@_needs("refresh token", "InitiateAuth")
def refresh(f: Form, s: Session) -> Result:
    username = s.username or f.username
    # Cognito requires the remembered device's key on a refresh where the pool remembers
    # devices: the device this user remembered in this session.
    device = s.device.key if s.device is not None and s.device_user == username else ""
    return [_pool(f.target).refresh(username, s.refresh_token, device)]


@_needs("access token", "GlobalSignOut")
def global_sign_out(f: Form, s: Session) -> Result:
    return [_pool(f.target).global_sign_out(s.access_token)]


@_needs("refresh token", "RevokeToken")
def revoke(f: Form, s: Session) -> Result:
    return [_pool(f.target).revoke_token(s.refresh_token)]


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


def answer_challenge(f: Form, s: Session) -> Result:
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


def challenge_totp_setup(f: Form, s: Session) -> Result:
    ch = s.challenge
    if ch is None:
        return [refused("AssociateSoftwareToken", "No MFA_SETUP challenge is pending.")]
    return [_pool(f.target).associate_software_token(session=ch.session)]


def challenge_totp_verify(f: Form, s: Session) -> Result:
    ch = s.challenge
    if ch is None:
        return [refused("VerifySoftwareToken", "No MFA_SETUP challenge is pending.")]
    return [
        _pool(f.target).verify_software_token(
            f.challenge_answer, session=ch.session, friendly_name="cognito-bench"
        )
    ]


# ---- password and account ------------------------------------------------------------------


def forgot_password(f: Form, s: Session) -> Result:
    return [_pool(f.target).forgot_password(f.username)]


def confirm_forgot_password(f: Form, s: Session) -> Result:
    return [_pool(f.target).confirm_forgot_password(f.username, f.code, f.new_password)]


@_needs("access token", "ChangePassword")
def change_password(f: Form, s: Session) -> Result:
    return [_pool(f.target).change_password(s.access_token, f.password, f.new_password)]


@_needs("access token", "GetUser")
def get_user(f: Form, s: Session) -> Result:
    return [_pool(f.target).get_user(s.access_token)]


@_needs("access token", "UpdateUserAttributes")
def update_attributes(f: Form, s: Session) -> Result:
    attrs = _attributes(f)
    if not attrs:
        return [refused("UpdateUserAttributes", "Fill in the e-mail or phone field first.")]
    return [_pool(f.target).update_user_attributes(s.access_token, attrs)]


@_needs("access token", "GetUserAttributeVerificationCode")
def send_attribute_code(f: Form, s: Session) -> Result:
    return [_pool(f.target).get_user_attribute_verification_code(s.access_token, f.attribute)]


@_needs("access token", "VerifyUserAttribute")
def verify_attribute(f: Form, s: Session) -> Result:
    return [_pool(f.target).verify_user_attribute(s.access_token, f.attribute, f.code)]


@_needs("access token", "AssociateSoftwareToken")
def totp_setup(f: Form, s: Session) -> Result:
    return [_pool(f.target).associate_software_token(access_token=s.access_token)]


@_needs("access token", "VerifySoftwareToken")
def totp_verify(f: Form, s: Session) -> Result:
    return [
        _pool(f.target).verify_software_token(
            f.code, access_token=s.access_token, friendly_name="cognito-bench"
        )
    ]


#: The window's MFA choices and the factor each one sets.
MFA_KINDS = {"TOTP": "totp", "SMS": "sms", "E-mail": "email", "Off": ""}


@_needs("access token", "SetUserMFAPreference")
def mfa_preference(f: Form, s: Session) -> Result:
    kind = MFA_KINDS.get(f.mfa, "")
    flags: dict[str, Any] = {name: False for name in MFA_KINDS.values() if name}
    # Only send the factor chosen (enabled, preferred) or, for "Off", disable every factor.
    if kind:
        flags = {kind: True}
    return [_pool(f.target).set_user_mfa_preference(s.access_token, preferred=kind, **flags)]


@_needs("access token", "DeleteUser")
def delete_user(f: Form, s: Session) -> Result:
    return [_pool(f.target).delete_user(s.access_token)]


# ---- devices, passkeys, sessions ---------------------------------------------------------------


@_needs("access token", "ConfirmDevice")
def remember_device(f: Form, s: Session) -> Result:
    if s.new_device is None:
        return [
            refused(
                "ConfirmDevice",
                "No new device in this session: sign in to a pool that tracks devices first.",
                "A sign-in returns NewDeviceMetadata when the pool tracks devices; Remember "
                "device confirms that device with its SRP verifier.",
            )
        ]
    name = f.device_name or "Cognito Bench"
    return [_pool(f.target).remember_device(s.access_token, s.new_device, name)]


@_needs("access token", "ListDevices")
def list_devices(f: Form, s: Session) -> Result:
    return [_pool(f.target).list_devices(s.access_token)]


@_needs("access token", "GetDevice")
def get_device(f: Form, s: Session) -> Result:
    key = f.device_key or (s.device.key if s.device is not None else "")
    return [_pool(f.target).get_device(s.access_token, key)]


@_needs("access token", "ForgetDevice")
def forget_device(f: Form, s: Session) -> Result:
    key = f.device_key or (s.device.key if s.device is not None else "")
    return [_pool(f.target).forget_device(s.access_token, key)]


def _authenticator(f: Form) -> Any:
    """The form's passkey authenticator (made now if the form has its maker), else one for
    this process (keys in memory)."""
    if callable(f.authenticator):
        return f.authenticator()
    if f.authenticator is not None:
        return f.authenticator
    with _LOCK:
        if not _AUTHENTICATOR:
            from cognito_bench.aws.passkeys import MemoryKeys, SoftwareAuthenticator

            _AUTHENTICATOR.append(SoftwareAuthenticator(MemoryKeys()))
        return _AUTHENTICATOR[0]


_AUTHENTICATOR: list[Any] = []


def _tamper(f: Form) -> Any:
    from cognito_bench.aws.passkeys import Tamper

    return Tamper(f.tamper or "none")


@_needs("access token", "StartWebAuthnRegistration")
def register_passkey(f: Form, s: Session) -> Result:
    return [
        _pool(f.target).register_passkey(
            s.access_token, _authenticator(f), origin=f.origin, rp_id=f.rp_id, tamper=_tamper(f)
        )
    ]


def sign_in_passkey(f: Form, s: Session) -> Result:
    return [
        _pool(f.target).sign_in_passkey(
            f.username, _authenticator(f), origin=f.origin, rp_id=f.rp_id, tamper=_tamper(f)
        )
    ]


@_needs("access token", "ListWebAuthnCredentials")
def list_passkeys(f: Form, s: Session) -> Result:
    return [_pool(f.target).list_passkeys(s.access_token)]


@_needs("access token", "DeleteWebAuthnCredential")
def delete_passkey(f: Form, s: Session) -> Result:
    return [_pool(f.target).delete_passkey(s.access_token, f.credential_id, _authenticator(f))]


@_needs("access token", "ListUserSessions")
def list_sessions(f: Form, s: Session) -> Result:
    return [_pool(f.target).list_user_sessions(s.access_token)]


@_needs("access token", "RevokeUserSession")
def revoke_session(f: Form, s: Session) -> Result:
    return [_pool(f.target).revoke_user_session(s.access_token, f.session_id)]


@_needs("access token", "GetUserAuthFactors")
def auth_factors(f: Form, s: Session) -> Result:
    return [_pool(f.target).get_user_auth_factors(s.access_token)]


# ---- identity pool and S3 ------------------------------------------------------------------


@_needs("ID token", "GetId")
def get_credentials(f: Form, s: Session) -> Result:
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


def _s3(f: Form, s: Session, operation: str) -> Any:
    if s.credentials is None:
        return [
            refused(
                operation,
                "No AWS credentials in this session.",
                "S3 calls use the identity pool's temporary credentials: "
                "click Identity pool → Get credentials after signing in.",
            )
        ]
    if not f.target.bucket:
        return [refused(operation, "Fill in the bucket first.")]
    from cognito_bench.aws.s3 import S3Calls

    key = (f.target, s.credentials)
    with _LOCK:
        calls = _S3_CACHE.pop(key, None) or S3Calls(f.target, s.credentials)
        _S3_CACHE[key] = calls  # newest last
        while len(_S3_CACHE) > _S3_CACHE_SIZE:
            del _S3_CACHE[next(iter(_S3_CACHE))]
    return calls


def s3_list(f: Form, s: Session) -> Result:
    calls = _s3(f, s, "ListObjectsV2")
    if isinstance(calls, list):
        return calls
    return [calls.list_objects(prefix=f.s3_prefix)]


def s3_put(f: Form, s: Session) -> Result:
    calls = _s3(f, s, "PutObject")
    if isinstance(calls, list):
        return calls
    if not f.s3_key:
        return [refused("PutObject", "Fill in the S3 key first.")]
    return [calls.put_object(f.s3_key, f.s3_body.encode("utf-8"))]


def s3_get(f: Form, s: Session) -> Result:
    calls = _s3(f, s, "GetObject")
    if isinstance(calls, list):
        return calls
    if not f.s3_key:
        return [refused("GetObject", "Fill in the S3 key first.")]
    return [calls.get_object(f.s3_key)]


# ---- admin (AWS credentials) ---------------------------------------------------------------


def _admin_user(f: Form, operation: str) -> CallRecord | None:
    if f.username:
        return None
    return refused(operation, "username is required: type or select a user first")


def _for_user(operation: str) -> Callable[[StepFn], StepFn]:
    """An admin step on the user the form names: without one, one refusal record
    (``InvalidInput``, "username is required") instead of a call."""
    return _unless(lambda f, _s: _admin_user(f, operation))


def admin_list_users(f: Form, s: Session) -> Result:
    return [admin(f.target).list_users()]


@_for_user("AdminCreateUser")
def admin_create_user(f: Form, s: Session) -> Result:
    attrs = _attributes(f)
    return [
        admin(f.target).admin_create_user(
            f.username, temporary_password=f.temporary_password, attributes=attrs or None
        )
    ]


@_for_user("AdminConfirmSignUp")
def admin_confirm_sign_up(f: Form, s: Session) -> Result:
    return [admin(f.target).admin_confirm_sign_up(f.username)]


@_for_user("AdminSetUserPassword")
def admin_set_user_password(f: Form, s: Session) -> Result:
    return [admin(f.target).admin_set_user_password(f.username, f.password, f.permanent)]


@_for_user("AdminDeleteUser")
def admin_delete_user(f: Form, s: Session) -> Result:
    return [admin(f.target).admin_delete_user(f.username)]


@_for_user("AdminDeleteSoftwareToken")
def admin_delete_software_token(f: Form, s: Session) -> Result:
    return [admin(f.target).admin_delete_software_token(f.username)]


@_for_user("AdminGetUserAuthFactors")
def admin_auth_factors(f: Form, s: Session) -> Result:
    return [admin(f.target).admin_get_user_auth_factors(f.username)]


@_for_user("AdminListDevices")
def admin_list_devices(f: Form, s: Session) -> Result:
    return [admin(f.target).admin_list_devices(f.username)]


@_for_user("AdminForgetDevice")
def admin_forget_device(f: Form, s: Session) -> Result:
    return [admin(f.target).admin_forget_device(f.username, f.device_key)]


@_for_user("AdminGetDevice")
def admin_get_device(f: Form, s: Session) -> Result:
    return [admin(f.target).admin_get_device(f.username, f.device_key)]


@_for_user("AdminUpdateDeviceStatus")
def admin_update_device_status(f: Form, s: Session) -> Result:
    return [
        admin(f.target).admin_update_device_status(f.username, f.device_key, f.device_remembered)
    ]


@_for_user("AdminListUserSessions")
def admin_list_sessions(f: Form, s: Session) -> Result:
    return [admin(f.target).admin_list_user_sessions(f.username)]


@_for_user("AdminRevokeUserSession")
def admin_revoke_session(f: Form, s: Session) -> Result:
    return [admin(f.target).admin_revoke_user_session(f.username, f.session_id)]


def admin_get_session_config(f: Form, s: Session) -> Result:
    return [admin(f.target).get_session_configuration()]


#: The session tracking limit when a form leaves it empty (Cognito's default MaxPerUser).
DEFAULT_MAX_SESSIONS = 20


def admin_set_session_config(f: Form, s: Session) -> Result:
    text = f.max_sessions.strip()
    if text and not (text.isascii() and text.isdigit() and len(text) <= 3):
        operation = "SetUserPoolSessionConfiguration"
        return [refused(operation, "max sessions per user must be a number from 1 to 100")]
    limit = int(text) if text else DEFAULT_MAX_SESSIONS
    return [admin(f.target).set_session_configuration(f.session_tracking, limit)]


def admin_add_client_secret(f: Form, s: Session) -> Result:
    return [admin(f.target).add_client_secret(secret=f.new_client_secret)]


def admin_list_client_secrets(f: Form, s: Session) -> Result:
    return [admin(f.target).list_client_secrets()]


def admin_delete_client_secret(f: Form, s: Session) -> Result:
    return [admin(f.target).delete_client_secret(f.client_secret_id)]


# ---- hosted UI (OAuth 2.0) -------------------------------------------------------------------


def _hosted(f: Form) -> Any:
    from cognito_bench.aws.oauth import HostedUi

    redirect_uri = f.redirect_uri or DEFAULT_REDIRECT_URI
    return HostedUi(f.target.hosted_ui_domain, f.target, redirect_uri, f.scopes or "openid")


def hosted_sign_in(f: Form, s: Session) -> Result:
    # The window's "Sign in (browser)" without the browser: the form posted, the code taken
    # from the redirect's Location. Its record is the token endpoint's, as the window's is.
    return [_hosted(f).sign_in_headless(f.username, f.password)]


def hosted_logout(f: Form, s: Session) -> Result:
    return [_hosted(f).logout(f.logout_uri)]


def hosted_client_credentials(f: Form, s: Session) -> Result:
    custom = " ".join(scope for scope in f.scopes.split() if "/" in scope)
    return [_hosted(f).client_credentials(custom)]


def get_client_token(f: Form, s: Session) -> Result:
    # The API's machine token (no hosted UI domain needed); like the client credentials
    # grant, only custom scopes (resource-server/scope) apply: the field's openid and the
    # like are left out.
    custom = [scope for scope in f.scopes.split() if "/" in scope]
    return [_pool(f.target).get_client_token(custom)]


def hosted_user_info(f: Form, s: Session) -> Result:
    # HostedUi.user_info checks the domain, then the token (an empty one is refused).
    return [_hosted(f).user_info(s.access_token)]


# ---- the registry ----------------------------------------------------------------------------

_USERNAME = Input("username", "the user's name (or e-mail/phone in such pools)", required=True)
_PASSWORD = Input("password", "the user's password", required=True, secret=True)
_CODE = Input(
    "code", "the code from the e-mail or SMS (locally: the Outbox)", required=True, secret=True
)
_CODE_FIELD = Input("code", "the code from the e-mail or SMS", required=True, secret=True)
_EMAIL = Input("email", "e-mail address (attribute email)")
_PHONE = Input("phone", "phone number in E.164, +15555550100 (attribute phone_number)")
_NEW_PASSWORD = Input("new_password", "the new password", required=True, secret=True)
_ANSWER = Input(
    "answer",
    "the code or new password the challenge asks for",
    field="challenge_answer",
    secret=True,
)
_ATTRIBUTE = Input("attribute", "the attribute to verify", choices=("email", "phone_number"))
_ORIGIN = Input("origin", "the web origin the passkey claims (default https://<RP id>)")
_RP_ID = Input("rp_id", "the relying party id (default: the one Cognito names)")
_TAMPER = Input(
    "tamper",
    "the tamper lab: a wrong origin, a wrong RP id, a replayed challenge",
    choices=("", "origin", "rp_id", "replay"),
)

STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step(
            "sign_up",
            "signUp",
            "Sign up",
            "SignUp with username, password, e-mail, phone",
            "Sign up",
            (_USERNAME, _PASSWORD, _EMAIL, _PHONE),
            sign_up,
        ),
        Step(
            "confirm_sign_up",
            "confirmSignUp",
            "Confirm",
            "ConfirmSignUp with the code",
            "Sign up",
            (_USERNAME, _CODE),
            confirm_sign_up,
        ),
        Step(
            "resend_code",
            "resendCode",
            "Resend code",
            "ResendConfirmationCode",
            "Sign up",
            (_USERNAME,),
            resend_code,
        ),
        Step(
            "sign_in_srp",
            "signInSrp",
            "SRP",
            "InitiateAuth USER_SRP_AUTH + PASSWORD_VERIFIER",
            "Sign in",
            (_USERNAME, _PASSWORD),
            sign_in_srp,
        ),
        Step(
            "sign_in_password",
            "signInPassword",
            "Password",
            "InitiateAuth USER_PASSWORD_AUTH",
            "Sign in",
            (_USERNAME, _PASSWORD),
            sign_in_password,
        ),
        Step(
            "sign_in_choice",
            "signInChoice",
            "Choice",
            "InitiateAuth USER_AUTH: choice-based sign-in (e-mail or SMS code, or the password)",
            "Sign in",
            (
                _USERNAME,
                Input(
                    "first_factor",
                    "the factor to ask for; empty lets Cognito ask (SELECT_CHALLENGE)",
                    choices=("", "EMAIL_OTP", "SMS_OTP", "PASSWORD", "PASSWORD_SRP"),
                ),
                Input("password", "the password (PASSWORD, PASSWORD_SRP)", secret=True),
            ),
            sign_in_choice,
        ),
        Step(
            "sign_in_custom",
            "signInCustom",
            "Custom",
            "InitiateAuth CUSTOM_AUTH (the pool's DefineAuthChallenge trigger decides the "
            "challenges); with a password CUSTOM_WITH_SRP, SRP first",
            "Sign in",
            (_USERNAME, Input("password", "for CUSTOM_WITH_SRP (SRP first)", secret=True)),
            sign_in_custom,
        ),
        Step(
            "refresh",
            "refresh",
            "Refresh",
            "InitiateAuth REFRESH_TOKEN_AUTH with the session's refresh token, or "
            "GetTokensFromRefreshToken for a client that rotates them (after Cognito refuses "
            "REFRESH_TOKEN_AUTH once, one call); the remembered device's key goes along",
            "Session",
            (Input("username", "for SECRET_HASH when the session has none"),),
            refresh,
        ),
        Step(
            "global_sign_out",
            "globalSignOut",
            "Sign out (global)",
            "GlobalSignOut",
            "Session",
            (),
            global_sign_out,
        ),
        Step(
            "revoke",
            "revoke",
            "Revoke",
            "RevokeToken (the refresh token)",
            "Session",
            (),
            revoke,
        ),
        Step(
            "answer_challenge",
            "answerChallenge",
            "Answer",
            "RespondToAuthChallenge for the pending challenge",
            "Challenge",
            (
                _ANSWER,
                Input(
                    "choice",
                    "SELECT_MFA_TYPE / SELECT_CHALLENGE: the factor chosen",
                    field="mfa_choice",
                ),
                Input("password", "SELECT_CHALLENGE with PASSWORD: the password", secret=True),
            ),
            answer_challenge,
        ),
        Step(
            "challenge_totp_setup",
            "challengeTotpSetup",
            "Set up TOTP",
            "AssociateSoftwareToken with the challenge session",
            "Challenge",
            (),
            challenge_totp_setup,
        ),
        Step(
            "challenge_totp_verify",
            "challengeTotpVerify",
            "Verify TOTP",
            "VerifySoftwareToken with the challenge session",
            "Challenge",
            (_ANSWER._replace(help="the authenticator's current code", required=True),),
            challenge_totp_verify,
        ),
        Step(
            "forgot_password",
            "forgotPassword",
            "Forgot",
            "ForgotPassword",
            "Password",
            (_USERNAME,),
            forgot_password,
        ),
        Step(
            "confirm_forgot_password",
            "confirmForgotPassword",
            "Confirm forgot",
            "ConfirmForgotPassword with the code and the new password",
            "Password",
            (_USERNAME, _CODE_FIELD, _NEW_PASSWORD),
            confirm_forgot_password,
        ),
        Step(
            "change_password",
            "changePassword",
            "Change",
            "ChangePassword: password → new password",
            "Password",
            (_PASSWORD._replace(help="the current password"), _NEW_PASSWORD),
            change_password,
        ),
        Step("get_user", "getUser", "Get user", "GetUser", "Account", (), get_user),
        Step(
            "update_attributes",
            "updateAttributes",
            "Update attributes",
            "UpdateUserAttributes (e-mail, phone)",
            "Account",
            (_EMAIL, _PHONE),
            update_attributes,
        ),
        Step(
            "send_attribute_code",
            "sendAttributeCode",
            "Send code",
            "GetUserAttributeVerificationCode",
            "Account",
            (_ATTRIBUTE,),
            send_attribute_code,
        ),
        Step(
            "verify_attribute",
            "verifyAttribute",
            "Verify attribute",
            "VerifyUserAttribute",
            "Account",
            (_ATTRIBUTE, _CODE_FIELD),
            verify_attribute,
        ),
        Step(
            "totp_setup",
            "totpSetup",
            "Set up TOTP",
            "AssociateSoftwareToken",
            "MFA",
            (),
            totp_setup,
        ),
        Step(
            "totp_verify",
            "totpVerify",
            "Verify TOTP",
            "VerifySoftwareToken with the code",
            "MFA",
            (_CODE_FIELD._replace(help="the authenticator's current code"),),
            totp_verify,
        ),
        Step(
            "mfa_preference",
            "mfaPreference",
            "MFA preference",
            "SetUserMFAPreference",
            "MFA",
            (Input("mfa", "the factor to prefer", choices=tuple(MFA_KINDS), required=True),),
            mfa_preference,
        ),
        Step(
            "delete_user",
            "deleteUser",
            "Delete user",
            "DeleteUser",
            "Account",
            (),
            delete_user,
            destructive=True,
            confirm="Delete {who} from the user pool? This cannot be undone.",
        ),
        Step(
            "get_credentials",
            "getCredentials",
            "Get credentials",
            "GetId + GetCredentialsForIdentity",
            "Identity pool",
            (),
            get_credentials,
        ),
        Step(
            "s3_list",
            "s3List",
            "List",
            "ListObjectsV2",
            "S3",
            (Input("prefix", "list keys under this prefix", field="s3_prefix"),),
            s3_list,
        ),
        Step(
            "s3_put",
            "s3Put",
            "Put",
            "PutObject",
            "S3",
            (
                Input("key", "the object key", field="s3_key", required=True),
                Input("body", "the object's text", field="s3_body"),
            ),
            s3_put,
        ),
        Step(
            "s3_get",
            "s3Get",
            "Get",
            "GetObject",
            "S3",
            (Input("key", "the object key", field="s3_key", required=True),),
            s3_get,
        ),
        Step(
            "remember_device",
            "rememberDevice",
            "Remember device",
            "ConfirmDevice with the device's SRP verifier, then UpdateDeviceStatus remembered",
            "Devices",
            (Input("device_name", "how the device is listed (default Cognito Bench)"),),
            remember_device,
        ),
        Step(
            "list_devices",
            "listDevices",
            "List devices",
            "ListDevices",
            "Devices",
            (),
            list_devices,
        ),
        Step(
            "get_device",
            "getDevice",
            "Get device",
            "GetDevice (default: this session's remembered device)",
            "Devices",
            (Input("device_key", "the device key (default: the remembered one)"),),
            get_device,
        ),
        Step(
            "forget_device",
            "forgetDevice",
            "Forget device",
            "ForgetDevice (default: this session's remembered device)",
            "Devices",
            (Input("device_key", "the device key (default: the remembered one)"),),
            forget_device,
            destructive=True,
            confirm="Forget the device {value} of {who}? It signs in as a new device next time.",
        ),
        Step(
            "register_passkey",
            "registerPasskey",
            "Register",
            "StartWebAuthnRegistration, a software authenticator's credential, "
            "CompleteWebAuthnRegistration",
            "Passkeys",
            (_ORIGIN, _RP_ID, _TAMPER),
            register_passkey,
        ),
        Step(
            "sign_in_passkey",
            "signInPasskey",
            "Sign in",
            "InitiateAuth USER_AUTH with WEB_AUTHN, answered with the passkey's assertion",
            "Passkeys",
            (_USERNAME, _ORIGIN, _RP_ID, _TAMPER),
            sign_in_passkey,
        ),
        Step(
            "list_passkeys",
            "listPasskeys",
            "List",
            "ListWebAuthnCredentials",
            "Passkeys",
            (),
            list_passkeys,
        ),
        Step(
            "delete_passkey",
            "deletePasskey",
            "Delete",
            "DeleteWebAuthnCredential",
            "Passkeys",
            (Input("credential_id", "the passkey's credential id", required=True),),
            delete_passkey,
            destructive=True,
            confirm="Delete the passkey {value} of {who}? This cannot be undone.",
        ),
        Step(
            "list_sessions",
            "listSessions",
            "List sessions",
            "ListUserSessions",
            "Sessions",
            (),
            list_sessions,
        ),
        Step(
            "revoke_session",
            "revokeSession",
            "Revoke session",
            "RevokeUserSession (another session of the user)",
            "Sessions",
            (Input("session_id", "the session's id (tkn...)", required=True),),
            revoke_session,
        ),
        Step(
            "auth_factors",
            "authFactors",
            "Auth factors",
            "GetUserAuthFactors: MFA settings and USER_AUTH first factors",
            "Sessions",
            (),
            auth_factors,
        ),
        Step(
            "admin_list_users",
            "adminListUsers",
            "List users",
            "ListUsers (AWS credentials)",
            "Admin",
            (),
            admin_list_users,
        ),
        Step(
            "admin_create_user",
            "adminCreateUser",
            "Create",
            "AdminCreateUser (the invitation lands in the Outbox locally)",
            "Admin",
            (
                _USERNAME,
                Input(
                    "temporary_password",
                    "empty: Cognito makes one and sends the invitation",
                    secret=True,
                ),
                _EMAIL,
                _PHONE,
            ),
            admin_create_user,
        ),
        Step(
            "admin_confirm_sign_up",
            "adminConfirm",
            "Confirm",
            "AdminConfirmSignUp",
            "Admin",
            (_USERNAME,),
            admin_confirm_sign_up,
        ),
        Step(
            "admin_set_user_password",
            "adminSetPassword",
            "Set password",
            "AdminSetUserPassword",
            "Admin",
            (
                _USERNAME,
                _PASSWORD,
                Input("permanent", "false: the user must change it", kind="bool"),
            ),
            admin_set_user_password,
        ),
        Step(
            "admin_delete_user",
            "adminDeleteUser",
            "Delete",
            "AdminDeleteUser",
            "Admin",
            (_USERNAME,),
            admin_delete_user,
            destructive=True,
        ),
        Step(
            "admin_delete_software_token",
            "adminDeleteSoftwareToken",
            "Delete TOTP",
            "AdminDeleteSoftwareToken (where MFA is required, MFA_SETUP at the next sign-in)",
            "Admin",
            (_USERNAME,),
            admin_delete_software_token,
            destructive=True,
            confirm="Delete the TOTP authenticator of {who}? Where MFA is required, the next "
            "sign-in asks to set one up again.",
        ),
        Step(
            "admin_auth_factors",
            "adminAuthFactors",
            "Auth factors",
            "AdminGetUserAuthFactors: a user's MFA settings and USER_AUTH first factors",
            "Admin",
            (_USERNAME,),
            admin_auth_factors,
        ),
        Step(
            "admin_list_devices",
            "adminListDevices",
            "List devices",
            "AdminListDevices",
            "Admin",
            (_USERNAME,),
            admin_list_devices,
        ),
        Step(
            "admin_forget_device",
            "adminForgetDevice",
            "Forget device",
            "AdminForgetDevice",
            "Admin",
            (_USERNAME, Input("device_key", "the device key", required=True)),
            admin_forget_device,
            destructive=True,
            confirm="Forget the device {value} of {who}? It signs in as a new device next time.",
        ),
        Step(
            "admin_get_device",
            "adminGetDevice",
            "Get device",
            "AdminGetDevice",
            "Admin",
            (_USERNAME, Input("device_key", "the device key", required=True)),
            admin_get_device,
        ),
        Step(
            "admin_update_device_status",
            "adminUpdateDeviceStatus",
            "Device status",
            "AdminUpdateDeviceStatus: remembered or not_remembered",
            "Admin",
            (
                _USERNAME,
                Input("device_key", "the device key", required=True),
                Input(
                    "remembered",
                    "true: remembered (the default), false: not_remembered",
                    "device_remembered",
                    kind="bool",
                ),
            ),
            admin_update_device_status,
        ),
        Step(
            "admin_list_sessions",
            "adminListSessions",
            "List sessions",
            "AdminListUserSessions",
            "Admin",
            (_USERNAME,),
            admin_list_sessions,
        ),
        Step(
            "admin_revoke_session",
            "adminRevokeSession",
            "Revoke session",
            "AdminRevokeUserSession (its tokens stop working)",
            "Admin",
            (_USERNAME, Input("session_id", "the session's id (tkn...)", required=True)),
            admin_revoke_session,
        ),
        Step(
            "admin_get_session_config",
            "adminGetSessionConfig",
            "Session tracking",
            "GetUserPoolSessionConfiguration",
            "Admin",
            (),
            admin_get_session_config,
        ),
        Step(
            "admin_set_session_config",
            "adminSetSessionConfig",
            "Set session tracking",
            "SetUserPoolSessionConfiguration (tracking on or off, MaxPerUser)",
            "Admin",
            (
                Input("tracking", "track sessions (true) or not", "session_tracking", kind="bool"),
                Input(
                    "max_per_user",
                    f"sessions a user keeps (1-100, default {DEFAULT_MAX_SESSIONS}); the least "
                    "recently used one is revoked past it",
                    "max_sessions",
                ),
            ),
            admin_set_session_config,
        ),
        Step(
            "admin_add_client_secret",
            "adminAddClientSecret",
            "Add client secret",
            "AddUserPoolClientSecret for the target's app client (a second secret; the new "
            "value shows once)",
            "Admin",
            (
                Input(
                    "secret",
                    "the secret to add (24-64 characters); empty: Cognito makes one",
                    "new_client_secret",
                    secret=True,
                ),
            ),
            admin_add_client_secret,
        ),
        Step(
            "admin_list_client_secrets",
            "adminListClientSecrets",
            "List client secrets",
            "ListUserPoolClientSecrets for the target's app client (ids and dates)",
            "Admin",
            (),
            admin_list_client_secrets,
        ),
        Step(
            "admin_delete_client_secret",
            "adminDeleteClientSecret",
            "Delete client secret",
            "DeleteUserPoolClientSecret (not the last one)",
            "Admin",
            (Input("secret_id", "the client secret's id", "client_secret_id", required=True),),
            admin_delete_client_secret,
            destructive=True,
            confirm="Delete the client secret {value}? Apps that still sign with it are refused.",
        ),
        Step(
            "hosted_sign_in",
            "hostedSignIn",
            "Sign in (browser)",
            "GET /oauth2/authorize, the sign-in form posted (no browser), the code from the "
            "redirect (PKCE, state checked), POST /oauth2/token; tested on the local hosted UI "
            "only (AWS's managed login needs a browser)",
            "Hosted UI",
            (
                _USERNAME,
                _PASSWORD,
                Input("scopes", "scopes to ask for (space-separated); empty: openid"),
                Input(
                    "redirect_uri",
                    f"one of the client's callback URLs, a loopback http URL (never visited); "
                    f"empty: {DEFAULT_REDIRECT_URI}",
                ),
            ),
            hosted_sign_in,
        ),
        Step(
            "hosted_logout",
            "hostedLogout",
            "Log out (browser)",
            "GET /logout (no browser): passes when Cognito redirects to the logout URI",
            "Hosted UI",
            (
                Input(
                    "logout_uri",
                    "one of the client's sign-out URLs (never visited); empty: signed-out "
                    f"beside the redirect URI, {DEFAULT_REDIRECT_URI.rsplit('/', 1)[0]}"
                    "/signed-out",
                ),
            ),
            hosted_logout,
        ),
        Step(
            "hosted_client_credentials",
            "hostedClientCredentials",
            "Client credentials",
            "POST /oauth2/token grant_type=client_credentials (a client with a secret)",
            "Hosted UI",
            (Input("scopes", "custom scopes (resource-server/scope); empty: all allowed"),),
            hosted_client_credentials,
        ),
        Step(
            "get_client_token",
            "getClientToken",
            "Client token (API)",
            "GetClientToken: a machine access token for a client with a secret whose only "
            "flow is ALLOW_CLIENT_TOKEN_AUTH",
            "Hosted UI",
            (Input("scopes", "custom scopes (resource-server/scope); empty: all allowed"),),
            get_client_token,
        ),
        Step(
            "hosted_user_info",
            "hostedUserInfo",
            "UserInfo",
            "GET /oauth2/userInfo with the session's access token",
            "Hosted UI",
            (),
            hosted_user_info,
        ),
    ]
}

#: The steps by their window name (``signInSrp``): what each button runs.
ACTIONS: dict[str, Step] = {s.action: s for s in STEPS.values()}

#: The window's buttons that have no step (by their window name), and why.
NO_STEP: dict[str, str] = {
    "tamper": "Tokens: Tamper and verify: checks an edited token on this machine, no call",
}


def step_by_action(action: str) -> Step | None:
    """The step a window action (``signInSrp``) runs, or None."""
    return ACTIONS.get(action)


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"true", "yes", "1", "on"}


def form_from_inputs(step: Step, inputs: dict[str, Any], target: Target) -> Form:
    """The :class:`Form` a flow step's inputs make (names already checked against ``step``).

    Inputs the step does not list keep the form's defaults, so a step never reads a value
    that was not given for it.
    """
    values: dict[str, Any] = {}
    for spec in step.inputs:
        if spec.name not in inputs:
            continue
        raw = inputs[spec.name]
        values[spec.attribute] = _as_bool(raw) if spec.kind == "bool" else str(raw)
    return Form(target=target, **values)


def missing_inputs(step: Step, inputs: Iterable[str]) -> list[str]:
    """The required inputs of ``step`` that ``inputs`` lacks."""
    given = set(inputs)
    return [i.name for i in step.inputs if i.required and i.name not in given]
