"""Where Cognito invokes each Lambda trigger, with its event, and how it uses the answer.

The flows call :class:`Lambdas` at Cognito's points; each method does nothing (and costs
nothing) when no handler is wired for its kind. Events follow the developer guide's shapes
(common fields, then ``request`` and ``response``); answers are used as Cognito uses them:

- PreSignUp: ``autoConfirmUser``, ``autoVerifyEmail``, ``autoVerifyPhone``.
- PostConfirmation, PreAuthentication, PostAuthentication: raising refuses (their answer is
  not used).
- PreTokenGeneration (V1_0: ``claimsOverrideDetails`` for the ID token; V2_0 / V3_0:
  ``claimsAndScopeOverrideDetails`` for both tokens): claims added, overridden and suppressed
  (Cognito's reserved claims are kept as they were, and the invocation notes it), scopes added
  and suppressed in the access token, ``groupOverrideDetails`` into ``cognito:groups``,
  ``cognito:roles`` and ``cognito:preferred_role``. A machine's token (V3_0,
  ``TokenGeneration_ClientCredentials``) has no user: only ``accessTokenGeneration`` applies.
- CustomMessage: ``emailSubject``, ``emailMessage``, ``smsMessage`` with ``{####}`` (and
  ``{username}`` in an invitation) filled in; a message without ``{####}`` is refused as
  Cognito refuses it. Null answers keep Cognito's default wording.
- DefineAuthChallenge, CreateAuthChallenge, VerifyAuthChallengeResponse: the custom
  authentication loop (``customauth`` drives it).
- UserMigration: a user the pool does not have is created from ``userAttributes`` with
  ``finalUserStatus`` (and the password given at sign-in).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.motostate import find_pool, find_user
from cognito_bench.emulator.state import EmulatorState, Message
from cognito_bench.emulator.triggers.invoke import current_scope, unrecognizable
from cognito_bench.emulator.userpool.params import call_moto, user_status

__all__ = ["RESERVED_CLAIMS", "Define", "Lambdas", "SignUpAnswer", "user_attributes"]

#: Claims a pre-token-generation trigger cannot change (developer guide), in either token.
RESERVED_CLAIMS = frozenset(
    {
        "acr",
        "amr",
        "aud",
        "at_hash",
        "auth_time",
        "azp",
        "cognito:username",
        "exp",
        "iat",
        "identities",
        "iss",
        "jti",
        "nbf",
        "nonce",
        "origin_jti",
        "sub",
        "token_use",
    }
)
#: Claims of the access token only its own machinery sets (scopes go through scopesToAdd).
_ACCESS_RESERVED = frozenset({"client_id", "username", "scope", "version", "device_key"})
#: Set through groupOverrideDetails only.
_GROUP_CLAIMS = frozenset({"cognito:groups", "cognito:roles", "cognito:preferred_role"})
#: The CustomMessage triggerSource of each outbox purpose.
_MESSAGE_SOURCES = {
    "SIGN_UP": "CustomMessage_SignUp",
    "RESEND": "CustomMessage_ResendCode",
    "FORGOT_PASSWORD": "CustomMessage_ForgotPassword",
    "VERIFY_ATTRIBUTE": "CustomMessage_VerifyUserAttribute",
    "MFA": "CustomMessage_Authentication",
    "SIGN_IN": "CustomMessage_Authentication",
    "INVITATION": "CustomMessage_AdminCreateUser",
}
_CODE = "{####}"


def user_attributes(user: Any) -> dict[str, str]:
    """A user's attributes as trigger events carry them (``sub``, ``cognito:user_status``)."""
    attributes = {a["Name"]: str(a["Value"]) for a in user.attributes}
    attributes.setdefault("sub", str(user.id))
    attributes["cognito:user_status"] = str(getattr(user.status, "value", user.status))
    return attributes


def _flag(response: dict[str, Any], name: str) -> bool:
    value = response.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise unrecognizable()
    return value


def _string_map(value: Any, strings_only: bool = True) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise unrecognizable()
    if strings_only:
        if not all(isinstance(v, str | int | float | bool) for v in value.values()):
            raise unrecognizable()
        return {
            str(k): v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)
            for k, v in value.items()
        }
    return {str(k): v for k, v in value.items()}


