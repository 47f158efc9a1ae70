"""The user-pool operations the fidelity layer answers itself, the way Cognito answers them.

One module per concern, each a small class (or functions) with its dependencies passed in:

- ``params``: reading a request's parameters; :class:`Forward`; the seam with moto's models.
- ``policy``: secret hashes, password policy, address formats, user lookup, delivery.
- ``issuer``: :class:`TokenIssuer`, which signs users in and checks the tokens it issued
  (the hosted UI shares it, and ``policy.check_password``, with the API).
- ``sessions``: the :class:`Challenge` names the emulator issues and their sessions.
- ``lambdas``: where each Lambda trigger is invoked, its event and how its answer is used
  (the handlers themselves run in ``cognito_bench.emulator.triggers``).
- ``devices``: remembered devices (NewDeviceMetadata, device SRP) and their operations.
- ``passkeys``: the pool's relying party, WebAuthn registration and assertions.
- ``customauth``: the CUSTOM_AUTH define → create → verify loop.
- ``signup``, ``mfa``, ``selfservice``, ``admin``, ``auth``, ``challenges``: the operations;
  ``factors`` (auth factors), ``tracking`` (session tracking) and ``clients`` (client secret
  rotation, GetClientToken) sit with ``admin``.
- ``settings``: what a set-up stores and reads back (tags, import jobs, branding, terms...).

Each handler takes the request's JSON object and returns the response object, raises
:class:`CognitoError`, or returns :class:`Forward` to let moto answer (after its checks).
:func:`operations` wires the concerns and is the one table of which operation goes where.
Imports point one way, ``challenges`` → ``auth`` → (``signup``, ``selfservice``, ``admin``,
``customauth``, ``settings``, ...) → ``mfa`` → (``devices``, ``passkeys``) → (``issuer``,
``sessions``) → ``lambdas`` → ``policy`` → ``params``: an import-linter contract
in pyproject.toml checks it, and another keeps ``hosted`` off the operation concerns.
"""

from __future__ import annotations

from dataclasses import dataclass

from cognito_bench.emulator.state import EmulatorState
from cognito_bench.emulator.userpool.admin import Admin
from cognito_bench.emulator.userpool.auth import AuthFlows
from cognito_bench.emulator.userpool.challenges import Challenges
from cognito_bench.emulator.userpool.clients import ClientSecrets
from cognito_bench.emulator.userpool.devices import Devices
from cognito_bench.emulator.userpool.factors import AuthFactors
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.mfa import Mfa
from cognito_bench.emulator.userpool.params import Handler
from cognito_bench.emulator.userpool.passkeys import Passkeys
from cognito_bench.emulator.userpool.selfservice import SelfService
from cognito_bench.emulator.userpool.settings import Settings
from cognito_bench.emulator.userpool.signup import SignUp
from cognito_bench.emulator.userpool.tracking import SessionTracking

__all__ = ["Concerns", "operations", "wire"]


@dataclass(frozen=True)
class Concerns:
    """Every concern of the package, wired to one state and issuer."""

    devices: Devices
    passkeys: Passkeys
    mfa: Mfa
    flows: AuthFlows
    challenges: Challenges


def wire(state: EmulatorState, issuer: TokenIssuer) -> Concerns:
    """The sign-in concerns, each given the ones it depends on (the one place they are wired)."""
    devices = Devices(state, issuer)
    passkeys = Passkeys(state, issuer)
    mfa = Mfa(state, issuer, devices)
    flows = AuthFlows(state, issuer, mfa, passkeys, devices)
    challenges = Challenges(state, issuer, flows, mfa, devices, passkeys)
    return Concerns(devices, passkeys, mfa, flows, challenges)


