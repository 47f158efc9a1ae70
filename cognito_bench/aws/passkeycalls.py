"""Passkey calls: register, list, delete, and sign in with USER_AUTH's WEB_AUTHN.

Each method is one named step that returns one :class:`CallRecord`; a step that makes several
calls (Start then Complete registration; InitiateAuth then WEB_AUTHN) keeps each in ``steps``
and adds a ``Passkey`` section to the response: the relying party and origin the credential
claimed, the checks (the bench's own verification of the credential it sent against the
options it answered: challenge, origin, RP id hash, user present and verified flags, sign
count, the assertion's signature with the credential's public key; then Cognito's verdict,
``accepted`` or ``refused: <code>``), and where its private key is kept (the OS keyring, or
memory for this session only). The options Cognito sent and the credential the bench sent
stay in the steps' records.

With ``tamper`` the same methods make the tamper lab's wrong credentials (another origin,
another relying party, a replayed challenge); the record carries Cognito's refusal.
"""

from __future__ import annotations

import json
import time
from typing import Any

from cognito_bench.aws._call import error_record
from cognito_bench.aws._poolclient import PoolClient, combined
from cognito_bench.aws.auth import challenge_of
from cognito_bench.aws.passkeys import (
    PasskeyKey,
    SoftwareAuthenticator,
    Tamper,
    credential_checks,
)
from cognito_bench.aws.record import CallRecord
from cognito_bench.aws.validate import (
    INVALID_INPUT,
    check_required,
    check_size,
    check_token,
    check_username,
    first_problem,
    quoted,
)

__all__ = ["PasskeyCalls"]

_MAX_ORIGIN = 2048


def _origin_problem(origin: str, rp_id: str) -> str:
    """A problem with an origin or RP id the caller gave ("" when fine or not given)."""
    if origin and not origin.startswith(("https://", "http://")):
        return f"origin {quoted(origin)} is not an http(s) origin like https://app.example.com"
    return first_problem(
        check_size("origin", origin, _MAX_ORIGIN),
        check_size("relying party id", rp_id, 253),
        "" if rp_id == rp_id.strip() else f"relying party id {quoted(rp_id)} has spaces",
    )


def _verdict(record: CallRecord) -> str:
    """Cognito's word on the credential: ``accepted``, or ``refused: <its error code>``."""
    return "accepted" if record.ok else f"refused: {record.error_code}"


def _passkey_section(
    key: PasskeyKey | None,
    origin: str,
    authenticator: SoftwareAuthenticator,
    tamper: Tamper,
    checks: dict[str, Any],
) -> dict[str, Any]:
    """What the record says about the passkey (no private key, ever): the bench's checks of
    the credential it sent (``credential_checks``) and Cognito's verdict on it."""
    section: dict[str, Any] = {
        "Checks": checks,
        "KeyStorage": "keyring" if authenticator.keys.persistent else "memory",
        "KeyStorageNote": authenticator.keys.note,
    }
    if key is not None:
        section.update(
            CredentialId=key.credential_id,
            RelyingPartyId=key.relying_party_id,
            Origin=origin or f"https://{key.relying_party_id}",
        )
    if tamper is not Tamper.NONE:
        section["Tamper"] = str(tamper)
    return section


def _request_options(first: CallRecord) -> dict[str, Any]:
    """The CREDENTIAL_REQUEST_OPTIONS of the WEB_AUTHN challenge ``first`` returned.

    Raises:
        ValueError: they are not JSON.
    """
    challenge = challenge_of(first)
    text = challenge.parameters.get("CREDENTIAL_REQUEST_OPTIONS", "") if challenge else ""
    options = json.loads(text)
    return options if isinstance(options, dict) else {}