def _string_list(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise unrecognizable()
    return list(value)


def _note(text: str) -> None:
    invocations = current_scope().invocations
    if invocations:
        invocations[-1].notes.append(text)


@dataclass(frozen=True)
class SignUpAnswer:
    """What PreSignUp decided."""

    confirm: bool = False
    verify_email: bool = False
    verify_phone: bool = False


@dataclass(frozen=True)
class Define:
    """What DefineAuthChallenge decided."""

    challenge: str = ""
    issue_tokens: bool = False
    fail: bool = False


@dataclass
class TokenChanges:
    """What PreTokenGeneration asked for, per token."""

    id_set: dict[str, Any] = field(default_factory=dict)
    id_drop: set[str] = field(default_factory=set)
    access_set: dict[str, Any] = field(default_factory=dict)
    access_drop: set[str] = field(default_factory=set)
    scopes_add: list[str] = field(default_factory=list)
    scopes_drop: set[str] = field(default_factory=set)

    def change_id(self, payload: dict[str, Any]) -> bool:
        """Apply the ID token's changes to its ``payload``; False when there are none."""
        return _change(payload, self.id_set, self.id_drop)

    def change_access(self, payload: dict[str, Any]) -> bool:
        """Apply the access token's changes (claims, then scopes) to its ``payload``."""
        changed = _change(payload, self.access_set, self.access_drop)
        if not (self.scopes_add or self.scopes_drop):
            return changed
        wanted = dict.fromkeys([*str(payload.get("scope", "")).split(), *self.scopes_add])
        payload["scope"] = " ".join(s for s in wanted if s not in self.scopes_drop)
        return True


def _change(payload: dict[str, Any], claims: dict[str, Any], drop: set[str]) -> bool:
    for name in drop:
        payload.pop(name, None)
    payload.update(claims)
    return bool(claims or drop)


class Lambdas:
    """The triggers as the flows invoke them.

    Args:
        state: the emulator's state; its ``triggers`` runs the handlers, and its
            ``compose`` hook is set to the CustomMessage trigger here.
    """

    def __init__(self, state: EmulatorState) -> None:
        self._s = state
        self._run = state.triggers
        state.compose = self.compose

    def wired(self, kind: str) -> bool:
        """True when a handler answers ``kind``."""
        return self._run.wired(kind)

    def _invoke(
        self,
        kind: str,
        source: str,
        pool_id: str,
        username: str | None,
        request: dict[str, Any],
        response: dict[str, Any] | None = None,
        version: str = "1",
    ) -> dict[str, Any]:
        scope = current_scope()
        request = {**request, "clientMetadata": dict(scope.client_metadata)}
        event = self._run.event(source, pool_id, username, request, response or {}, version=version)
        return self._run.invoke(kind, event)

    # sign-up and confirmation ------------------------------------------------------------------

    def pre_sign_up(
        self,
        pool: Any,
        username: str,
        attributes: list[dict[str, str]],
        validation: list[dict[str, str]] | None,
        source: str = "PreSignUp_SignUp",
    ) -> SignUpAnswer:
        """PreSignUp before the user exists; raising refuses the sign-up."""
        if not self.wired("PreSignUp"):
            return SignUpAnswer()
        request = {
            "userAttributes": {a["Name"]: a["Value"] for a in attributes},
            "validationData": (
                {a["Name"]: a["Value"] for a in validation} if validation is not None else None
            ),
        }
        response = self._invoke(
            "PreSignUp",
            source,
            pool.id,
            username,
            request,
            {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False},
        )
        return SignUpAnswer(
            _flag(response, "autoConfirmUser"),
            _flag(response, "autoVerifyEmail"),
            _flag(response, "autoVerifyPhone"),
        )

    def post_confirmation(self, pool: Any, user: Any, source: str) -> None:
        """PostConfirmation after ConfirmSignUp, AdminConfirmSignUp or ConfirmForgotPassword."""
        if self.wired("PostConfirmation"):
            request = {"userAttributes": user_attributes(user)}
            self._invoke("PostConfirmation", source, pool.id, user.username, request)

    # sign-in -----------------------------------------------------------------------------------------

    def pre_authentication(self, pool: Any, user: Any) -> None:
        """PreAuthentication before the password (or custom challenge) is checked."""
        if self.wired("PreAuthentication"):
            request = {
                "userAttributes": user_attributes(user),
                "validationData": dict(current_scope().client_metadata),
                "userNotFound": False,
            }
            self._invoke(
                "PreAuthentication",
                "PreAuthentication_Authentication",
                pool.id,
                user.username,
                request,
            )

    def post_authentication(self, pool: Any, user: Any) -> None:
        """PostAuthentication once the user is authenticated, before tokens are issued."""
        if self.wired("PostAuthentication"):
            request = {"userAttributes": user_attributes(user), "newDeviceUsed": False}
            self._invoke(
                "PostAuthentication",
                "PostAuthentication_Authentication",
                pool.id,
                user.username,
                request,
            )

    def migrate_user(
        self, backend: Any, pool: Any, username: str, password: str | None, source: str
    ) -> Any:
        """UserMigration for a user the pool lacks: the user it created, or None (not wired).

        Args:
            password: the password given at sign-in (None in the forgot-password flow).
            source: ``UserMigration_Authentication`` or ``UserMigration_ForgotPassword``.
        """
        if not self.wired("UserMigration"):
            return None
        request: dict[str, Any] = {"validationData": dict(current_scope().client_metadata)}
        if password is not None:
            request["password"] = password
        response = self._invoke(
            "UserMigration",
            source,
            pool.id,
            username,
            request,
            {
                "userAttributes": None,
                "finalUserStatus": None,
                "messageAction": None,
                "desiredDeliveryMediums": None,
                "forceAliasCreation": None,
                "enableSMSMFA": None,
            },
        )
        attributes = response.get("userAttributes")
        if not isinstance(attributes, dict) or not attributes:
            raise unrecognizable()
        given = _string_map(attributes)
        default = "CONFIRMED" if password is not None else "RESET_REQUIRED"
        status = response.get("finalUserStatus") or default
        if status not in ("CONFIRMED", "RESET_REQUIRED"):
            raise unrecognizable()
        user = call_moto(
            backend.admin_create_user,
            pool.id,
            username,
            "SUPPRESS",
            None,
            [{"Name": k, "Value": v} for k, v in given.items() if k != "sub"],
        )
        user.password = password
        user.status = user_status(status)
        return user

    # tokens ------------------------------------------------------------------------------------------

    def pre_token(
        self, pool: Any, user: Any | None, source: str, scopes: list[str], client_id: str
    ) -> TokenChanges | None:
        """PreTokenGeneration before tokens are issued: the changes it asked for (None: none).

        ``user`` is None for a machine's token (``TokenGeneration_ClientCredentials``): only a
        V3_0 trigger is invoked for those, as in Cognito.
        """
        version = self._run.pre_token_version
        if not self.wired("PreTokenGeneration") or (user is None and version != "V3_0"):
            return None
        groups = sorted(
            (getattr(user, "groups", None) or set()) if user is not None else set(),
            key=lambda g: (g.precedence is None, g.precedence or 0),
        )
        roles = [g.role_arn for g in groups if g.role_arn]
        request: dict[str, Any] = {
            "userAttributes": user_attributes(user) if user is not None else {},
            "groupConfiguration": {
                "groupsToOverride": [g.group_name for g in groups],
                "iamRolesToOverride": roles,
                "preferredRole": roles[0] if roles else None,
            },
            "clientMetadata": dict(current_scope().client_metadata),
        }
        if version != "V1_0":
            request["scopes"] = list(scopes)
        answer_key = (
            "claimsOverrideDetails" if version == "V1_0" else "claimsAndScopeOverrideDetails"
        )
        event = self._run.event(
            source,
            pool.id,
            user.username if user is not None else None,
            request,
            {answer_key: None},
            client_id=client_id,
            version=version[1],
        )
        answer = self._run.invoke("PreTokenGeneration", event)
        return _token_changes(answer, version, machine=user is None)

    # custom authentication -------------------------------------------------------------------------

    def _challenge_trigger(
        self,
        kind: str,
        pool: Any,
        user: Any,
        request: dict[str, Any],
        response: dict[str, Any],
    ) -> dict[str, Any]:
        """One of the three custom-authentication triggers (each must be wired)."""
        if not self.wired(kind):
            raise CognitoError(
                "InvalidLambdaResponseException",
                f"{kind} trigger is not configured for the user pool.",
            )
        request = {"userAttributes": user_attributes(user), **request, "userNotFound": False}
        return self._invoke(
            kind, f"{kind}_Authentication", pool.id, user.username, request, response
        )

    def define(self, pool: Any, user: Any, history: list[dict[str, Any]]) -> Define:
        """DefineAuthChallenge with the challenges so far: the next step."""
        response = self._challenge_trigger(
            "DefineAuthChallenge",
            pool,
            user,
            {"session": history},
            {"challengeName": None, "issueTokens": None, "failAuthentication": None},
        )
        name = response.get("challengeName")
        if name is not None and not isinstance(name, str):
            raise unrecognizable()
        answer = Define(
            name or "", _flag(response, "issueTokens"), _flag(response, "failAuthentication")
        )
        if not (answer.challenge or answer.issue_tokens or answer.fail):
            raise unrecognizable()
        return answer

    def create(
        self, pool: Any, user: Any, challenge: str, history: list[dict[str, Any]]
    ) -> tuple[dict[str, str], dict[str, str], str]:
        """CreateAuthChallenge: (public parameters, private parameters, challengeMetadata)."""
        response = self._challenge_trigger(
            "CreateAuthChallenge",
            pool,
            user,
            {"challengeName": challenge, "session": history},
            {
                "publicChallengeParameters": None,
                "privateChallengeParameters": None,
                "challengeMetadata": None,
            },
        )
        metadata = response.get("challengeMetadata") or ""
        if not isinstance(metadata, str):
            raise unrecognizable()
        return (
            _string_map(response.get("publicChallengeParameters")),
            _string_map(response.get("privateChallengeParameters")),
            metadata,
        )

    def verify(self, pool: Any, user: Any, private: dict[str, str], answer: str) -> bool:
        """VerifyAuthChallengeResponse: whether ``answer`` is right."""
        response = self._challenge_trigger(
            "VerifyAuthChallengeResponse",
            pool,
            user,
            {"privateChallengeParameters": private, "challengeAnswer": answer},
            {"answerCorrect": None},
        )
        if not isinstance(response.get("answerCorrect"), bool):
            raise unrecognizable()
        return bool(response["answerCorrect"])

    # messages ----------------------------------------------------------------------------------------

    def compose(self, message: Message) -> tuple[str, str]:
        """(subject, text) of a message: the CustomMessage trigger's words, or Cognito's.

        Raises:
            CognitoError: the trigger failed, or its message has no ``{####}``.
        """
        subject, text = message.default_text()
        if not self.wired("CustomMessage"):
            return subject, text
        _, pool = find_pool(message.pool_id)
        user = find_user(pool, message.username)
        invitation = message.purpose == "INVITATION"
        request = {
            "userAttributes": user_attributes(user) if user is not None else {},
            "codeParameter": _CODE,
            "linkParameter": "{##Click Here##}",
            "usernameParameter": "{username}" if invitation else None,
        }
        source = message.source or _MESSAGE_SOURCES.get(message.purpose, "CustomMessage_SignUp")
        response = self._invoke(
            "CustomMessage",
            source,
            message.pool_id,
            message.username,
            request,
            {"smsMessage": None, "emailMessage": None, "emailSubject": None},
        )
        email = message.delivery.medium == "EMAIL"
        field_name = "emailMessage" if email else "smsMessage"
        custom = response.get(field_name)
        if custom is None:
            custom_subject = response.get("emailSubject") if email else None
            return (custom_subject if isinstance(custom_subject, str) else subject), text
        if not isinstance(custom, str):
            raise unrecognizable()
        if _CODE not in custom:
            shape = "emailBody" if email else "smsMessage"
            raise CognitoError(
                "InvalidParameterException",
                f"1 validation error detected: Value at '{shape}' failed to satisfy constraint: "
                "Member must satisfy regular expression pattern: "
                r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*",
            )
        words = custom.replace(_CODE, message.code)
        if invitation:
            words = words.replace("{username}", message.username)
        custom_subject = response.get("emailSubject") if email else None
        if custom_subject is not None and not isinstance(custom_subject, str):
            raise unrecognizable()
        return (custom_subject or subject) if email else "", words


def _claims(details: Any, use: str, version: str, set_to: dict[str, Any], drop: set[str]) -> None:
    """Read one token's claimsToAddOrOverride / claimsToSuppress into ``set_to`` / ``drop``.

    ``use``: ``id`` or ``access``, the token the details are for.
    """
    if details is None:
        return
    if not isinstance(details, dict):
        raise unrecognizable()
    added = _string_map(details.get("claimsToAddOrOverride"), strings_only=version == "V1_0")
    reserved = RESERVED_CLAIMS | (_ACCESS_RESERVED if use == "access" else frozenset())
    for name, value in added.items():
        if name in reserved or name in _GROUP_CLAIMS:
            _note(f"{use} token: {name} is a reserved claim, kept as Cognito set it")
            continue
        set_to[name] = value
    for name in _string_list(details.get("claimsToSuppress")):
        if name in reserved or name in _GROUP_CLAIMS:
            _note(f"{use} token: {name} is a reserved claim, not suppressed")
            continue
        drop.add(name)


def _groups(details: Any, changes: TokenChanges) -> None:
    if details is None:
        return
    if not isinstance(details, dict):
        raise unrecognizable()
    if "groupsToOverride" in details and details["groupsToOverride"] is not None:
        groups = _string_list(details["groupsToOverride"])
        for target, drop in (
            (changes.id_set, changes.id_drop),
            (changes.access_set, changes.access_drop),
        ):
            if groups:
                target["cognito:groups"] = groups
            else:
                drop.add("cognito:groups")
    if details.get("iamRolesToOverride") is not None:
        roles = _string_list(details["iamRolesToOverride"])
        if roles:
            changes.id_set["cognito:roles"] = roles
        else:
            changes.id_drop.add("cognito:roles")
    preferred = details.get("preferredRole")
    if preferred is not None:
        if not isinstance(preferred, str):
            raise unrecognizable()
        changes.id_set["cognito:preferred_role"] = preferred


def _token_changes(response: dict[str, Any], version: str, machine: bool) -> TokenChanges:
    """What a PreTokenGeneration answer asks of the tokens.

    ``machine``: a client credentials grant's token. There is no user, so no ID token and no
    groups: only ``accessTokenGeneration`` (claims and scopes) applies; the rest is ignored
    and the invocation notes it.
    """
    changes = TokenChanges()
    if version == "V1_0":
        details = response.get("claimsOverrideDetails")
        if details is None:
            return changes
        if not isinstance(details, dict):
            raise unrecognizable()
        _claims(details, "id", version, changes.id_set, changes.id_drop)
        _groups(details.get("groupOverrideDetails"), changes)
        return changes
    details = response.get("claimsAndScopeOverrideDetails")
    if details is None:
        return changes
    if not isinstance(details, dict):
        raise unrecognizable()
    if machine:
        for name in ("idTokenGeneration", "groupOverrideDetails"):
            if details.get(name) is not None:
                _note(f"client credentials: {name} ignored (no ID token, no user, no groups)")
    else:
        _claims(details.get("idTokenGeneration"), "id", version, changes.id_set, changes.id_drop)
    access = details.get("accessTokenGeneration")
    _claims(access, "access", version, changes.access_set, changes.access_drop)
    if isinstance(access, dict):
        changes.scopes_add = _string_list(access.get("scopesToAdd"))
        changes.scopes_drop = set(_string_list(access.get("scopesToSuppress")))
    if not machine:
        _groups(details.get("groupOverrideDetails"), changes)
    return changes
