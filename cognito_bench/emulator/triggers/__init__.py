"""Lambda triggers for the embedded local Cognito: your handler files, run as Cognito runs them.

Wire a handler file to a trigger kind (a ``LambdaConfig`` key), and the local Cognito
invokes it where Cognito would, with Cognito's event, and uses its answer as Cognito does::

    from cognito_bench.emulator import LocalCognito
    from cognito_bench.emulator.triggers import TriggerConfig

    config = TriggerConfig.parse(
        ["PreSignUp=triggers/pre_signup.py", "PreTokenGeneration=triggers/claims.mjs:handler"],
        pre_token_version="V2_0",
    )
    with LocalCognito(triggers=config) as target:
        ...
    # or at run time, on a running emulator (the next call uses it):
    emulator.set_triggers(config)
    emulator.triggers           # the TriggerConfig in force

A ``.py`` file runs in a Python worker process, ``.js`` / ``.mjs`` / ``.cjs`` under ``node``;
workers stay warm between calls, a changed file is imported again on its next call, and a
call that takes longer than 5 seconds is killed (Cognito's limit). The same wiring comes
from ``cognito-bench local --trigger KIND=FILE[:FUNCTION] --pre-token-version V2_0`` and
from the ``[triggers]`` section of a project file ``cognito-bench.toml``
(:func:`load_config`).

Modules: ``config`` (the wiring and the project file), ``workers`` (the worker processes),
``pyworker.py`` and ``runner.js`` (the workers themselves), ``invoke`` (events, Cognito's
errors, the per-request log of invocations). Where each kind is invoked and how its answer
is used lives with the flows, in ``cognito_bench.emulator.userpool.lambdas``.
"""

from __future__ import annotations

from cognito_bench.emulator.triggers.config import (
    CONFIG_NAME,
    KINDS,
    PRE_TOKEN_VERSIONS,
    TriggerConfig,
    TriggerConfigError,
    TriggerSpec,
    find_config,
    from_options,
    load_config,
    parse_trigger,
)
from cognito_bench.emulator.triggers.invoke import (
    Invocation,
    RequestScope,
    TriggerLog,
    TriggerRunner,
    current_scope,
    request_scope,
)
from cognito_bench.emulator.triggers.workers import TIMEOUT_SECONDS, WORKER_ARG

__all__ = [
    "CONFIG_NAME",
    "KINDS",
    "PRE_TOKEN_VERSIONS",
    "TIMEOUT_SECONDS",
    "WORKER_ARG",
    "Invocation",
    "RequestScope",
    "TriggerConfig",
    "TriggerConfigError",
    "TriggerLog",
    "TriggerRunner",
    "TriggerSpec",
    "current_scope",
    "find_config",
    "from_options",
    "load_config",
    "parse_trigger",
    "request_scope",
]
