"""The operation table ``userpool.operations`` builds: names of the real API, one handler each."""

from __future__ import annotations

import botocore.session

from cognito_bench.emulator.state import EmulatorState
from cognito_bench.emulator.userpool import operations
from cognito_bench.emulator.userpool.issuer import TokenIssuer


def test_every_name_is_an_operation_of_cognito_idp() -> None:
    # a misspelt name would never be called: moto would answer the operation instead
    state = EmulatorState()
    table = operations(state, TokenIssuer(state))
    model = botocore.session.get_session().get_service_model("cognito-idp")
    assert set(table) <= set(model.operation_names)
    assert all(callable(handler) for handler in table.values())
