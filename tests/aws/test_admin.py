"""Admin calls: users and pool configuration."""

from __future__ import annotations

from cognito_bench.aws import (
    INVALID_INPUT,
    AdminCalls,
    Target,
    UserPoolCalls,
    make_client,
    tokens_of,
)
from cognito_bench.emulator import LocalTarget
from tests.aws.factories import PASSWORD, UserFactory, unique


def test_create_get_confirm_delete(admin: AdminCalls, calls: UserPoolCalls) -> None:
    username = unique()
    created = admin.admin_create_user(
        username, temporary_password=PASSWORD, attributes={"email": "a@example.com"}
    )
    assert created.ok, created.one_line()
    assert created.request["MessageAction"] == "SUPPRESS"
    assert created.request["TemporaryPassword"] != PASSWORD
    got = admin.admin_get_user(username)
    assert got.ok and got.response["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert admin.admin_set_user_password(username, PASSWORD, permanent=True).ok
    assert admin.admin_get_user(username).response["UserStatus"] == "CONFIRMED"
    assert tokens_of(calls.sign_in_password(username, PASSWORD)) is not None
    deleted = admin.admin_delete_user(username)
    assert deleted.ok, deleted.one_line()
    assert admin.admin_get_user(username).error_code == "UserNotFoundException"


def test_temporary_password_forces_a_change(admin: AdminCalls, make_user: UserFactory) -> None:
    username = make_user()
    assert admin.admin_set_user_password(username, PASSWORD, permanent=False).ok
    assert admin.admin_get_user(username).response["UserStatus"] == "FORCE_CHANGE_PASSWORD"


def test_admin_confirm_sign_up(admin: AdminCalls, calls: UserPoolCalls) -> None:
    username = unique()
    assert calls.sign_up(username, PASSWORD, {"email": "c@example.com"}).ok
    record = admin.admin_confirm_sign_up(username)
    assert record.ok, record.one_line()
    assert admin.admin_get_user(username).response["UserStatus"] == "CONFIRMED"


def test_list_users_reads_every_page(admin: AdminCalls, make_user: UserFactory) -> None:
    names = {make_user() for _ in range(3)}
    record = admin.list_users()
    assert record.ok, record.one_line()
    listed = {u["Username"] for u in record.response["Users"]}
    assert names <= listed
    assert "demo" in listed
    assert record.response["Pages"] >= 1
    assert len(listed) == len(record.response["Users"])


def test_list_users_page_limit(local: LocalTarget, target: Target) -> None:
    # A pool of its own: 61 users would crowd the shared demo pool.
    idp = make_client("cognito-idp", target)
    pool_id = idp.create_user_pool(PoolName=unique("paged"))["UserPool"]["Id"]
    admin = AdminCalls(target.replace(user_pool_id=pool_id))
    for _ in range(61):
        assert admin.admin_create_user(unique()).ok
    one = admin.list_users(limit_pages=1)
    assert one.ok, one.one_line()
    assert one.response["Pages"] == 1
    assert len(one.response["Users"]) == 60
    assert one.response["PaginationToken"]
    everything = admin.list_users()
    assert everything.response["Pages"] == 2
    assert "PaginationToken" not in everything.response
    assert len({u["Username"] for u in everything.response["Users"]}) == 61


def test_describe_pool_and_client(local: LocalTarget, admin: AdminCalls) -> None:
    pool = admin.describe_user_pool()
    assert pool.ok, pool.one_line()
    assert pool.response["UserPool"]["Id"] == local.user_pool_id
    policy = pool.response["UserPool"]["Policies"]["PasswordPolicy"]
    assert policy["RequireSymbols"] is True
    client = admin.describe_user_pool_client()
    assert client.ok and client.response["UserPoolClient"]["ClientId"] == local.client_id
    other = admin.describe_user_pool_client(local.client_id_with_secret)
    assert other.response["UserPoolClient"]["ClientSecret"] == local.client_secret


def test_wrong_pool_and_client_are_explained(target: Target) -> None:
    wrong_pool = AdminCalls(target.replace(user_pool_id=f"{target.region}_NoSuchPool1"))
    record = wrong_pool.describe_user_pool()
    assert record.error_code == "ResourceNotFoundException"
    assert "No user pool" in record.explanation
    wrong_client = AdminCalls(target).describe_user_pool_client("nosuchclient123")
    assert wrong_client.error_code == "ResourceNotFoundException"
    assert "app client" in wrong_client.explanation


def test_admin_input_is_checked(dead_target: Target) -> None:
    admin = AdminCalls(dead_target)
    assert admin.admin_get_user("").error_code == INVALID_INPUT
    assert admin.list_users(limit_pages=0).error_code == INVALID_INPUT
    mismatch = AdminCalls(dead_target.replace(user_pool_id="eu-west-1_Abc"))
    record = mismatch.describe_user_pool()
    assert record.error_code == INVALID_INPUT
    assert "eu-west-1" in record.error_message


def test_missing_profile_is_a_record(target: Target) -> None:
    aws = target.replace(endpoint_url="", aws_profile="no-such-profile-for-bench")
    record = AdminCalls(aws).describe_user_pool()
    assert record.error_code == "ProfileNotFound"
    assert "profile" in record.explanation
