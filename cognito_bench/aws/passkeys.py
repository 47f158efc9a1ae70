"""A passkey authenticator in software, so the bench can register and use passkeys headless.

A browser and a platform authenticator (Touch ID, Windows Hello, a security key) are what a
real passkey needs; a test bench has neither. :class:`SoftwareAuthenticator` plays both: it
answers Cognito's CredentialCreationOptions with an attestation ``none`` credential holding a
fresh ES256 key, and CREDENTIAL_REQUEST_OPTIONS with an assertion signed by that key, built
with the ``fido2`` library (CBOR, COSE keys, authenticator data, client data). The client
data's origin and the RP id hash come from the caller (default: the relying party Cognito
names in its options, at ``https://<rp id>``).

Each private key lives in a :class:`KeyStore`: the OS keyring where there is one (see
``cognito_bench.store.passkeys``), else :class:`MemoryKeys` for this run only, and a store
says which in :attr:`KeyStore.note` so records can tell the user. Keys never go into a record,
a log or a file of the bench's own.

:class:`Tamper` makes deliberately wrong credentials (another origin, another RP id, a
replayed challenge) for the tamper lab: each gives a record with Cognito's refusal.
"""

from __future__ import annotations

import enum
import json
import secrets
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

__all__ = [
    "KeyStore",
    "MemoryKeys",
    "PasskeyKey",
    "SoftwareAuthenticator",
    "Tamper",
    "credential_checks",
    "default_origin",
]

#: The origin and RP id a tampered credential claims.
WRONG_ORIGIN = "https://evil.example"
WRONG_RP_ID = "evil.example"
#: An authenticator of no particular make (attestation "none" carries no AAGUID either).
_AAGUID = bytes(16)


class Tamper(enum.StrEnum):
    """What the tamper lab changes in a credential before it is sent."""

    NONE = "none"
    ORIGIN = "origin"  # client data from another origin
    RP_ID = "rp_id"  # authenticator data for another relying party
    REPLAY = "replay"  # a credential made for an earlier challenge, sent again


@dataclass
class PasskeyKey:
    """One passkey as the authenticator keeps it (the private key never leaves the store).

    ``private_key`` is PKCS#8 PEM; ``repr`` leaves it out.
    """

    credential_id: str
    relying_party_id: str
    user_handle: str
    username: str
    private_key: str = field(repr=False)
    sign_count: int = 0

    def to_json(self) -> str:
        """The key as the store keeps it (a secret: the private key is in it)."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> PasskeyKey | None:
        """A key read back from a store, or None when the text is not one."""
        try:
            data = json.loads(text)
            return cls(**{k: data[k] for k in cls.__dataclass_fields__})
        except (ValueError, TypeError, KeyError):
            return None


class KeyStore(Protocol):
    """Where passkeys' private keys are kept, keyed by credential id (base64url text)."""

    @property
    def persistent(self) -> bool:
        """True when keys outlive this run (a keyring); False for memory."""
        ...

    @property
    def note(self) -> str:
        """One plain line: where the keys are kept (and, in memory, that they end with the run)."""
        ...

    def put(self, credential_id: str, blob: str) -> bool:
        """Keep ``blob`` (a secret); False when it could not be kept."""
        ...

    def get(self, credential_id: str) -> str | None:
        """The kept blob, or None."""
        ...

    def ids(self) -> list[str]:
        """Every credential id kept."""
        ...

    def remove(self, credential_id: str) -> None:
        """Forget one (no error when it is not there)."""
        ...


class MemoryKeys:
    """Keys in memory for this run only (no keyring: a headless box, or tests)."""

    persistent = False

    def __init__(self, reason: str = "") -> None:
        self._keys: dict[str, str] = {}
        self._lock = threading.Lock()
        self._reason = reason

    @property
    def note(self) -> str:
        """Says the passkeys last only until the bench closes, and why."""
        why = f"{self._reason}: " if self._reason else ""
        return (
            f"{why}passkeys are kept in memory for this session only; they are gone when "
            "Cognito Bench closes (the pool still lists them: delete them there)."
        )

    def put(self, credential_id: str, blob: str) -> bool:
        """Keep a key for this run."""
        with self._lock:
            self._keys[credential_id] = blob
        return True

    def get(self, credential_id: str) -> str | None:
        """A key of this run, or None."""
        with self._lock:
            return self._keys.get(credential_id)

    def ids(self) -> list[str]:
        """The credential ids of this run's keys."""
        with self._lock:
            return list(self._keys)

    def remove(self, credential_id: str) -> None:
        """Forget a key."""
        with self._lock:
            self._keys.pop(credential_id, None)


def default_origin(rp_id: str) -> str:
    """The origin a web app on the relying party ``rp_id`` has: ``https://<rp id>``."""
    return f"https://{rp_id}"


