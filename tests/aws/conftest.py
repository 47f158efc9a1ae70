"""Fixtures for the aws/ tests: targets on the embedded emulator, fresh users (see factories.py)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from cognito_bench.aws import AdminCalls, Target, Tokens, UserPoolCalls, tokens_of
from cognito_bench.emulator import LocalTarget
from tests.aws.factories import DEAD_ENDPOINT, PASSWORD, UserFactory, target_of, unique


@pytest.fixture
def target(local: LocalTarget) -> Target:
    return target_of(local)


@pytest.fixture
def secret_target(local: LocalTarget) -> Target:
    return target_of(local, secret=True)


@pytest.fixture
def dead_target(target: Target) -> Target:
    """The demo target aimed at a closed port."""
    return target.replace(endpoint_url=DEAD_ENDPOINT)


@pytest.fixture
def calls(target: Target) -> UserPoolCalls:
    return UserPoolCalls(target)


@pytest.fixture
def admin(target: Target) -> AdminCalls:
    return AdminCalls(target)


@pytest.fixture
def make_user(admin: AdminCalls) -> UserFactory:
    """Create a confirmed user with a permanent password and a verified e-mail; returns its name."""

    def make(
        username: str = "",
        password: str = PASSWORD,
        attributes: Mapping[str, str] | None = None,
        temporary: bool = False,
    ) -> str:
        name = username or unique()
        attrs = {"email": f"{name}@example.com", "email_verified": "true", **(attributes or {})}
        created = admin.admin_create_user(
            name, temporary_password=password if temporary else "", attributes=attrs
        )
        assert created.ok, created.one_line()
        if not temporary:
            set_password = admin.admin_set_user_password(name, password, permanent=True)
            assert set_password.ok, set_password.one_line()
        return name

    return make


@pytest.fixture
def signed_in(calls: UserPoolCalls, make_user: UserFactory) -> tuple[str, Tokens]:
    """A fresh user and the tokens of a password sign-in."""
    username = make_user()
    record = calls.sign_in_password(username, PASSWORD)
    tokens = tokens_of(record)
    assert tokens is not None, record.one_line()
    return username, tokens
