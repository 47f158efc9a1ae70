"""SRP for USER_SRP_AUTH: pycognito's AWSSRP with GIL-releasing big-number math.

pycognito does three 3072-bit modular exponentiations with Python's ``pow``, which holds the
GIL for about 20 ms: a GUI thread stalls while a sign-in runs in a worker. ``gmpy2.powmod``
computes the same numbers several times faster, so the main thread keeps getting its turns
(see ``benchmarks/bench_aws.py``). The PASSWORD_VERIFIER answer is built here too, so its
SECRET_HASH uses ``USER_ID_FOR_SRP`` (pycognito hashes the challenge's USERNAME). A remembered
device's SRP (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER) uses pycognito's device helpers: the
verifier ConfirmDevice registers, and the key the device password derives.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
import threading
from typing import Any

import gmpy2
from pycognito.aws_srp import (
    AWSSRP,
    calculate_u,
    compute_hkdf,
    generate_hash_device,
    hex_hash,
    hex_to_long,
    pad_hex,
)

from cognito_bench.aws.secret_hash import secret_hash

__all__ = ["FastSRP", "cognito_timestamp", "device_verifier"]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def cognito_timestamp(now: _dt.datetime | None = None) -> str:
    """The TIMESTAMP Cognito wants: ``Tue Nov 3 09:05:01 UTC 2026`` (day not zero-padded)."""
    t = now or _dt.datetime.now(_dt.UTC)
    return (
        f"{_WEEKDAYS[t.weekday()]} {_MONTHS[t.month - 1]} {t.day:d} "
        f"{t.hour:02d}:{t.minute:02d}:{t.second:02d} UTC {t.year:d}"
    )


# gmpy2 keeps the GIL too, for ~2 ms instead of ~20. Ten sign-ins started together would
# still all compete for the GIL with their big numbers at once, and the GUI thread would lose
# that lottery several times in a row. Doing one sign-in's math at a time keeps the other
# threads parked on this lock (which releases the GIL), so the GUI thread only ever waits
# behind one exponentiation.
_MATH_LOCK = threading.Lock()


def _powmod(base: int, exponent: int, modulus: int) -> int:
    return int(gmpy2.powmod(base, exponent, modulus))


class FastSRP(AWSSRP):  # type: ignore[misc]
    """pycognito's ``AWSSRP`` with ``gmpy2.powmod`` and a USER_ID_FOR_SRP SECRET_HASH.

    Only the math and the challenge answer are used; the calls themselves are made by
    :class:`cognito_bench.aws.userpool.UserPoolCalls` so each one becomes a record.
    """

    def __init__(
        self,
        username: str,
        password: str,
        pool_id: str,
        client_id: str,
        client_secret: str = "",
        device: tuple[str, str, str] | None = None,
    ) -> None:
        """``device``: (device key, device group key, device password) of a remembered device."""
        key, group, device_password = device or (None, None, None)
        # A placeholder object stops AWSSRP from building a boto3 client of its own.
        with _MATH_LOCK:  # computes A = g^a
            super().__init__(
                username=username,
                password=password,
                pool_id=pool_id,
                client_id=client_id,
                client=object(),
                client_secret=client_secret or None,
                device_key=key,
                device_group_key=group,
                device_password=device_password,
            )

    def calculate_a(self) -> int:
        """A = g^a mod N."""
        big_a = _powmod(self.val_g, self.small_a_value, self.big_n)
        if big_a % self.big_n == 0:
            raise ValueError("Safety check for A failed")
        return big_a

    def get_password_authentication_key(
        self, username: str, password: str, server_b_value: int, salt: str
    ) -> bytes:
        """The HKDF of S = (B - k·g^x)^(a + u·x) mod N, as pycognito computes it."""
        return self._hkdf(self.pool_id.split("_")[1], username, password, server_b_value, salt)

    def get_device_authentication_key(
        self, device_group_key: str, device_key: str, device_password: str, server_b: int, salt: str
    ) -> bytes:
        """The device's HKDF: the same SRP with the group key for the pool and the device key
        for the user."""
        return self._hkdf(device_group_key, device_key, device_password, server_b, salt)

    def _hkdf(self, pool_name: str, user: str, password: str, server_b: int, salt: str) -> bytes:
        """pycognito's key derivation with ``gmpy2.powmod`` for the two big exponentiations."""
        u_value = calculate_u(self.large_a_value, server_b)
        if u_value == 0:
            raise ValueError("U cannot be zero.")
        user_hash = hashlib.sha256(f"{pool_name}{user}:{password}".encode()).hexdigest()
        x_value = hex_to_long(hex_hash(pad_hex(salt) + user_hash.rjust(64, "0")))
        g_mod_pow_xn = _powmod(self.val_g, x_value, self.big_n)
        base = (server_b - self.val_k * g_mod_pow_xn) % self.big_n
        s_value = _powmod(base, self.small_a_value + u_value * x_value, self.big_n)
        key: bytes = compute_hkdf(
            bytearray.fromhex(pad_hex(s_value)),
            bytearray.fromhex(pad_hex(f"{u_value:x}")),
        )
        return key

    def auth_parameters(self) -> dict[str, str]:
        """The AuthParameters of InitiateAuth USER_SRP_AUTH (DEVICE_KEY for a known device)."""
        params: dict[str, str] = {"USERNAME": self.username, "SRP_A": f"{self.large_a_value:x}"}
        if self.client_secret:
            params["SECRET_HASH"] = secret_hash(self.username, self.client_id, self.client_secret)
        if self.device_key:
            params["DEVICE_KEY"] = self.device_key
        return params

    def device_srp_responses(self, username: str) -> dict[str, str]:
        """DEVICE_SRP_AUTH's ChallengeResponses: the device key and a fresh SRP_A."""
        responses = {
            "USERNAME": username,
            "DEVICE_KEY": str(self.device_key),
            "SRP_A": f"{self.large_a_value:x}",
        }
        if self.client_secret:
            responses["SECRET_HASH"] = secret_hash(username, self.client_id, self.client_secret)
        return responses

    def device_verifier_responses(self, challenge_parameters: dict[str, Any]) -> dict[str, str]:
        """DEVICE_PASSWORD_VERIFIER's ChallengeResponses: the device's SRP proof."""
        username = str(challenge_parameters["USERNAME"])
        secret_block = str(challenge_parameters["SECRET_BLOCK"])
        with _MATH_LOCK:
            hkdf = self.get_device_authentication_key(
                str(self.device_group_key),
                str(self.device_key),
                str(self.device_password),
                hex_to_long(str(challenge_parameters["SRP_B"])),
                str(challenge_parameters["SALT"]),
            )
        responses = self._claim(
            hkdf, str(self.device_group_key), str(self.device_key), secret_block, username
        )
        responses["DEVICE_KEY"] = str(self.device_key)
        return responses

    def _claim(
        self, hkdf: bytes, pool_name: str, user_id: str, secret_block: str, username: str
    ) -> dict[str, str]:
        """The signed password claim: HMAC(key, pool name + user + SECRET_BLOCK + TIMESTAMP).

        A device signs with its group key as ``pool_name`` and its device key as ``user_id``.
        """
        timestamp = cognito_timestamp()
        message = (
            pool_name.encode()
            + user_id.encode()
            + base64.standard_b64decode(secret_block)
            + timestamp.encode()
        )
        signature = base64.standard_b64encode(hmac.new(hkdf, message, hashlib.sha256).digest())
        response = {
            "TIMESTAMP": timestamp,
            "USERNAME": username,
            "PASSWORD_CLAIM_SECRET_BLOCK": secret_block,
            "PASSWORD_CLAIM_SIGNATURE": signature.decode("ascii"),
        }
        if self.client_secret:
            response["SECRET_HASH"] = secret_hash(username, self.client_id, self.client_secret)
        return response

    def process_challenge(
        self, challenge_parameters: dict[str, Any], request_parameters: dict[str, Any]
    ) -> dict[str, str]:
        """The PASSWORD_VERIFIER ChallengeResponses for Cognito's SRP_B, SALT and SECRET_BLOCK.

        ``USERNAME`` is the challenge's USERNAME; ``SECRET_HASH`` is computed over
        ``USER_ID_FOR_SRP``, which is what Cognito checks at this step (they differ when users
        sign in with an e-mail alias or in pools whose usernames are UUIDs).
        """
        user_id_for_srp = str(challenge_parameters["USER_ID_FOR_SRP"])
        username = str(challenge_parameters.get("USERNAME", request_parameters["USERNAME"]))
        secret_block = str(challenge_parameters["SECRET_BLOCK"])
        with _MATH_LOCK:
            hkdf = self.get_password_authentication_key(
                user_id_for_srp,
                self.password,
                hex_to_long(str(challenge_parameters["SRP_B"])),
                str(challenge_parameters["SALT"]),
            )
        pool_name = self.pool_id.split("_")[1]
        response = self._claim(hkdf, pool_name, user_id_for_srp, secret_block, username)
        if self.client_secret:  # over USER_ID_FOR_SRP, not the challenge's USERNAME
            response["SECRET_HASH"] = secret_hash(
                user_id_for_srp, self.client_id, self.client_secret
            )
        if self.device_key:
            response["DEVICE_KEY"] = self.device_key
        return response


def device_verifier(device_group_key: str, device_key: str) -> tuple[str, dict[str, str]]:
    """(device password, DeviceSecretVerifierConfig) for ConfirmDevice: pycognito's
    ``generate_hash_device`` (a random 40-byte password, a salt, the SRP verifier)."""
    with _MATH_LOCK:  # one 3072-bit pow
        password, config = generate_hash_device(device_group_key, device_key)
    return str(password), {str(k): str(v) for k, v in config.items()}
