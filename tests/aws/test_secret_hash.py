"""SECRET_HASH agrees with pycognito's independent implementation."""

from __future__ import annotations

import base64

from hypothesis import given
from hypothesis import strategies as st
from pycognito.aws_srp import AWSSRP

from cognito_bench.aws import secret_hash


@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40), st.text(min_size=1))
def test_secret_hash_matches_pycognito(username: str, client_id: str, secret: str) -> None:
    assert secret_hash(username, client_id, secret) == AWSSRP.get_secret_hash(
        username, client_id, secret
    )


def test_secret_hash_depends_on_the_username() -> None:
    a = secret_hash("alice", "client", "secret")
    assert a != secret_hash("bob", "client", "secret")
    assert len(base64.b64decode(a)) == 32