class SoftwareAuthenticator:
    """A platform authenticator in software: ES256 keys, attestation none, user verified.

    Thread-safe: a sign count goes up once per assertion even with calls on several threads.

    Args:
        keys: where private keys are kept (default: memory, for this run).
    """

    def __init__(self, keys: KeyStore | None = None) -> None:
        self.keys: KeyStore = keys if keys is not None else MemoryKeys()
        self._lock = threading.Lock()

    # registration -------------------------------------------------------------------------

    def make_credential(
        self,
        options: Mapping[str, Any],
        origin: str = "",
        *,
        rp_id: str = "",
        tamper: Tamper = Tamper.NONE,
    ) -> tuple[dict[str, Any], PasskeyKey]:
        """A RegistrationResponseJSON for CredentialCreationOptions, and the new key.

        Args:
            options: the options StartWebAuthnRegistration returned.
            origin: the web origin the credential claims (default ``https://<rp id>``).
            rp_id: the relying party (default: the options' ``rp.id``).
            tamper: ORIGIN or RP_ID make a credential Cognito must refuse.

        Raises:
            ValueError: the options lack a challenge, a relying party or a user.
        """
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from fido2.cose import ES256
        from fido2.utils import int2bytes, sha256, websafe_decode, websafe_encode
        from fido2.webauthn import (
            AttestationObject,
            AttestedCredentialData,
            AuthenticatorAttestationResponse,
            AuthenticatorData,
            CollectedClientData,
            RegistrationResponse,
        )

        challenge = _required(options, "challenge")
        rp = _mapping(options, "rp")
        user = _mapping(options, "user")
        relying_party = rp_id or str(rp.get("id") or "")
        if not relying_party or not user.get("id"):
            raise ValueError("the creation options name no relying party or user")
        relying_party, origin = _tampered(relying_party, origin, tamper)
        private = ec.generate_private_key(ec.SECP256R1())
        credential_id = secrets.token_bytes(32)
        numbers = private.public_key().public_numbers()
        cose = ES256(
            {
                1: 2,
                3: ES256.ALGORITHM,
                -1: 1,
                -2: int2bytes(numbers.x, 32),
                -3: int2bytes(numbers.y, 32),
            }
        )
        data = AttestedCredentialData.create(_AAGUID, credential_id, cose)
        flags = AuthenticatorData.FLAG
        auth_data = AuthenticatorData.create(
            sha256(relying_party.encode()), flags.UP | flags.UV | flags.AT, 0, data
        )
        client_data = CollectedClientData.create(
            type=CollectedClientData.TYPE.CREATE, challenge=challenge, origin=origin
        )
        response = RegistrationResponse(
            raw_id=credential_id,
            response=AuthenticatorAttestationResponse(
                client_data=client_data,
                attestation_object=AttestationObject.create("none", auth_data, {}),
            ),
            authenticator_attachment="platform",  # type: ignore[arg-type]
        )
        credential = _json_ready(response)
        credential["response"]["transports"] = ["internal"]
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii")
        key = PasskeyKey(
            credential_id=websafe_encode(credential_id),
            relying_party_id=relying_party,
            user_handle=websafe_encode(websafe_decode(str(user["id"]))),
            username=str(user.get("name") or ""),
            private_key=pem,
        )
        return credential, key

    def keep(self, key: PasskeyKey) -> bool:
        """Keep ``key`` in the store (after Cognito accepted its credential)."""
        return self.keys.put(key.credential_id, key.to_json())

    def forget(self, credential_id: str) -> None:
        """Forget a passkey's private key (after DeleteWebAuthnCredential)."""
        self.keys.remove(credential_id)

    def known(self, credential_ids: list[str]) -> list[str]:
        """The ids among ``credential_ids`` this authenticator holds a key for."""
        held = set(self.keys.ids())
        return [c for c in credential_ids if c in held]

    # assertions ---------------------------------------------------------------------------

    def get_assertion(
        self,
        options: Mapping[str, Any],
        origin: str = "",
        *,
        rp_id: str = "",
        tamper: Tamper = Tamper.NONE,
    ) -> dict[str, Any]:
        """An AuthenticationResponseJSON for CREDENTIAL_REQUEST_OPTIONS.

        Uses the first allowed credential this authenticator holds a key for (or, with no
        allow list, the newest key for the relying party), and counts its signature.

        Raises:
            LookupError: no key of this authenticator matches the options.
            ValueError: the options lack a challenge.
        """
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from fido2.utils import sha256, websafe_decode
        from fido2.webauthn import (
            AuthenticationResponse,
            AuthenticatorAssertionResponse,
            AuthenticatorData,
            CollectedClientData,
        )

        challenge = _required(options, "challenge")
        relying_party = rp_id or str(options.get("rpId") or "")
        with self._lock:
            key = self._key_for(options, relying_party)
            key.sign_count += 1
            self.keys.put(key.credential_id, key.to_json())
        relying_party, origin = _tampered(relying_party or key.relying_party_id, origin, tamper)
        flags = AuthenticatorData.FLAG
        auth_data = AuthenticatorData.create(
            sha256(relying_party.encode()), flags.UP | flags.UV, key.sign_count
        )
        client_data = CollectedClientData.create(
            type=CollectedClientData.TYPE.GET, challenge=challenge, origin=origin
        )
        private = serialization.load_pem_private_key(key.private_key.encode(), None)
        assert isinstance(private, ec.EllipticCurvePrivateKey)  # made by make_credential
        signature = private.sign(bytes(auth_data) + client_data.hash, ec.ECDSA(hashes.SHA256()))
        response = AuthenticationResponse(
            raw_id=websafe_decode(key.credential_id),
            response=AuthenticatorAssertionResponse(
                client_data=client_data,
                authenticator_data=auth_data,
                signature=signature,
                user_handle=websafe_decode(key.user_handle),
            ),
            authenticator_attachment="platform",  # type: ignore[arg-type]
        )
        return _json_ready(response)

    def _key_for(self, options: Mapping[str, Any], rp_id: str) -> PasskeyKey:
        allowed = options.get("allowCredentials") or []
        wanted = [str(c.get("id")) for c in allowed if isinstance(c, Mapping) and c.get("id")]
        for credential_id in wanted or list(reversed(self.keys.ids())):
            blob = self.keys.get(credential_id)
            key = PasskeyKey.from_json(blob) if blob else None
            if key is not None and (not rp_id or key.relying_party_id == rp_id):
                return key
        raise LookupError(
            "this bench holds no passkey for that user and relying party (register one first)"
        )


