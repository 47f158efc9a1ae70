"""SRP for USER_SRP_AUTH: pycognito's AWSSRP with GIL-releasing big-number math.

pycognito does three 3072-bit modular exponentiations with Python's ``pow``, which holds the
GIL for about 20 ms: a GUI thread stalls while a sign-in runs in a worker. ``gmpy2.powmod``
computes the same numbers several times faster, so the main thread keeps getting its turns
(see ``benchmarks/bench_aws.py``). The PASSWORD_VERIFIER answer is built here too, so its
SECRET_HASH uses ``USER_ID_FOR_SRP`` (pycognito hashes the challenge's USERNAME).
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
import threading
from typing import Any

import gmpy2
from pycognito.aws_srp import AWSSRP, calculate_u, compute_hkdf, hex_hash, hex_to_long, pad_hex

from cognito_bench.aws.secret_hash import secret_hash

__all__ = ["FastSRP", "cognito_timestamp"]

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
    ) -> None:
        # A placeholder object stops AWSSRP from building a boto3 client of its own.
        with _MATH_LOCK:  # computes A = g^a
            super().__init__(
                username=username,
                password=password,
                pool_id=pool_id,
                client_id=client_id,
                client=object(),
                client_secret=client_secret or None,
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
        u_value = calculate_u(self.large_a_value, server_b_value)
        if u_value == 0:
            raise ValueError("U cannot be zero.")
        pool_name = self.pool_id.split("_")[1]
        user_hash = hashlib.sha256(f"{pool_name}{username}:{password}".encode()).hexdigest()
        x_value = hex_to_long(hex_hash(pad_hex(salt) + user_hash.rjust(64, "0")))
        g_mod_pow_xn = _powmod(self.val_g, x_value, self.big_n)
        base = (server_b_value - self.val_k * g_mod_pow_xn) % self.big_n
        s_value = _powmod(base, self.small_a_value + u_value * x_value, self.big_n)
        key: bytes = compute_hkdf(
            bytearray.fromhex(pad_hex(s_value)),
            bytearray.fromhex(pad_hex(f"{u_value:x}")),
        )
        return key

    def auth_parameters(self) -> dict[str, str]:
        """The AuthParameters of InitiateAuth USER_SRP_AUTH."""
        params: dict[str, str] = {"USERNAME": self.username, "SRP_A": f"{self.large_a_value:x}"}
        if self.client_secret:
            params["SECRET_HASH"] = secret_hash(self.username, self.client_id, self.client_secret)
        return params

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
        timestamp = cognito_timestamp()
        with _MATH_LOCK:
            hkdf = self.get_password_authentication_key(
                user_id_for_srp,
                self.password,
                hex_to_long(str(challenge_parameters["SRP_B"])),
                str(challenge_parameters["SALT"]),
            )
        message = (
            self.pool_id.split("_")[1].encode()
            + user_id_for_srp.encode()
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
            response["SECRET_HASH"] = secret_hash(
                user_id_for_srp, self.client_id, self.client_secret
            )
        return response