class PasskeyCalls(PoolClient):
    """Passkeys of the signed-in user, and passkey sign-in."""

    def register_passkey(
        self,
        access_token: str,
        authenticator: SoftwareAuthenticator,
        *,
        origin: str = "",
        rp_id: str = "",
        tamper: Tamper = Tamper.NONE,
    ) -> CallRecord:
        """StartWebAuthnRegistration, a credential from ``authenticator``, then
        CompleteWebAuthnRegistration; the key is kept once Cognito accepts the credential.

        Args:
            access_token: the signed-in user's access token.
            authenticator: makes the credential and keeps its private key.
            origin: the web origin the credential claims (default ``https://<rp id>``).
            rp_id: the relying party (default: the one Cognito names in its options).
            tamper: ORIGIN, RP_ID or REPLAY (the accepted credential sent a second time).
        """
        label = "Register passkey" + ("" if tamper is Tamper.NONE else f" (tamper: {tamper})")
        problem = first_problem(
            self._token_problem(),
            check_token(access_token, "access token"),
            _origin_problem(origin, rp_id),
        )
        start = self._idp.call(
            "StartWebAuthnRegistration", {"AccessToken": access_token}, label=label, problem=problem
        )
        if not start.ok:
            return start
        started = start.started_at
        options = start.response.get("CredentialCreationOptions") or {}
        try:
            credential, key = authenticator.make_credential(
                options, origin, rp_id=rp_id, tamper=tamper
            )
        except ValueError as exc:
            failed = error_record(
                "CompleteWebAuthnRegistration",
                INVALID_INPUT,
                f"cannot make a passkey for these options: {exc}",
                self.target,
                label=label,
            )
            return combined([start, failed], label, started)
        params = {"AccessToken": access_token, "Credential": credential}
        complete = self._idp.call("CompleteWebAuthnRegistration", params, label=label)
        steps = [start, complete]
        if complete.ok and tamper is not Tamper.ORIGIN and tamper is not Tamper.RP_ID:
            authenticator.keep(key)
        if complete.ok and tamper is Tamper.REPLAY:
            steps.append(
                self._idp.call(
                    "CompleteWebAuthnRegistration", params, label=f"{label}: replayed credential"
                )
            )
        claimed = origin if tamper is not Tamper.ORIGIN else "https://evil.example"
        checks = credential_checks(options, credential, origin=origin, rp_id=rp_id)
        checks["Cognito"] = _verdict(steps[-1])
        section = _passkey_section(key, claimed, authenticator, tamper, checks)
        return combined(steps, label, started, Passkey=section)

    def list_passkeys(self, access_token: str, max_results: int | None = None) -> CallRecord:
        """ListWebAuthnCredentials: the signed-in user's passkeys (one page)."""
        params: dict[str, Any] = {"AccessToken": access_token}
        if max_results is not None:
            params["MaxResults"] = max_results
        problem = first_problem(
            self._token_problem(),
            check_token(access_token, "access token"),
            "" if max_results is None or 0 <= max_results <= 20 else "max results must be 0 to 20",
        )
        return self._idp.call(
            "ListWebAuthnCredentials", params, label="List passkeys", problem=problem
        )

    def delete_passkey(
        self,
        access_token: str,
        credential_id: str,
        authenticator: SoftwareAuthenticator | None = None,
    ) -> CallRecord:
        """DeleteWebAuthnCredential; the authenticator forgets its key once Cognito did."""
        params = {"AccessToken": access_token, "CredentialId": credential_id}
        problem = first_problem(
            self._token_problem(),
            check_token(access_token, "access token"),
            check_required("credential id", credential_id),
            check_size("credential id", credential_id, 1024),
        )
        record = self._idp.call(
            "DeleteWebAuthnCredential", params, label="Delete passkey", problem=problem
        )
        if record.ok and authenticator is not None:
            authenticator.forget(credential_id)
        return record

    def sign_in_passkey(
        self,
        username: str,
        authenticator: SoftwareAuthenticator,
        *,
        origin: str = "",
        rp_id: str = "",
        tamper: Tamper = Tamper.NONE,
    ) -> CallRecord:
        """USER_AUTH with PREFERRED_CHALLENGE=WEB_AUTHN, answered with the passkey's assertion.

        InitiateAuth returns WEB_AUTHN with CREDENTIAL_REQUEST_OPTIONS; ``authenticator`` signs
        their challenge; RespondToAuthChallenge WEB_AUTHN sends it as CREDENTIAL. One record
        with both calls (REPLAY: a fresh sign-in answered with the first one's assertion).
        When Cognito offers no passkey (SELECT_CHALLENGE), that answer is the record.
        """
        label = "Sign in (passkey)" + ("" if tamper is Tamper.NONE else f" (tamper: {tamper})")
        problem = first_problem(
            self._client_problem(), check_username(username), _origin_problem(origin, rp_id)
        )
        auth = {"USERNAME": username, "PREFERRED_CHALLENGE": "WEB_AUTHN"}
        started = time.time()
        first = self._initiate("USER_AUTH", auth, username, label, problem)
        steps = [first]
        assertion, refused = self._assertion(first, authenticator, origin, rp_id, tamper, label)
        if not assertion:
            return refused if refused is not None else first
        answered = self._answer(first, username, assertion, label)
        steps.append(answered)
        if tamper is Tamper.REPLAY and answered.ok:
            again = self._initiate("USER_AUTH", dict(auth), username, f"{label}: again", "")
            steps.append(again)
            if again.ok:
                steps.append(self._answer(again, username, assertion, f"{label}: replayed"))
        sent = json.loads(assertion)
        blob = authenticator.keys.get(str(sent.get("id", "")))
        key = PasskeyKey.from_json(blob) if blob else None
        checks = credential_checks(
            _request_options(first),
            sent,
            origin=origin,
            rp_id=rp_id,
            private_key=key.private_key if key is not None else "",
        )
        checks["Cognito"] = _verdict(steps[-1])
        section = _passkey_section(key, origin, authenticator, tamper, checks)
        return combined(steps, label, started, Passkey=section)

    def _assertion(
        self,
        first: CallRecord,
        authenticator: SoftwareAuthenticator,
        origin: str,
        rp_id: str,
        tamper: Tamper,
        label: str,
    ) -> tuple[str, CallRecord | None]:
        """(CREDENTIAL, None) for the WEB_AUTHN challenge of ``first``; ("", record) when
        there is none to answer or the authenticator cannot (the record says why)."""
        challenge = challenge_of(first)
        if challenge is None or challenge.name != "WEB_AUTHN":
            return "", None
        try:
            options = _request_options(first)
            credential = authenticator.get_assertion(options, origin, rp_id=rp_id, tamper=tamper)
        except (ValueError, LookupError) as exc:
            failed = error_record(
                "RespondToAuthChallenge",
                INVALID_INPUT,
                f"cannot answer WEB_AUTHN: {exc}",
                self.target,
                label=label,
            )
            return "", combined([first, failed], label)
        return json.dumps(credential), None

    def _answer(self, first: CallRecord, username: str, assertion: str, label: str) -> CallRecord:
        """RespondToAuthChallenge WEB_AUTHN with ``assertion`` in the session ``first`` opened."""
        challenge = challenge_of(first)
        name = challenge.username if challenge is not None else username
        session = challenge.session if challenge is not None else ""
        responses = {"USERNAME": name, "CREDENTIAL": assertion}
        return self._respond("WEB_AUTHN", session, responses, name, f"{label}: WEB_AUTHN")
