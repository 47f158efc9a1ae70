"""Plain-English cause and fix for the errors a Cognito user meets most.

Cognito reuses one error code for unrelated causes (``NotAuthorizedException`` means a wrong
password, a flow the app client does not allow, a missing client secret, a revoked token...),
so the message text is matched first and the code alone is the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cognito_bench.aws.target import Target
from cognito_bench.aws.validate import pool_region

__all__ = ["explain"]

_Rule = tuple[str, str, Callable[[re.Match[str], Target], str]]


def _fixed(text: str) -> Callable[[re.Match[str], Target], str]:
    return lambda _m, _t: text


def _secret_missing(_m: re.Match[str], t: Target) -> str:
    return (
        "The app client has a client secret, so every call must carry a SECRET_HASH, and this "
        "one did not (the target has no client secret). Fix: enter the app client's secret in "
        "the target (the bench computes SECRET_HASH), or use an app client without a secret: "
        "browser and mobile apps (amazon-cognito-identity-js, Amplify) cannot use one."
    )


def _secret_wrong(_m: re.Match[str], t: Target) -> str:
    return (
        "The SECRET_HASH did not match: the client secret is not this app client's, or the hash "
        "was computed over a different username (it is HMAC-SHA256(secret, username + client id); "
        "after SRP's PASSWORD_VERIFIER it must use USER_ID_FOR_SRP). Fix: copy the secret of app "
        f"client {t.client_id or '(client id)'} again from the console."
    )


def _provider(_m: re.Match[str], t: Target) -> str:
    return (
        "The identity pool does not trust the token's user pool and app client: its Cognito "
        "authentication provider lists a different user pool id or app client id, or the "
        "Logins key is not the token's issuer. Fix: in the identity pool's user-access settings "
        f"add user pool {t.user_pool_id or '(pool id)'} with app client "
        f"{t.client_id or '(client id)'}, and use the Logins key {t.provider_name or '(issuer)'}."
    )


def _password_rule(m: re.Match[str], _t: Target) -> str:
    message = m.string.strip()
    rule = message.split("policy:", 1)[1].strip() if "policy:" in message else message
    named = {
        "uppercase": "at least one uppercase letter",
        "lowercase": "at least one lowercase letter",
        "numeric": "at least one number",
        "number": "at least one number",
        "symbol": "at least one symbol such as ! or -",
        "long enough": "more characters (the pool sets a minimum length)",
        "previously used": "a password not used before",
    }
    want = next((v for k, v in named.items() if k in rule.lower()), "")
    said = f' ("{rule}")' if rule else ""
    need = f" It needs {want}." if want else ""
    return (
        f"The password breaks the user pool's password policy{said}.{need} "
        "Fix: choose a password that meets every rule of the pool (DescribeUserPool shows "
        "Policies.PasswordPolicy)."
    )


def _not_found(m: re.Match[str], t: Target) -> str:
    what = m.group(1).lower()
    if "client" in what:
        cause = (
            f"The app client id is not a client of user pool {t.user_pool_id or '(pool id)'} in "
            f"region {t.region or '(region)'}."
        )
        fix = "Fix: copy the app client id from the pool's App integration page."
    elif "identity" in what:
        cause = f"No identity pool with this id exists in region {t.region or '(region)'}."
        fix = "Fix: copy the identity pool id (<region>:<uuid>) from the identity pool's page."
    else:
        cause = f"No user pool with this id exists in region {t.region or '(region)'}."
        fix = "Fix: copy the pool id (<region>_<id>) and check that the region is the pool's."
    return f"{cause} {_region_note(t)}{fix}"


def _region_note(t: Target) -> str:
    region = pool_region(t.user_pool_id)
    if region and t.region and region != t.region:
        return (
            f"The pool id says region {region} but the calls go to {t.region}: "
            "a pool lives in one region only. "
        )
    return ""


def _connect(_m: re.Match[str], t: Target) -> str:
    if t.endpoint_url:
        return (
            f"Nothing answered at {t.endpoint_url} (connection refused or unreachable). Fix: start "
            "the local Cognito (cognito-bench local) or correct the endpoint's host and port."
        )
    return (
        f"The AWS endpoint for region {t.region or '(region)'} could not be reached. Fix: check "
        "the network, proxy and VPN, and that the region name is right."
    )


#: (error code or "" for any, message pattern, explanation). The first match wins.
_RULES: list[_Rule] = [
    (
        "",
        r"Refresh token rotation is enabled",
        _fixed(
            "The app client rotates refresh tokens, so REFRESH_TOKEN_AUTH is not allowed. Fix: "
            "refresh with GetTokensFromRefreshToken and keep the new refresh token it returns."
        ),
    ),
    (
        "ResourceNotFoundException",
        r"Device does not exist",
        _fixed(
            "The device key is not a confirmed device of this user (it was forgotten, or never "
            "confirmed with ConfirmDevice). Fix: sign in without the device key and remember the "
            "new device."
        ),
    ),
    ("", r"configured for secret but secret was not received", _secret_missing),
    ("", r"Unable to verify secret hash", _secret_wrong),
    ("", r"not from a supported provider of this identity pool", _provider),
    # The hosted UI's OAuth endpoints (lower-case codes of RFC 6749).
    (
        "redirect_mismatch",
        r"",
        _fixed(
            "The redirect URI is not one of the app client's callback URLs (they must match "
            "exactly: scheme, host, port and path). Fix: add it under App integration → the "
            "app client → Hosted UI → Allowed callback URLs, or use one that is listed."
        ),
    ),
    (
        "NoRedirect",
        r"",
        _fixed(
            "The browser never came back to the bench's redirect URI: the sign-in was not "
            "finished within 5 minutes, or the hosted UI sent it elsewhere. Fix: finish the "
            "sign-in in the browser, and check the redirect URI is the app client's callback URL."
        ),
    ),
    (
        "StateMismatch",
        r"",
        _fixed(
            "The redirect carried another sign-in's state: an older browser tab finished, or "
            "the redirect did not come from this sign-in. Fix: close old hosted UI tabs and "
            "sign in again."
        ),
    ),
    (
        "invalid_grant",
        r"",
        _fixed(
            "The token endpoint refused the code or refresh token: a code works once and for "
            "5 minutes, must come back with the same redirect URI and the PKCE verifier of the "
            "same sign-in, and a refresh token may be revoked or expired. Fix: sign in again."
        ),
    ),
    (
        "invalid_client",
        r"",
        _fixed(
            "The token endpoint did not accept the app client: the client id is wrong, or the "
            "client has a secret and it was missing or wrong (sent as HTTP Basic "
            "client_id:client_secret). Fix: check the client id and fill in its secret."
        ),
    ),
    (
        "unauthorized_client",
        r"",
        _fixed(
            "The app client is not allowed this OAuth flow. Fix: in the app client's hosted UI "
            "settings enable the grant (Authorization code grant; Client credentials needs a "
            "client with a secret and custom scopes) and the Cognito user pool as provider."
        ),
    ),
    (
        "invalid_scope",
        r"",
        _fixed(
            "A requested scope is not allowed for this app client. Fix: ask only for the scopes "
            "the client lists (openid, email, profile, aws.cognito.signin.user.admin, or a "
            "resource server's custom scopes), or allow the scope on the client."
        ),
    ),
    (
        "invalid_token",
        r"",
        _fixed(
            "The userInfo endpoint refused the access token: it expired, was revoked or signed "
            "out, or lacks the openid scope. Fix: sign in through the hosted UI with openid."
        ),
    ),
    (
        # NotAuthorizedException or InvalidParameterException, depending on the flow.
        "",
        r"flow (?:is )?not (?:enabled|supported|allowed)",
        _fixed(
            "The app client does not allow this sign-in flow. Fix: in the app client's "
            "authentication flows enable it (ALLOW_USER_SRP_AUTH for SRP, ALLOW_USER_PASSWORD_AUTH "
            "for the password flow, ALLOW_USER_AUTH for choice-based sign-in, "
            "ALLOW_REFRESH_TOKEN_AUTH for refresh), or pick the other flow."
        ),
    ),
    (
        "NotAuthorizedException",
        r"Incorrect username or password",
        _fixed(
            "The password is wrong for this user (with user-existence errors hidden, the user may "
            "also not exist). Fix: check the username and password, including case; reset it "
            "with Forgot password if it is lost."
        ),
    ),
    (
        "NotAuthorizedException",
        r"Password attempts exceeded",
        _fixed(
            "Too many wrong passwords: Cognito locks the user out for a while. Fix: wait a few "
            "minutes before the next attempt, or reset the password."
        ),
    ),
    (
        "NotAuthorizedException",
        r"User is disabled",
        _fixed("An administrator disabled this user. Fix: enable it (AdminEnableUser)."),
    ),
    (
        "NotAuthorizedException",
        r"revoked|Invalid Refresh Token|Refresh Token has expired",
        _fixed(
            "The token was revoked (sign-out, RevokeToken) or has expired. Fix: sign in again "
            "for fresh tokens."
        ),
    ),
    (
        "NotAuthorizedException",
        r"Access Token has expired|Invalid Access Token|token.*expired",
        _fixed(
            "The access token has expired or is not valid for this pool. Fix: refresh the "
            "tokens (REFRESH_TOKEN_AUTH) or sign in again."
        ),
    ),
    (
        "NotAuthorizedException",
        r"session is expired|Invalid session",
        _fixed(
            "The challenge session is no longer valid: sessions last about 3 minutes and are good "
            "for one answer. Fix: sign in again and answer the new challenge promptly."
        ),
    ),
    (
        "NotAuthorizedException",
        r"",
        _fixed(
            "Cognito refused the request as not authorized. Fix: read the message; usual causes "
            "are a wrong password, a flow the app client does not allow, or an expired token."
        ),
    ),
    (
        "UserNotConfirmedException",
        r"",
        _fixed(
            "The user signed up but has not confirmed the account yet. Fix: enter the code that "
            "was sent (Confirm sign-up), send a new one (Resend code), or confirm the user as an "
            "administrator (AdminConfirmSignUp)."
        ),
    ),
    (
        "CodeMismatchException",
        r"",
        _fixed(
            "The code does not match the one Cognito sent. Fix: type the most recent code again "
            "(each new request replaces the previous code), or request a new one."
        ),
    ),
    (
        "ExpiredCodeException",
        r"",
        _fixed(
            "The code has expired or was already used (sign-up codes last 24 hours, "
            "password-reset codes 1 hour). Fix: request a new code and use it once."
        ),
    ),
    ("InvalidPasswordException", r"", _password_rule),
    (
        "UsernameExistsException",
        r"",
        _fixed(
            "A user with this username (or this e-mail or phone as an alias) already exists. Fix: "
            "sign in instead, choose another username, or, for an unconfirmed test user, resend "
            "the code or delete the user (AdminDeleteUser) and sign up again."
        ),
    ),
    (
        "AliasExistsException",
        r"",
        _fixed(
            "Another user already uses this e-mail or phone number as a sign-in alias. Fix: use "
            "a different address, or remove it from the other user."
        ),
    ),
    (
        "UserNotFoundException",
        r"",
        _fixed(
            "No user with this username exists in the pool. Fix: check the spelling and the pool "
            "id, or sign up first."
        ),
    ),
    (
        "PasswordResetRequiredException",
        r"",
        _fixed(
            "An administrator requires this user to reset the password. Fix: use Forgot "
            "password, then Confirm forgot password with the code."
        ),
    ),
    (
        "LimitExceededException",
        r"",
        _fixed(
            "Cognito's limit for this action was reached (e.g. too many codes requested or "
            "attempts made for this user). Fix: wait before trying again, roughly 15 minutes to "
            "an hour for code limits."
        ),
    ),
    (
        "TooManyRequestsException",
        r"",
        _fixed(
            "The request rate is above the pool's API quota. Fix: slow down and retry after a "
            "pause with backoff; raise the quota in Service Quotas if it is steady traffic."
        ),
    ),
    (
        "TooManyFailedAttemptsException",
        r"",
        _fixed("Too many failed attempts for this user. Fix: wait, then try again."),
    ),
    (
        "ResourceNotFoundException",
        r"(User pool client|client|IdentityPool|Identity pool|User pool|pool)",
        _not_found,
    ),
    (
        "ResourceNotFoundException",
        r"",
        _fixed(
            "The pool, client or identity pool in the target does not exist in this region. "
            "Fix: copy the ids again and check the region."
        ),
    ),
    (
        "InvalidParameterException",
        r"no registered/verified email or phone",
        _fixed(
            "Cognito has nowhere to send the code: the user has no verified e-mail or phone. "
            "Fix: add and verify an e-mail or phone for the user, or reset the password as an "
            "administrator (AdminSetUserPassword)."
        ),
    ),
    (
        "InvalidParameterException",
        r"Invalid phone number format",
        _fixed(
            "Cognito takes phone numbers in E.164 form only: a plus sign, the country code, "
            "then the number, digits only. Fix: write it as +15555550100, not 555 555 0100, "
            "(555) 555-0100 or 0044 20 7946 0000."
        ),
    ),
    (
        "InvalidParameterException",
        r"Invalid email address format",
        _fixed(
            "The e-mail address is not one Cognito accepts (it needs text@domain, no spaces); "
            "in a pool where users sign in by e-mail, the username must itself be an e-mail "
            "address. Fix: correct the address, or type the e-mail address as the username."
        ),
    ),
    (
        "InvalidParameterException",
        r"Username should be either an email or a phone number",
        _fixed(
            "This pool signs users in by e-mail or phone number: the username must be one of "
            "them (a generated id becomes the real username). Fix: type the user's e-mail "
            "address or +country-code phone number as the username."
        ),
    ),
    (
        "InvalidParameterException",
        r"",
        _fixed(
            "Cognito refused a parameter (a missing attribute the pool requires, a malformed "
            "phone number such as one without +country code, or a flow parameter). Fix: read "
            "the message for the parameter and correct it."
        ),
    ),
    (
        "InvalidUserPoolConfigurationException",
        r"",
        _fixed(
            "The pool is not set up for this action (e.g. SMS MFA without an SMS role, or "
            "e-mail MFA without SES). Fix: configure it in the pool's settings."
        ),
    ),
    (
        "SoftwareTokenMFANotFoundException",
        r"",
        _fixed(
            "The user has no authenticator app set up. Fix: run AssociateSoftwareToken, then "
            "VerifySoftwareToken with a code from the app."
        ),
    ),
    (
        "EnableSoftwareTokenMFAException",
        r"",
        _fixed(
            "The authenticator code was not accepted. Fix: check the device clock and type "
            "the current 6-digit code."
        ),
    ),
    (
        "CodeDeliveryFailureException",
        r"",
        _fixed(
            "Cognito could not deliver the code by e-mail or SMS. Fix: check the address or "
            "number, and the pool's SES / SNS setup and sandbox limits."
        ),
    ),
    (
        "",
        r"(UserLambdaValidation|InvalidLambdaResponse|UnexpectedLambda)",
        _fixed(
            "A Lambda trigger of the pool refused or failed the request. Fix: read the "
            "trigger's CloudWatch logs."
        ),
    ),
    (
        "EndpointConnectionError",
        r"",
        _connect,
    ),
    (
        "ConnectionClosedError",
        r"",
        _fixed(
            "The connection closed before the whole answer arrived (fewer bytes than its "
            "Content-Length promised): a proxy, a load balancer or the server cut it off, so "
            "this is a broken transfer, not Cognito's answer. Fix: retry; if it keeps "
            "happening, check the endpoint (a crashed local emulator, a proxy's size or time "
            "limit, a flaky VPN)."
        ),
    ),
    (
        "ConnectTimeoutError",
        r"",
        _fixed(
            "The connection timed out: the endpoint did not accept a connection in time. Fix: "
            "check the endpoint and the network (proxy, VPN, firewall), then retry."
        ),
    ),
    (
        "ReadTimeoutError",
        r"",
        _fixed(
            "The server accepted the connection but did not answer in time. Fix: retry; if it "
            "keeps happening, check the endpoint's health or the network."
        ),
    ),
    (
        "",
        r"Unable to locate credentials|NoCredentials",
        _fixed(
            "No AWS credentials were found for this administrator call. Fix: choose an AWS "
            "profile that has them (aws configure / aws sso login), or set AWS_ACCESS_KEY_ID."
        ),
    ),
    (
        "ProfileNotFound",
        r"",
        _fixed(
            "The AWS profile does not exist in ~/.aws/config or ~/.aws/credentials. Fix: pick "
            "one of your configured profiles, or create it with aws configure."
        ),
    ),
    (
        "",
        r"(UnrecognizedClient|InvalidClientTokenId|ExpiredToken|security token)",
        _fixed(
            "The AWS credentials were refused (wrong, expired SSO session or temporary keys). "
            "Fix: refresh them (aws sso login) or choose another profile."
        ),
    ),
    (
        "AccessDeniedException",
        r"",
        _fixed(
            "The AWS credentials lack permission for this call. Fix: grant the IAM action named "
            "in the message to the profile's role or user."
        ),
    ),
    (
        "AccessDenied",
        r"",
        _fixed(
            "S3 refused the call: the identity pool's role does not allow this action on this "
            "bucket or key. Fix: extend the authenticated role's policy (e.g. s3:GetObject on "
            "arn:aws:s3:::bucket/prefix/*)."
        ),
    ),
    (
        "NoSuchBucket",
        r"",
        _fixed("The bucket does not exist (or not in this region). Fix: check the bucket name."),
    ),
    (
        "NoSuchKey",
        r"",
        _fixed("No object with this key exists in the bucket. Fix: list the objects and pick one."),
    ),
    (
        "",
        r"HTTP 5\d\d|InternalError",
        _fixed(
            "The server failed while handling the call (HTTP 5xx); against the local emulator this "
            "usually means it does not implement the operation yet. Fix: against AWS, retry "
            "later; locally, use another operation or report the gap."
        ),
    ),
    (
        "",
        r"HTTP 4\d\d",
        _fixed(
            "The server refused the request with a bare HTTP error, not an AWS error: the "
            "endpoint may point at something other than Cognito or S3 (a path, a proxy), or "
            "the server could not route the request (an S3 key with control characters, for "
            "one). Fix: check the endpoint URL and the key or value the request carried."
        ),
    ),
    (
        "WebAuthnNotEnabledException",
        r"",
        _fixed(
            "The user pool does not allow passkeys. Fix: add WEB_AUTHN to the pool's sign-in "
            "policy (Policies.SignInPolicy.AllowedFirstAuthFactors) and give the app client "
            "ALLOW_USER_AUTH."
        ),
    ),
    (
        "WebAuthnConfigurationMissingException",
        r"",
        _fixed(
            "The user pool has no relying party for passkeys: no WebAuthnConfiguration "
            "RelyingPartyId and no domain. Fix: set a RelyingPartyId (SetUserPoolMfaConfig) or "
            "create a user pool domain."
        ),
    ),
    (
        "WebAuthnRelyingPartyMismatchException",
        r"",
        _fixed(
            "The passkey was made for another relying party than the pool's (its RP id hash "
            "differs). Fix: register it with the pool's RelyingPartyId, the rp.id Cognito sent."
        ),
    ),
    (
        "WebAuthnOriginNotAllowedException",
        r"",
        _fixed(
            "The credential's origin is not the relying party or one of its subdomains over "
            "https (http only for localhost). Fix: use an origin like https://<relying party id>."
        ),
    ),
    (
        "WebAuthnChallengeNotFoundException",
        r"",
        _fixed(
            "The registration challenge is unknown: it was used already (a replay), it expired, "
            "or it was another user's. Fix: call StartWebAuthnRegistration again and complete "
            "within its timeout, once."
        ),
    ),
    (
        "WebAuthnClientMismatchException",
        r"",
        _fixed(
            "The registration was started with an access token of another app client. Fix: "
            "start and complete it with tokens of the same app client."
        ),
    ),
    (
        "WebAuthnCredentialNotSupportedException",
        r"",
        _fixed(
            "Cognito does not take this passkey: attestation other than none, a key algorithm "
            "other than ES256 or RS256, or no user verification where the pool requires it. "
            "Fix: use a platform authenticator or security key with user verification."
        ),
    ),
    (
        "RefreshTokenReuseException",
        r"",
        _fixed(
            "This refresh token was rotated out: a newer one was issued and the grace period "
            "(RetryGracePeriodSeconds) has ended. Fix: keep the refresh token each refresh "
            "returns and use only that one; sign in again now."
        ),
    ),
    (
        "DeviceKeyExistsException",
        r"",
        _fixed(
            "This device was confirmed already. Fix: use it as it is, or forget it and sign in "
            "again for a new device key."
        ),
    ),
    (
        "InvalidUserPoolConfigurationException",
        r"Device tracking",
        _fixed(
            "The user pool does not track devices. Fix: set the pool's DeviceConfiguration "
            "(remember devices always, or on the user's prompt)."
        ),
    ),
    (
        "InvalidInput",
        r"",
        _fixed(
            "The bench refused the input before calling anything. Fix: correct the field the "
            "message names."
        ),
    ),
]

_COMPILED = [(code, re.compile(pattern, re.IGNORECASE), build) for code, pattern, build in _RULES]


def explain(code: str, message: str, target: Target | None = None) -> str:
    """Plain-English cause and fix for an error, or ``""`` when nothing specific is known.

    Args:
        code: the error code (``NotAuthorizedException``, ``EndpointConnectionError``...).
        message: the error message, verbatim.
        target: the target of the call, to name its pool, client and region in the advice.
    """
    if not code and not message:
        return ""
    target = target or Target()
    text = f"{message} {code}"
    for rule_code, pattern, build in _COMPILED:
        if rule_code and rule_code != code:
            continue
        match = pattern.search(message if rule_code else text)
        if match:
            return build(match, target)
    note = _region_note(target)
    return note.strip()
