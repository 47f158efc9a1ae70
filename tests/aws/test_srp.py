"""FastSRP: the same numbers as pycognito, faster, and the right SECRET_HASH."""

from __future__ import annotations

import base64
import datetime as dt
import os
import re

from pycognito.aws_srp import AWSSRP

from cognito_bench.aws import secret_hash
from cognito_bench.aws.srp import FastSRP, cognito_timestamp

POOL = "us-east-1_AbCdEf123"
CLIENT = "1example23456789"
SECRET = "client-secret-value"


def _pair() -> tuple[FastSRP, AWSSRP]:
    fast = FastSRP("alice", "Pa55word!", POOL, CLIENT, SECRET)
    slow = AWSSRP("alice", "Pa55word!", POOL, CLIENT, client=object(), client_secret=SECRET)
    slow.small_a_value = fast.small_a_value
    slow.large_a_value = slow.calculate_a()
    return fast, slow


def test_fast_srp_matches_pycognito() -> None:
    fast, slow = _pair()
    assert fast.large_a_value == slow.large_a_value
    server_b = int.from_bytes(os.urandom(384), "big") % fast.big_n
    salt = os.urandom(16).hex()
    assert fast.get_password_authentication_key(
        "uuid-1", "Pa55word!", server_b, salt
    ) == slow.get_password_authentication_key("uuid-1", "Pa55word!", server_b, salt)


def test_password_verifier_hashes_user_id_for_srp() -> None:
    fast, _ = _pair()
    challenge = {
        "USER_ID_FOR_SRP": "7f1c2d3e-aaaa-bbbb-cccc-0123456789ab",
        "USERNAME": "alice",
        "SALT": os.urandom(16).hex(),
        "SRP_B": f"{int.from_bytes(os.urandom(384), 'big') % fast.big_n:x}",
        "SECRET_BLOCK": base64.b64encode(os.urandom(64)).decode(),
    }
    answer = fast.process_challenge(challenge, fast.auth_parameters())
    assert answer["USERNAME"] == "alice"
    assert answer["SECRET_HASH"] == secret_hash(challenge["USER_ID_FOR_SRP"], CLIENT, SECRET)
    assert answer["SECRET_HASH"] != secret_hash("alice", CLIENT, SECRET)
    assert answer["PASSWORD_CLAIM_SECRET_BLOCK"] == challenge["SECRET_BLOCK"]
    assert len(base64.b64decode(answer["PASSWORD_CLAIM_SIGNATURE"])) == 32


def test_auth_parameters_hash_the_typed_username() -> None:
    fast, _ = _pair()
    params = fast.auth_parameters()
    assert params["SECRET_HASH"] == secret_hash("alice", CLIENT, SECRET)
    assert int(params["SRP_A"], 16) == fast.large_a_value


def test_no_secret_no_hash() -> None:
    params = FastSRP("alice", "pw", POOL, CLIENT).auth_parameters()
    assert "SECRET_HASH" not in params


def test_timestamp_has_an_unpadded_day() -> None:
    stamp = cognito_timestamp(dt.datetime(2026, 3, 5, 7, 8, 9, tzinfo=dt.UTC))
    assert stamp == "Thu Mar 5 07:08:09 UTC 2026"
    assert re.fullmatch(r"\w{3} \w{3} \d{1,2} \d\d:\d\d:\d\d UTC \d{4}", cognito_timestamp())
