"""The server side of Cognito's SRP-6a (what pycognito and amazon-cognito-identity-js talk to).

Cognito keeps a verifier per user; the emulator has moto's stored password instead, so it
derives the verifier at sign-in time from that password and a salt kept per user. A
remembered device's SRP (DEVICE_SRP_AUTH) uses the verifier the device registered, with its
device group key in the pool name's place and its device key in the user's. The byte
layout follows the clients (pycognito ``aws_srp``, amazon-cognito-identity-js
``AuthenticationHelper``): hex strings padded to whole bytes with a sign-safe leading ``00``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import gmpy2

__all__ = [
    "G",
    "K",
    "N",
    "SrpChallenge",
    "pad_hex",
    "password_claim_ok",
    "start_challenge",
    "start_with_verifier",
]

_N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D"
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9"
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B"
    "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31"
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
#: The RFC 5054 3072-bit group Cognito uses.
N = int(_N_HEX, 16)
G = 2
_INFO = b"Caldera Derived Key\x01"


def pad_hex(value: int | str) -> str:
    """Hex of ``value`` padded as the Cognito clients pad it before hashing."""
    text = value if isinstance(value, str) else f"{value:x}"
    if len(text) % 2 == 1:
        return "0" + text
    if text[0] in "89abcdefABCDEF":
        return "00" + text
    return text


def _hex_hash(hex_text: str) -> int:
    return int(hashlib.sha256(bytes.fromhex(hex_text)).hexdigest(), 16)


#: k = H(N | g), with the clients' padding.
K = _hex_hash("00" + _N_HEX + "0" + f"{G:x}")


def _x(pool_name: str, user_id_for_srp: str, password: str, salt_hex: str) -> int:
    inner = hashlib.sha256(f"{pool_name}{user_id_for_srp}:{password}".encode()).hexdigest()
    return _hex_hash(pad_hex(salt_hex) + inner)


@dataclass(frozen=True)
class SrpChallenge:
    """What the server keeps between InitiateAuth (USER_SRP_AUTH) and PASSWORD_VERIFIER.

    Attributes:
        salt_hex: the user's salt, as sent in SALT.
        big_b: the server's public value B, as sent in SRP_B.
        secret_block: base64 of random bytes, as sent in SECRET_BLOCK.
        key: the 16-byte HKDF key both sides derive when the password is right.
    """

    salt_hex: str
    big_b: int
    secret_block: str
    key: bytes

    @property
    def srp_b_hex(self) -> str:
        """B as the hex string sent in SRP_B."""
        return f"{self.big_b:x}"


def _powmod(base: int, exponent: int, modulus: int) -> int:
    """``base ** exponent % modulus`` with the GIL released meanwhile.

    A 3072-bit exponentiation is 2 to 8 ms of one C call; gmpy2 holds the GIL through it
    unless the thread's context allows otherwise. Under load, the server's threads did this
    a few hundred times a second, and a window serving the local Cognito waited 20 to 45 ms
    for its own thread's turn (bench_gui: the load run row). The context is per thread, so
    each server thread allows it once.
    """
    context = gmpy2.get_context()
    if not context.allow_release_gil:
        context.allow_release_gil = True
    return int(gmpy2.powmod(base, exponent, modulus))


def start_challenge(
    pool_name: str, user_id_for_srp: str, password: str, salt_hex: str, srp_a_hex: str
) -> SrpChallenge:
    """Answer a client's SRP_A for a user's password: the verifier is derived from it.

    Raises:
        ValueError: SRP_A is not a hex number or A mod N is 0.
    """
    verifier = _powmod(G, _x(pool_name, user_id_for_srp, password, salt_hex), N)
    return start_with_verifier(verifier, salt_hex, srp_a_hex)


def start_with_verifier(verifier: int, salt_hex: str, srp_a_hex: str) -> SrpChallenge:
    """Answer a client's SRP_A: pick b, compute B, and derive the key the client must prove.

    ``verifier`` is g^x mod N: for a user, derived from the password; for a remembered device,
    the PasswordVerifier the device sent in ConfirmDevice (its password never leaves it).

    Raises:
        ValueError: SRP_A is not a hex number or A mod N is 0.
    """
    big_a = int(srp_a_hex, 16)
    if big_a % N == 0:
        raise ValueError("A mod N is 0")
    while True:
        small_b = secrets.randbits(256)
        big_b = (K * verifier + _powmod(G, small_b, N)) % N
        u = _hex_hash(pad_hex(big_a) + pad_hex(big_b))
        if big_b % N and u:
            break
    s = _powmod(big_a * _powmod(verifier, u, N), small_b, N)
    prk = hmac.new(bytes.fromhex(pad_hex(u)), bytes.fromhex(pad_hex(s)), hashlib.sha256).digest()
    key = hmac.new(prk, _INFO, hashlib.sha256).digest()[:16]
    block = base64.b64encode(secrets.token_bytes(64)).decode("ascii")
    return SrpChallenge(salt_hex=salt_hex, big_b=big_b, secret_block=block, key=key)


def password_claim_ok(
    challenge: SrpChallenge, pool_name: str, user_id_for_srp: str, timestamp: str, signature: str
) -> bool:
    """True when PASSWORD_CLAIM_SIGNATURE proves the client derived the same key."""
    message = (
        pool_name.encode()
        + user_id_for_srp.encode()
        + base64.b64decode(challenge.secret_block)
        + timestamp.encode()
    )
    expected = hmac.new(challenge.key, message, hashlib.sha256).digest()
    try:
        given = base64.b64decode(signature, validate=True)
    except ValueError:
        return False
    return hmac.compare_digest(expected, given)
