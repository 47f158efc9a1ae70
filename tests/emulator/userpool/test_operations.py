"""The operation table ``userpool.operations`` builds: names of the real API, one handler each."""

from __future__ import annotations

from typing import Any

import botocore.session

from cognito_bench.emulator import LocalTarget
from cognito_bench.emulator.state import EmulatorState
from cognito_bench.emulator.userpool import operations
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from tests.emulator.conftest import error_of


def test_every_name_is_an_operation_of_cognito_idp() -> None:
    # a misspelt name would never be called: moto would answer the operation instead
    state = EmulatorState()
    table = operations(state, TokenIssuer(state))
    model = botocore.session.get_session().get_service_model("cognito-idp")
    assert set(table) <= set(model.operation_names)
    assert all(callable(handler) for handler in table.values())


#: How many of botocore's cognito-idp operations the emulator answers (README: "The embedded
#: local Cognito"); the rest answer UnsupportedOperationException naming the operation.
BOTOCORE_OPERATIONS = 153
OWN_HANDLERS = 91
MOTO_ONLY = 33
ANSWERED = 124


def test_the_counts_the_readme_states() -> None:
    from moto.cognitoidp.responses import CognitoIdpResponse
    from moto.core.utils import camelcase_to_underscores

    state = EmulatorState()
    table = operations(state, TokenIssuer(state))
    names = botocore.session.get_session().get_service_model("cognito-idp").operation_names
    moto = {op for op in names if hasattr(CognitoIdpResponse, camelcase_to_underscores(op))}
    assert len(names) == BOTOCORE_OPERATIONS
    assert len(table) == OWN_HANDLERS
    assert len(moto - set(table)) == MOTO_ONLY
    assert len(set(table) | moto) == ANSWERED


def test_an_operation_nobody_answers_names_itself(local: LocalTarget, idp: Any) -> None:
    pool = local.user_pool_id
    assert error_of(lambda: idp.list_user_pool_replicas(UserPoolId=pool)) == (
        "UnsupportedOperationException",
        "The embedded local Cognito does not implement ListUserPoolReplicas.",
    )
