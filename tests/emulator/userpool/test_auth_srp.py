"""Behaviour 1: SRP for real: the password is proven, a wrong one is refused."""

from __future__ import annotations

from typing import Any

from pycognito.aws_srp import AWSSRP

from cognito_bench.emulator import LocalTarget
from tests.emulator.conftest import User, error_of


def test_srp_signs_in_with_the_right_password(local: LocalTarget, idp: Any, user: User) -> None:
    srp = AWSSRP(user.username, user.password, local.user_pool_id, local.client_id, client=idp)
    tokens = srp.authenticate_user()["AuthenticationResult"]
    assert tokens["TokenType"] == "Bearer"
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == user.username


def test_srp_wrong_password_is_refused(local: LocalTarget, idp: Any, user: User) -> None:
    srp = AWSSRP(user.username, "Wrong-Passw0rd!", local.user_pool_id, local.client_id, client=idp)
    assert error_of(srp.authenticate_user) == (
        "NotAuthorizedException",
        "Incorrect username or password.",
    )


def test_srp_challenge_is_cognito_shaped(local: LocalTarget, idp: Any, user: User) -> None:
    srp = AWSSRP(user.username, user.password, local.user_pool_id, local.client_id, client=idp)
    challenge = idp.initiate_auth(
        ClientId=local.client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=srp.get_auth_params()
    )
    params = challenge["ChallengeParameters"]
    assert challenge["ChallengeName"] == "PASSWORD_VERIFIER"
    assert params["USER_ID_FOR_SRP"] == user.username
    # B is a 3072-bit group element, not moto's random uuid
    assert int(params["SRP_B"], 16) > 2**2000
    # the same salt every time for one user (Cognito keeps it with the verifier)
    again = idp.initiate_auth(
        ClientId=local.client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=srp.get_auth_params()
    )
    assert again["ChallengeParameters"]["SALT"] == params["SALT"]
    assert again["ChallengeParameters"]["SRP_B"] != params["SRP_B"]


def test_a_secret_block_cannot_be_replayed(local: LocalTarget, idp: Any, user: User) -> None:
    srp = AWSSRP(user.username, user.password, local.user_pool_id, local.client_id, client=idp)
    auth = srp.get_auth_params()
    challenge = idp.initiate_auth(
        ClientId=local.client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=auth
    )
    answer = srp.process_challenge(challenge["ChallengeParameters"], auth)
    idp.respond_to_auth_challenge(
        ClientId=local.client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
    )
    replay = error_of(
        lambda: idp.respond_to_auth_challenge(
            ClientId=local.client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
        )
    )
    assert replay == ("NotAuthorizedException", "Incorrect username or password.")


def test_unconfirmed_user_is_told_after_the_password(local: LocalTarget, idp: Any) -> None:
    from tests.emulator.conftest import make_user

    pending = make_user(local, idp, confirm=False)
    right = AWSSRP(
        pending.username, pending.password, local.user_pool_id, local.client_id, client=idp
    )
    assert error_of(right.authenticate_user) == (
        "UserNotConfirmedException",
        "User is not confirmed.",
    )
    wrong = AWSSRP(
        pending.username, "Wrong-Passw0rd!", local.user_pool_id, local.client_id, client=idp
    )
    assert error_of(wrong.authenticate_user)[0] == "NotAuthorizedException"


def test_srp_in_a_pool_that_signs_in_by_email(local: LocalTarget, idp: Any) -> None:
    from tests.emulator.conftest import PASSWORD, outbox_code, unique

    pool_id = idp.create_user_pool(
        PoolName=unique("by-email"),
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="web",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    email = f"{unique()}@example.com"
    sub = idp.sign_up(ClientId=client_id, Username=email, Password=PASSWORD)["UserSub"]
    # the outbox finds the code by the address: the username is a generated id
    idp.confirm_sign_up(
        ClientId=client_id, Username=email, ConfirmationCode=outbox_code(local, email)
    )
    srp = AWSSRP(email, PASSWORD, pool_id, client_id, client=idp)
    tokens = srp.authenticate_user()["AuthenticationResult"]
    user = idp.get_user(AccessToken=tokens["AccessToken"])
    assert user["Username"] == sub
    wrong = AWSSRP(email, "Wrong-Passw0rd!", pool_id, client_id, client=idp)
    assert error_of(wrong.authenticate_user) == (
        "NotAuthorizedException",
        "Incorrect username or password.",
    )
