"""A handler that raises, times out, is missing, lacks its function, does not compile or
changes: the errors Cognito gives, what is left after them, and the next call using the new file
(hot reload)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cognito_bench.emulator.triggers import TriggerConfig
from tests.emulator.conftest import (
    PASSWORD,
    User,
    error_of,
    get_json,
    make_user,
    outbox_code,
    unique,
)
from tests.emulator.triggers.conftest import Wired

#: A handler per language that answers with the word it was written with.
SOURCES = {
    "py": "def handler(event, context):\n    raise Exception({word!r})\n",
    "mjs": "export const handler = async () => {{ throw new Error({word!r}); }};\n",
}


def _sign_up(wired: Wired, **extra: object) -> tuple[str, str]:
    username = unique("fail")
    return error_of(
        lambda: wired.idp.sign_up(
            ClientId=wired.target.client_id, Username=username, Password=PASSWORD, **extra
        )
    )


@pytest.fixture
def short_limit(wired: Wired) -> Iterator[None]:
    """Cognito's 5 s limit cut to 1 s so the test is quick (the pool's timeout is the knob)."""
    pool = wired.emulator.state.triggers.pool
    saved, pool.timeout = pool.timeout, 1.0
    yield
    pool.timeout = saved


def _write(path: Path, lang: str, word: str) -> None:
    path.write_text(SOURCES[lang].format(word=word), encoding="utf-8")


def test_a_handler_that_times_out_is_killed(wired: Wired, short_limit: None) -> None:
    wired.use("PreSignUp")
    started = time.perf_counter()
    assert _sign_up(wired, ClientMetadata={"mode": "timeout"}) == (
        "UnexpectedLambdaException",
        "PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.",
    )
    assert time.perf_counter() - started < 5
    # the next call gets a fresh worker and works
    assert _sign_up(wired, ClientMetadata={"mode": "raise"})[0] == "UserLambdaValidationException"


def test_a_missing_file_and_a_missing_function(wired: Wired, tmp_path: Path) -> None:
    handler = tmp_path / f"gone.{wired.lang}"
    _write(handler, wired.lang, "x")
    wired.emulator.set_triggers(TriggerConfig.parse([f"PreSignUp={handler}"]))
    handler.unlink()
    assert _sign_up(wired) == (
        "UnexpectedLambdaException",
        "PreSignUp invocation failed due to error ResourceNotFoundException.",
    )
    _write(handler, wired.lang, "x")
    wired.emulator.set_triggers(TriggerConfig.parse([f"PreSignUp={handler}:nothere"]))
    code, message = _sign_up(wired)
    assert code == "UserLambdaValidationException"
    assert message.startswith("PreSignUp failed with error ")
    assert "nothere" in message


def test_a_handler_that_does_not_compile(wired: Wired, tmp_path: Path) -> None:
    handler = tmp_path / f"broken.{wired.lang}"
    handler.write_text("this is not code (\n", encoding="utf-8")
    wired.emulator.set_triggers(TriggerConfig.parse([f"PreSignUp={handler}"]))
    code, message = _sign_up(wired)
    assert code == "UserLambdaValidationException"
    assert "yntax" in message  # Python's "Syntax error", node's "SyntaxError"


def test_a_changed_handler_is_used_by_the_next_call(wired: Wired, tmp_path: Path) -> None:
    handler = tmp_path / f"reload.{wired.lang}"
    _write(handler, wired.lang, "first")
    wired.emulator.set_triggers(TriggerConfig.parse([f"PreSignUp={handler}"]))
    assert _sign_up(wired)[1] == "PreSignUp failed with error first."
    _write(handler, wired.lang, "second")
    stat = handler.stat()  # a later modification time even on a coarse clock
    os.utime(handler, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert _sign_up(wired)[1] == "PreSignUp failed with error second."


# a handler that raises, for each kind not covered beside its flow --------------------------------


@dataclass(frozen=True)
class Refusal:
    """One trigger kind refusing: what is wired, the call that runs it, what must be left."""

    kind: str
    source: str
    wire: tuple[str, ...]
    call: Callable[[Wired, User], Any]
    #: the triggerSources that ran for the refused call, in order
    ran: tuple[str, ...]
    left: Callable[[Wired, User], None] = lambda wired, user: None


def _refuse(kind: str) -> dict[str, str]:
    return {"mode": f"raise:{kind}"}


def _confirm(wired: Wired, user: User) -> Any:
    return wired.idp.confirm_sign_up(
        ClientId=wired.target.client_id,
        Username=user.username,
        ConfirmationCode=outbox_code(wired.target, user.username, "SIGN_UP"),
        ClientMetadata=_refuse("PostConfirmation"),
    )


def _stays_confirmed(wired: Wired, user: User) -> None:
    # Cognito confirms before it runs PostConfirmation: the refusal does not undo it
    got = wired.idp.admin_get_user(UserPoolId=wired.target.user_pool_id, Username=user.username)
    assert got["UserStatus"] == "CONFIRMED"


def _password(wired: Wired, user: User) -> Any:
    return wired.idp.initiate_auth(
        ClientId=wired.target.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user.username, "PASSWORD": user.password},
        ClientMetadata=_refuse("PostAuthentication"),
    )


def _new_sign_up(wired: Wired, user: User) -> Any:
    return wired.idp.sign_up(
        ClientId=wired.target.client_id,
        Username=f"{user.username}-again",
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": f"again-{user.email}"}],
        ClientMetadata=_refuse("CustomMessage"),
    )


def _no_second_user(wired: Wired, user: User) -> None:
    # the sign-up is undone: no user, no message
    assert (
        error_of(
            lambda: wired.idp.admin_get_user(
                UserPoolId=wired.target.user_pool_id, Username=f"{user.username}-again"
            )
        )[0]
        == "UserNotFoundException"
    )
    assert get_json(f"{wired.target.outbox_url}?username={user.username}-again") == []


def _custom(kind: str) -> Callable[[Wired, User], Any]:
    def start(wired: Wired, user: User) -> Any:
        return wired.idp.initiate_auth(
            ClientId=wired.target.client_id,
            AuthFlow="CUSTOM_AUTH",
            AuthParameters={"USERNAME": user.username},
            ClientMetadata=_refuse(kind),
        )

    return start


def _answer(wired: Wired, user: User) -> Any:
    asked = wired.idp.initiate_auth(
        ClientId=wired.target.client_id,
        AuthFlow="CUSTOM_AUTH",
        AuthParameters={"USERNAME": user.username},
    )
    return wired.idp.respond_to_auth_challenge(
        ClientId=wired.target.client_id,
        ChallengeName="CUSTOM_CHALLENGE",
        Session=asked["Session"],
        ChallengeResponses={"USERNAME": user.username, "ANSWER": "4"},
        ClientMetadata=_refuse("VerifyAuthChallengeResponse"),
    )


_CUSTOM = ("DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse")
REFUSALS = [
    Refusal(
        "PostConfirmation",
        "PostConfirmation_ConfirmSignUp",
        ("PostConfirmation",),
        _confirm,
        ("PostConfirmation_ConfirmSignUp",),
        _stays_confirmed,
    ),
    # tokens are withheld: PreTokenGeneration, after PostAuthentication, never runs
    Refusal(
        "PostAuthentication",
        "PostAuthentication_Authentication",
        ("PostAuthentication", "PreTokenGeneration"),
        _password,
        ("PostAuthentication_Authentication",),
    ),
    Refusal(
        "CustomMessage",
        "CustomMessage_SignUp",
        ("CustomMessage",),
        _new_sign_up,
        ("CustomMessage_SignUp",),
        _no_second_user,
    ),
    Refusal(
        "DefineAuthChallenge",
        "DefineAuthChallenge_Authentication",
        _CUSTOM,
        _custom("DefineAuthChallenge"),
        ("DefineAuthChallenge_Authentication",),
    ),
    Refusal(
        "CreateAuthChallenge",
        "CreateAuthChallenge_Authentication",
        _CUSTOM,
        _custom("CreateAuthChallenge"),
        ("DefineAuthChallenge_Authentication", "CreateAuthChallenge_Authentication"),
    ),
    # the answer is not judged, so DefineAuthChallenge is not asked what follows
    Refusal(
        "VerifyAuthChallengeResponse",
        "VerifyAuthChallengeResponse_Authentication",
        _CUSTOM,
        _answer,
        ("VerifyAuthChallengeResponse_Authentication",),
    ),
]


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda r: r.kind)
def test_a_raising_handler_of_each_kind_refuses_the_call(wired: Wired, refusal: Refusal) -> None:
    user = make_user(wired.target, wired.idp, confirm=refusal.kind != "PostConfirmation")
    wired.use(*refusal.wire)
    with pytest.raises(ClientError) as info:
        refusal.call(wired, user)
    error = info.value.response["Error"]
    assert (error["Code"], error["Message"]) == (
        "UserLambdaValidationException",
        f"{refusal.kind} failed with error {refusal.source} refused by the test.",
    )
    ran = wired.invocations(info.value.response)
    assert tuple(i["triggerSource"] for i in ran) == refusal.ran
    assert ran[-1]["error"] == {"type": error["Code"], "message": error["Message"]}
    refusal.left(wired, user)
