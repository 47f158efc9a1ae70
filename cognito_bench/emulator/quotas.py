"""Request-rate quotas in the local Cognito: a token bucket per category, as Cognito throttles.

Cognito limits requests per second per category of operations, across all the pools of an
account and region (developer guide, "Quotas in Amazon Cognito"): beyond it, an operation
answers ``TooManyRequestsException`` with the message ``Rate exceeded``. The local Cognito
does the same when it is started with quotas (``cognito-bench local --quotas default``,
``LocalCognito(quotas=...)``), so a load test shows the knee and an app's back-off can be
tested offline. Without quotas nothing is throttled (the default: a test bench must not
fail a developer's quick clicks).

The categories and defaults applied here are the ones that gate sign-up and sign-in traffic:

============================  ====  ==================================================
category                      RPS   operations
============================  ====  ==================================================
UserAuthentication            120   InitiateAuth, AdminInitiateAuth (and see below)
UserCreation                   50   SignUp, ConfirmSignUp, AdminCreateUser, AdminConfirmSignUp
UserAccountRecovery            30   ForgotPassword, ConfirmForgotPassword, ChangePassword,
                                    AdminResetUserPassword, AdminSetUserPassword
UserRead                      120   GetUser, AdminGetUser, GetUserAuthFactors
UserToken                     120   RevokeToken, GetTokensFromRefreshToken
UserFederation                 25   sign-ins through a third-party IdP (none locally)
ClientAuthentication          150   the token endpoint's ``client_credentials`` grant
GetId                          25   identity pools: GetId
GetCredentialsForIdentity     200   identity pools: GetCredentialsForIdentity
============================  ====  ==================================================

``RespondToAuthChallenge`` and ``AdminRespondToAuthChallenge`` are counted as Cognito counts
them ("Operation special handling"): against a separate quota of three times
UserAuthentication's, and beyond that against UserAuthentication itself. The other
categories (UserUpdate, UserList, the pool and client administration ones) are not applied:
the bench's own seeding and the admin pane use them, and a throttled admin call tells a load
test nothing.

A bucket holds up to one second of its rate (a burst of ``rate`` requests) and refills
continuously; a refused request takes nothing from it. One lock guards all buckets: a check
is a few arithmetic operations, far below the cost of the request it gates.

The token endpoint's throttling answer is not documented; the local Cognito answers HTTP 429
with ``{"error": "TooManyRequestsException", "error_description": "Rate exceeded"}``, so a
client sees the same code as the API's.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cognito_bench.emulator.errors import CognitoError

if TYPE_CHECKING:
    from cognito_bench.emulator.hosted import HostedRequest, HostedResponse

__all__ = [
    "DEFAULT_QUOTAS",
    "RATE_EXCEEDED",
    "THROTTLED",
    "QuotaError",
    "Quotas",
    "category_of",
    "parse_quota",
    "rates_from_options",
    "throttled",
]

#: The error code and message Cognito answers a throttled request with (HTTP 400).
THROTTLED = "TooManyRequestsException"
RATE_EXCEEDED = "Rate exceeded"

#: Cognito's default rates, requests per second (developer guide, quotas).
DEFAULT_QUOTAS: Mapping[str, float] = {
    "UserAuthentication": 120.0,
    "UserCreation": 50.0,
    "UserAccountRecovery": 30.0,
    "UserRead": 120.0,
    "UserToken": 120.0,
    "UserFederation": 25.0,
    "ClientAuthentication": 150.0,
    "GetId": 25.0,
    "GetCredentialsForIdentity": 200.0,
}

#: The challenge answers' own bucket, three times UserAuthentication's rate.
_CHALLENGES = "RespondToAuthChallenge"
_CHALLENGE_FACTOR = 3.0

_IDP_CATEGORIES: Mapping[str, str] = {
    "InitiateAuth": "UserAuthentication",
    "AdminInitiateAuth": "UserAuthentication",
    "RespondToAuthChallenge": _CHALLENGES,
    "AdminRespondToAuthChallenge": _CHALLENGES,
    "SignUp": "UserCreation",
    "ConfirmSignUp": "UserCreation",
    "AdminCreateUser": "UserCreation",
    "AdminConfirmSignUp": "UserCreation",
    "ForgotPassword": "UserAccountRecovery",
    "ConfirmForgotPassword": "UserAccountRecovery",
    "ChangePassword": "UserAccountRecovery",
    "AdminResetUserPassword": "UserAccountRecovery",
    "AdminSetUserPassword": "UserAccountRecovery",
    "GetUser": "UserRead",
    "AdminGetUser": "UserRead",
    "GetUserAuthFactors": "UserRead",
    "RevokeToken": "UserToken",
    "GetTokensFromRefreshToken": "UserToken",
}
_IDENTITY_CATEGORIES: Mapping[str, str] = {
    "GetId": "GetId",
    "GetCredentialsForIdentity": "GetCredentialsForIdentity",
}


def category_of(service: str, operation: str) -> str | None:
    """The quota category of an operation (``idp`` or ``identity``), or None when ungated.

    ``RespondToAuthChallenge`` gives ``"RespondToAuthChallenge"``: its own bucket, see the
    module docstring.
    """
    table = _IDP_CATEGORIES if service == "idp" else _IDENTITY_CATEGORIES
    return table.get(operation)


class QuotaError(ValueError):
    """A quota that cannot be used (unknown category, not a positive rate): one line."""


def parse_quota(text: str) -> tuple[str, float]:
    """``CATEGORY=RPS`` (``UserAuthentication=20``) as a pair, the category checked.

    Raises:
        QuotaError: not ``NAME=NUMBER``, an unknown category, or a rate that is not positive.
    """
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise QuotaError(f"--quota takes CATEGORY=RPS (got {text!r})")
    known = {k.lower(): k for k in DEFAULT_QUOTAS}
    category = known.get(name.lower())
    if category is None:
        raise QuotaError(f"unknown quota category {name!r}; one of {', '.join(DEFAULT_QUOTAS)}")
    try:
        rate = float(value)
    except ValueError:
        raise QuotaError(f"--quota {category}: {value!r} is not a number") from None
    if not rate > 0 or rate == float("inf"):
        raise QuotaError(f"--quota {category}: the rate must be a positive number (got {value})")
    return category, rate


def rates_from_options(preset: str | None, pairs: list[str] | None) -> dict[str, float] | None:
    """The rates ``--quotas PRESET`` and ``--quota CATEGORY=RPS...`` ask for (None: none).

    ``default`` is Cognito's defaults; each ``--quota`` sets one category, on top of them or
    alone.

    Raises:
        QuotaError: an unknown preset or a bad ``--quota``.
    """
    if preset not in (None, "", "default"):
        raise QuotaError(f"--quotas takes 'default' (got {preset!r})")
    rates: dict[str, float] = dict(DEFAULT_QUOTAS) if preset else {}
    for pair in pairs or []:
        category, rate = parse_quota(pair)
        rates[category] = rate
    return rates or None


@dataclass
class _Bucket:
    rate: float
    tokens: float
    stamp: float

    def refill(self, now: float) -> None:
        # A bucket holds one second of its rate, and at least one request.
        self.tokens = min(max(self.rate, 1.0), self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now


class Quotas:
    """Token buckets, one per category; :meth:`admit` says whether a request may go on.

    Thread-safe: the server answers each request on its own thread.

    Args:
        rates: requests per second by category (a subset of :data:`DEFAULT_QUOTAS`);
            categories left out are not limited.
        clock: monotonic seconds (tests pass their own).
    """

    def __init__(
        self, rates: Mapping[str, float], clock: Callable[[], float] = time.monotonic
    ) -> None:
        for category, rate in rates.items():
            if category not in DEFAULT_QUOTAS:
                raise QuotaError(f"unknown quota category {category!r}")
            if not rate > 0:
                raise QuotaError(f"{category}: the rate must be positive (got {rate})")
        self._clock = clock
        self._lock = threading.Lock()
        now = clock()
        self._buckets = {c: _Bucket(float(r), max(float(r), 1.0), now) for c, r in rates.items()}
        auth = self._buckets.get("UserAuthentication")
        if auth is not None:
            rate = auth.rate * _CHALLENGE_FACTOR
            self._buckets[_CHALLENGES] = _Bucket(rate, rate, now)

    @classmethod
    def default(cls, overrides: Mapping[str, float] | None = None) -> Quotas:
        """Cognito's default rates, with ``overrides`` (``{"UserAuthentication": 20}``)."""
        return cls({**DEFAULT_QUOTAS, **(overrides or {})})

    @property
    def rates(self) -> dict[str, float]:
        """The rate of each limited category (RespondToAuthChallenge's derived one left out)."""
        return {c: b.rate for c, b in self._buckets.items() if c != _CHALLENGES}

    def admit(self, service: str, operation: str) -> bool:
        """Take one request of ``operation`` from its bucket; False: throttle it.

        Args:
            service: ``idp`` (user pools), ``identity`` (identity pools) or ``oauth``
                (``operation`` is then a category, ``ClientAuthentication``).
            operation: the API operation.
        """
        category = operation if service == "oauth" else category_of(service, operation)
        if category is None or category not in self._buckets:
            return True
        with self._lock:
            now = self._clock()
            bucket = self._buckets[category]
            bucket.refill(now)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return True
            if category != _CHALLENGES:
                return False
            # Challenge answers beyond three per sign-in count against UserAuthentication.
            auth = self._buckets["UserAuthentication"]
            auth.refill(now)
            if auth.tokens >= 1.0:
                auth.tokens -= 1.0
                return True
            return False

    def check(self, service: str, operation: str) -> None:
        """:meth:`admit`, raising Cognito's throttling error when the request is refused.

        Raises:
            CognitoError: ``TooManyRequestsException`` "Rate exceeded".
        """
        if not self.admit(service, operation):
            raise CognitoError(THROTTLED, RATE_EXCEEDED)


def throttled(quotas: Quotas | None, request: HostedRequest) -> HostedResponse | None:
    """The answer to a hosted-UI request over its quota (client credentials), or None."""
    if quotas is None or request.path.rstrip("/") != "/oauth2/token":
        return None
    if request.form.get("grant_type") != "client_credentials":
        return None
    if quotas.admit("oauth", "ClientAuthentication"):
        return None
    from cognito_bench.emulator.hosted import HostedResponse

    body = {"error": THROTTLED, "error_description": RATE_EXCEEDED}
    return HostedResponse(429, json.dumps(body).encode(), "application/json")
