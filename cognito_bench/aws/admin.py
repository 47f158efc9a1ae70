"""Administrator calls, signed with the standard AWS credential chain or a chosen profile."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from cognito_bench.aws._call import Caller
from cognito_bench.aws.record import CallRecord
from cognito_bench.aws.sessioncalls import check_session_id
from cognito_bench.aws.target import Target
from cognito_bench.aws.validate import (
    check_attributes,
    check_client_id,
    check_password,
    check_required,
    check_size,
    check_target,
    check_username,
    first_problem,
)

__all__ = ["AdminCalls"]


class AdminCalls:
    """Admin* and Describe* calls on ``target.user_pool_id``.

    Against AWS they use ``target.aws_profile`` (or the default chain); against a local
    endpoint, dummy keys.
    """

    def __init__(self, target: Target) -> None:
        self.target = target
        self._idp = Caller("cognito-idp", target)

    def _pool(self, **params: Any) -> dict[str, Any]:
        return {"UserPoolId": self.target.user_pool_id, **params}

    def _problem(self, *more: str) -> str:
        return first_problem(check_target(self.target, pool=True), *more)

    def list_users(self, limit_pages: int | None = None) -> CallRecord:
        """ListUsers, every page (or the first ``limit_pages``), as one record.

        The response holds ``Users`` of all pages, ``Pages`` (how many calls were made) and,
        when pages were left, the ``PaginationToken`` to go on from.
        """
        label = "List users"
        problem = self._problem(
            "" if limit_pages is None or limit_pages >= 1 else "limit_pages must be at least 1"
        )
        if problem:
            return self._idp.invalid("ListUsers", problem, self._pool(), label)
        started = time.time()
        users: list[Any] = []
        token = ""
        pages = 0
        elapsed = 0.0
        page = CallRecord("ListUsers")
        while True:
            params = self._pool(Limit=60)
            if token:
                params["PaginationToken"] = token
            page = self._idp.call("ListUsers", params, label=label)
            pages += 1
            elapsed += page.elapsed_ms
            if not page.ok:
                break
            users.extend(page.response.get("Users", []))
            token = str(page.response.get("PaginationToken", "") or "")
            if not token or (limit_pages is not None and pages >= limit_pages):
                break
        response: dict[str, Any] = {}
        if page.ok:
            response = {"Users": users, "Pages": pages}
            if token:
                response["PaginationToken"] = token
            response["ResponseMetadata"] = page.response.get("ResponseMetadata", {})
        return CallRecord(
            operation="ListUsers",
            request=self._pool(),
            response=response,
            error_code=page.error_code,
            error_message=page.error_message,
            explanation=page.explanation,
            elapsed_ms=elapsed,
            started_at=started,
            http_status=page.http_status,
            label=label,
            target=self.target,
        )

    def admin_get_user(self, username: str) -> CallRecord:
        """AdminGetUser: status, attributes, MFA of any user."""
        return self._idp.call(
            "AdminGetUser",
            self._pool(Username=username),
            label="Admin: get user",
            problem=self._problem(check_username(username)),
        )

    def admin_create_user(
        self,
        username: str,
        temporary_password: str = "",
        attributes: Mapping[str, str] | None = None,
        suppress: bool = True,
    ) -> CallRecord:
        """AdminCreateUser (status FORCE_CHANGE_PASSWORD until the first sign-in).

        Args:
            suppress: send no invitation message (``MessageAction=SUPPRESS``).
        """
        attributes = dict(attributes or {})
        params = self._pool(
            Username=username,
            UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()],
        )
        if temporary_password:
            params["TemporaryPassword"] = temporary_password
        if suppress:
            params["MessageAction"] = "SUPPRESS"
        problem = self._problem(
            check_username(username),
            check_password(temporary_password, "temporary password") if temporary_password else "",
            check_attributes(attributes),
        )
        return self._idp.call(
            "AdminCreateUser", params, label="Admin: create user", problem=problem
        )

    def admin_confirm_sign_up(self, username: str) -> CallRecord:
        """AdminConfirmSignUp: confirm a user without a code."""
        return self._idp.call(
            "AdminConfirmSignUp",
            self._pool(Username=username),
            label="Admin: confirm user",
            problem=self._problem(check_username(username)),
        )

    def admin_set_user_password(self, username: str, password: str, permanent: bool) -> CallRecord:
        """AdminSetUserPassword (``permanent=False`` makes it temporary: FORCE_CHANGE_PASSWORD)."""
        params = self._pool(Username=username, Password=password, Permanent=bool(permanent))
        problem = self._problem(check_username(username), check_password(password))
        return self._idp.call(
            "AdminSetUserPassword", params, label="Admin: set password", problem=problem
        )

    def admin_delete_user(self, username: str) -> CallRecord:
        """AdminDeleteUser."""
        return self._idp.call(
            "AdminDeleteUser",
            self._pool(Username=username),
            label="Admin: delete user",
            problem=self._problem(check_username(username)),
        )

    def describe_user_pool(self) -> CallRecord:
        """DescribeUserPool: policies, MFA, schema, triggers."""
        return self._idp.call(
            "DescribeUserPool", self._pool(), label="Describe pool", problem=self._problem()
        )

    def describe_user_pool_client(self, client_id: str = "") -> CallRecord:
        """DescribeUserPoolClient (the target's client by default): flows, secret, token times."""
        client_id = client_id or self.target.client_id
        return self._idp.call(
            "DescribeUserPoolClient",
            self._pool(ClientId=client_id),
            label="Describe app client",
            problem=self._problem(check_client_id(client_id)),
        )

    # -- remembered devices ---------------------------------------------------------------

    def _device(
        self, operation: str, username: str, device_key: str, label: str, **more: Any
    ) -> CallRecord:
        params = self._pool(Username=username, DeviceKey=device_key, **more)
        problem = self._problem(
            check_username(username),
            check_required("device key", device_key),
            check_size("device key", device_key, 55),
        )
        return self._idp.call(operation, params, label=label, problem=problem)

    def admin_get_device(self, username: str, device_key: str) -> CallRecord:
        """AdminGetDevice."""
        return self._device("AdminGetDevice", username, device_key, "Admin: get device")

    def admin_forget_device(self, username: str, device_key: str) -> CallRecord:
        """AdminForgetDevice."""
        return self._device("AdminForgetDevice", username, device_key, "Admin: forget device")

    def admin_update_device_status(
        self, username: str, device_key: str, remembered: bool
    ) -> CallRecord:
        """AdminUpdateDeviceStatus: remembered or not_remembered."""
        status = "remembered" if remembered else "not_remembered"
        return self._device(
            "AdminUpdateDeviceStatus",
            username,
            device_key,
            "Admin: device status",
            DeviceRememberedStatus=status,
        )

    def admin_list_devices(self, username: str) -> CallRecord:
        """AdminListDevices (the first page, up to 60)."""
        return self._idp.call(
            "AdminListDevices",
            self._pool(Username=username, Limit=60),
            label="Admin: list devices",
            problem=self._problem(check_username(username)),
        )

    # -- passkeys, factors, sessions --------------------------------------------------------

    def set_passkey_configuration(
        self, relying_party_id: str = "", user_verification: str = "preferred"
    ) -> CallRecord:
        """SetUserPoolMfaConfig with only WebAuthnConfiguration (RelyingPartyId, UserVerification).

        An empty ``relying_party_id`` leaves the pool's domain as the relying party.
        """
        config: dict[str, str] = {"UserVerification": user_verification}
        if relying_party_id:
            config["RelyingPartyId"] = relying_party_id
        problem = self._problem(
            ""
            if user_verification in ("required", "preferred")
            else "user verification must be required or preferred",
            check_size("relying party id", relying_party_id, 127),
        )
        return self._idp.call(
            "SetUserPoolMfaConfig",
            self._pool(WebAuthnConfiguration=config),
            label="Admin: passkey settings",
            problem=problem,
        )

    def get_user_pool_mfa_config(self) -> CallRecord:
        """GetUserPoolMfaConfig: MFA and passkey (WebAuthnConfiguration) settings."""
        return self._idp.call(
            "GetUserPoolMfaConfig",
            self._pool(),
            label="Admin: MFA settings",
            problem=self._problem(),
        )

    def admin_get_user_auth_factors(self, username: str) -> CallRecord:
        """AdminGetUserAuthFactors: a user's MFA settings and USER_AUTH first factors."""
        return self._idp.call(
            "AdminGetUserAuthFactors",
            self._pool(Username=username),
            label="Admin: auth factors",
            problem=self._problem(check_username(username)),
        )

    def admin_delete_software_token(self, username: str) -> CallRecord:
        """AdminDeleteSoftwareToken: the user's TOTP factor is gone (MFA_SETUP next, where
        MFA is required)."""
        return self._idp.call(
            "AdminDeleteSoftwareToken",
            self._pool(Username=username),
            label="Admin: delete TOTP",
            problem=self._problem(check_username(username)),
        )

    def set_session_configuration(self, tracking: bool, max_per_user: int = 20) -> CallRecord:
        """SetUserPoolSessionConfiguration: session tracking on or off, and MaxPerUser."""
        params = self._pool(
            UserSessionTracking="ENABLED" if tracking else "DISABLED",
            TokenSession={"MaxPerUser": max_per_user},
        )
        problem = self._problem("" if 1 <= max_per_user <= 100 else "max per user must be 1 to 100")
        return self._idp.call(
            "SetUserPoolSessionConfiguration",
            params,
            label="Admin: session tracking",
            problem=problem,
        )

    def get_session_configuration(self) -> CallRecord:
        """GetUserPoolSessionConfiguration."""
        return self._idp.call(
            "GetUserPoolSessionConfiguration",
            self._pool(),
            label="Admin: session tracking",
            problem=self._problem(),
        )

    def admin_list_user_sessions(self, username: str) -> CallRecord:
        """AdminListUserSessions: a user's live sessions."""
        return self._idp.call(
            "AdminListUserSessions",
            self._pool(Username=username),
            label="Admin: list sessions",
            problem=self._problem(check_username(username)),
        )

    def admin_revoke_user_session(
        self, username: str, session_id: str, *, linked: bool = False
    ) -> CallRecord:
        """AdminRevokeUserSession: end one of a user's sessions (its tokens stop working)."""
        params = self._pool(
            Username=username,
            SessionId=session_id,
            RevokeAssociatedSessions="LINKED" if linked else "NONE",
        )
        problem = self._problem(check_username(username), check_session_id(session_id))
        return self._idp.call(
            "AdminRevokeUserSession", params, label="Admin: revoke session", problem=problem
        )

    # -- client secret rotation -------------------------------------------------------------

    def add_client_secret(self, client_id: str = "", secret: str = "") -> CallRecord:
        """AddUserPoolClientSecret: a second secret (``secret``, or one Cognito makes).

        The new value is in the response once (``ClientSecretValue``, masked when stored).
        """
        client_id = client_id or self.target.client_id
        params = self._pool(ClientId=client_id)
        if secret:
            params["ClientSecret"] = secret
        problem = self._problem(
            check_client_id(client_id),
            ""
            if not secret or 24 <= len(secret) <= 64
            else "a client secret is 24 to 64 characters",
        )
        return self._idp.call(
            "AddUserPoolClientSecret", params, label="Admin: add client secret", problem=problem
        )

    def list_client_secrets(self, client_id: str = "") -> CallRecord:
        """ListUserPoolClientSecrets: ids and dates (never the values)."""
        client_id = client_id or self.target.client_id
        return self._idp.call(
            "ListUserPoolClientSecrets",
            self._pool(ClientId=client_id),
            label="Admin: list client secrets",
            problem=self._problem(check_client_id(client_id)),
        )

    def delete_client_secret(self, secret_id: str, client_id: str = "") -> CallRecord:
        """DeleteUserPoolClientSecret (not the last one)."""
        client_id = client_id or self.target.client_id
        return self._idp.call(
            "DeleteUserPoolClientSecret",
            self._pool(ClientId=client_id, ClientSecretId=secret_id),
            label="Admin: delete client secret",
            problem=self._problem(
                check_client_id(client_id), check_required("client secret id", secret_id)
            ),
        )