def operations(state: EmulatorState, issuer: TokenIssuer) -> dict[str, Handler]:
    """``AWSCognitoIdentityProviderService.<Op>`` name -> its handler, every concern wired once.

    Args:
        state: the emulator's state, shared by every concern.
        issuer: the token issuer (the hosted UI is given the same one).
    """
    wired = wire(state, issuer)
    devices, passkeys, mfa = wired.devices, wired.passkeys, wired.mfa
    flows, challenges = wired.flows, wired.challenges
    signup = SignUp(state, issuer.lambdas)
    own = SelfService(state, issuer)
    admin = Admin(state, issuer.lambdas)
    factors = AuthFactors(state, issuer, passkeys)
    tracking = SessionTracking(state, issuer)
    clients = ClientSecrets(state, issuer)
    kept = Settings(state, issuer)
    return {
        # sign-up and codes
        "SignUp": signup.sign_up,
        "ConfirmSignUp": signup.confirm_sign_up,
        "ResendConfirmationCode": signup.resend_confirmation_code,
        "ForgotPassword": signup.forgot_password,
        "ConfirmForgotPassword": signup.confirm_forgot_password,
        # sign-in
        "InitiateAuth": flows.initiate_auth,
        "AdminInitiateAuth": flows.admin_initiate_auth,
        "GetTokensFromRefreshToken": flows.get_tokens_from_refresh_token,
        "RespondToAuthChallenge": challenges.respond_to_auth_challenge,
        "AdminRespondToAuthChallenge": challenges.respond_to_auth_challenge,
        # MFA
        "AssociateSoftwareToken": mfa.associate_software_token,
        "VerifySoftwareToken": mfa.verify_software_token,
        "SetUserMFAPreference": mfa.set_user_mfa_preference,
        "AdminSetUserMFAPreference": mfa.admin_set_user_mfa_preference,
        "SetUserPoolMfaConfig": passkeys.set_user_pool_mfa_config,
        "GetUserPoolMfaConfig": passkeys.get_user_pool_mfa_config,
        # passkeys
        "StartWebAuthnRegistration": passkeys.start_web_authn_registration,
        "CompleteWebAuthnRegistration": passkeys.complete_web_authn_registration,
        "ListWebAuthnCredentials": passkeys.list_web_authn_credentials,
        "DeleteWebAuthnCredential": passkeys.delete_web_authn_credential,
        # remembered devices
        "ConfirmDevice": devices.confirm_device,
        "UpdateDeviceStatus": devices.update_device_status,
        "GetDevice": devices.get_device,
        "ListDevices": devices.list_devices,
        "ForgetDevice": devices.forget_device,
        "AdminGetDevice": devices.admin_get_device,
        "AdminListDevices": devices.admin_list_devices,
        "AdminForgetDevice": devices.admin_forget_device,
        "AdminUpdateDeviceStatus": devices.admin_update_device_status,
        # auth factors
        "GetUserAuthFactors": factors.get_user_auth_factors,
        "AdminGetUserAuthFactors": factors.admin_get_user_auth_factors,
        "AdminDeleteSoftwareToken": factors.admin_delete_software_token,
        # session tracking
        "SetUserPoolSessionConfiguration": tracking.set_user_pool_session_configuration,
        "GetUserPoolSessionConfiguration": tracking.get_user_pool_session_configuration,
        "ListUserSessions": tracking.list_user_sessions,
        "AdminListUserSessions": tracking.admin_list_user_sessions,
        "RevokeUserSession": tracking.revoke_user_session,
        "AdminRevokeUserSession": tracking.admin_revoke_user_session,
        # client secrets and machine tokens
        "AddUserPoolClientSecret": clients.add_user_pool_client_secret,
        "ListUserPoolClientSecrets": clients.list_user_pool_client_secrets,
        "DeleteUserPoolClientSecret": clients.delete_user_pool_client_secret,
        "GetClientToken": clients.get_client_token,
        # the signed-in user
        "GetUser": own.get_user,
        "UpdateUserAttributes": own.update_user_attributes,
        "GetUserAttributeVerificationCode": own.get_user_attribute_verification_code,
        "VerifyUserAttribute": own.verify_user_attribute,
        "ChangePassword": own.change_password,
        "GlobalSignOut": own.global_sign_out,
        "DeleteUser": own.delete_user,
        "RevokeToken": own.revoke_token,
        # administration
        "AdminCreateUser": admin.admin_create_user,
        "AdminGetUser": admin.admin_get_user,
        "AdminSetUserPassword": admin.admin_set_user_password,
        "AdminResetUserPassword": admin.admin_reset_user_password,
        "AdminDeleteUser": admin.admin_delete_user,
        "AdminConfirmSignUp": admin.admin_confirm_sign_up,
        "AdminUpdateUserAttributes": admin.admin_update_user_attributes,
        "CreateUserPool": admin.create_user_pool,
        "UpdateUserPool": admin.update_user_pool,
        "CreateUserPoolClient": admin.create_user_pool_client,
        "UpdateUserPoolClient": admin.update_user_pool_client,
        # what a set-up stores and reads back
        "TagResource": kept.tag_resource,
        "UntagResource": kept.untag_resource,
        "ListTagsForResource": kept.list_tags_for_resource,
        "UpdateResourceServer": kept.update_resource_server,
        "DeleteResourceServer": kept.delete_resource_server,
        "DeleteUserAttributes": kept.delete_user_attributes,
        "SetUserSettings": kept.set_user_settings,
        "AdminSetUserSettings": kept.admin_set_user_settings,
        "AdminListUserAuthEvents": kept.admin_list_user_auth_events,
        "SetRiskConfiguration": kept.set_risk_configuration,
        "DescribeRiskConfiguration": kept.describe_risk_configuration,
        "SetUICustomization": kept.set_ui_customization,
        "GetUICustomization": kept.get_ui_customization,
        "CreateManagedLoginBranding": kept.create_managed_login_branding,
        "DescribeManagedLoginBranding": kept.describe_managed_login_branding,
        "DescribeManagedLoginBrandingByClient": kept.describe_managed_login_branding_by_client,
        "UpdateManagedLoginBranding": kept.update_managed_login_branding,
        "DeleteManagedLoginBranding": kept.delete_managed_login_branding,
        "CreateTerms": kept.create_terms,
        "DescribeTerms": kept.describe_terms,
        "DescribeTermsByClient": kept.describe_terms_by_client,
        "ListTerms": kept.list_terms,
        "UpdateTerms": kept.update_terms,
        "DeleteTerms": kept.delete_terms,
        "GetCSVHeader": kept.get_csv_header,
        "CreateUserImportJob": kept.create_user_import_job,
        "DescribeUserImportJob": kept.describe_user_import_job,
        "ListUserImportJobs": kept.list_user_import_jobs,
        "StartUserImportJob": kept.start_user_import_job,
        "StopUserImportJob": kept.stop_user_import_job,
    }