def credential_checks(
    options: Mapping[str, Any],
    credential: Mapping[str, Any],
    *,
    origin: str = "",
    rp_id: str = "",
    private_key: str = "",
) -> dict[str, Any]:
    """The bench's own verification of a credential it made, against the options it answers.

    What the relying party (Cognito) checks, checked here first from the credential's bytes:
    ``Challenge`` (the client data's challenge is the options'), ``Origin`` (the client data's
    origin is ``origin``, default ``https://<rp id>``), ``RpIdHash`` (the authenticator data's
    is sha256 of the options' relying party id), ``UserPresent`` and ``UserVerified`` (its
    flags), ``SignCount`` (its counter); for an assertion ``Signature`` (verified with the
    public key of ``private_key``, the credential's), for a registration ``Attestation`` (its
    format: ``none`` carries no signature). A credential that cannot be read gives
    ``{"Readable": False, "Problem": ...}``. The tamper lab's credentials fail the check
    they tamper with.
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import serialization
    from fido2.cose import ES256
    from fido2.utils import sha256, websafe_decode
    from fido2.webauthn import AttestationObject, AuthenticatorData, CollectedClientData

    try:
        response = _mapping(credential, "response")
        client_data = CollectedClientData(websafe_decode(str(response["clientDataJSON"])))
        attestation = None
        if "authenticatorData" in response:
            auth_data = AuthenticatorData(websafe_decode(str(response["authenticatorData"])))
        else:
            attestation = AttestationObject(websafe_decode(str(response["attestationObject"])))
            auth_data = attestation.auth_data
        relying_party = str(options.get("rpId") or _mapping(options, "rp").get("id") or rp_id)
        checks: dict[str, Any] = {
            "Challenge": client_data.challenge == websafe_decode(_required(options, "challenge")),
            "Origin": client_data.origin == (origin or default_origin(rp_id or relying_party)),
            "RpIdHash": auth_data.rp_id_hash == sha256(relying_party.encode()),
            "UserPresent": auth_data.is_user_present(),
            "UserVerified": auth_data.is_user_verified(),
            "SignCount": auth_data.counter,
        }
        if attestation is not None:
            checks["Attestation"] = attestation.fmt
        elif private_key:
            private = serialization.load_pem_private_key(private_key.encode(), None)
            # fido2 2.2 leaves from_cryptography_key unannotated
            public = ES256.from_cryptography_key(private.public_key())  # type: ignore[no-untyped-call]
            try:
                signed = bytes(auth_data) + client_data.hash
                public.verify(signed, websafe_decode(str(response["signature"])))
                checks["Signature"] = True
            except InvalidSignature:
                checks["Signature"] = False
    except (KeyError, TypeError, ValueError) as exc:
        return {"Readable": False, "Problem": f"{type(exc).__name__}: {exc}"}
    return checks


def _mapping(options: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = options.get(name)
    return value if isinstance(value, Mapping) else {}


def _required(options: Mapping[str, Any], name: str) -> str:
    value = options.get(name)
    if not isinstance(value, str) or not value:
        raise ValueError(f"the options have no {name}")
    return value


def _tampered(rp_id: str, origin: str, tamper: Tamper) -> tuple[str, str]:
    """(RP id, origin) the credential claims: the real ones unless tampered with."""
    origin = origin or default_origin(rp_id)
    if tamper is Tamper.ORIGIN:
        return rp_id, WRONG_ORIGIN
    if tamper is Tamper.RP_ID:
        return WRONG_RP_ID, origin
    return rp_id, origin


def _json_ready(response: Mapping[str, Any]) -> dict[str, Any]:
    """A fido2 response object as the JSON WebAuthn's ``toJSON()`` gives (base64url strings)."""
    data: dict[str, Any] = json.loads(json.dumps(dict(response), default=_plain))
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, bytes):
        from fido2.utils import websafe_encode

        return websafe_encode(value)
    return str(value)
