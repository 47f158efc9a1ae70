"""A pytest plugin: test your own backend against the embedded local Cognito from pytest.

Installed with the bench (entry point ``pytest11``), the way moto's ``mock_aws`` is used::

    def test_sign_up_flow(cognito_local):
        from cognito_bench.pytest_plugin import run_flow

        run = run_flow("flows/sign-up.yaml", cognito_local)
        assert run.passed, run.report()

    def test_my_api_accepts_the_token(cognito_local, run_flow):   # the fixture form
        run = run_flow("flows/sign-in.yaml")
        token = run.session.access_token
        ...

``cognito_local`` is a running local Cognito for the test session: its ``LocalTarget``
(``endpoint_url``, ``user_pool_id``, ``client_id``, ``client_id_with_secret``,
``client_secret``, ``identity_pool_id``, ``bucket``, ``issuer``, ``jwks_url``, ``outbox_url``,
``demo_user``) and ``.target()`` for the bench's own calls. Nothing heavy is imported until
a fixture is used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from cognito_bench.aws.target import Target
    from cognito_bench.emulator.seed import LocalTarget
    from cognito_bench.flows.flowfile import Flow
    from cognito_bench.flows.runner import FlowRun

__all__ = ["cognito_local", "run_flow"]


def run_flow(
    flow: Flow | Path | str,
    target: LocalTarget | Target,
    **variables: Any,
) -> FlowRun:
    """Run a flow against ``target`` and return its :class:`~cognito_bench.flows.runner.FlowRun`.

    Args:
        flow: a flow file's path, YAML text (anything with a newline), or a loaded flow.
        target: the ``cognito_local`` fixture's target, or an ``aws.Target``.
        variables: values for the flow's variables (they win over its ``vars``).

    Raises:
        FlowError: the flow is not valid, or a template could not be rendered.
    """
    from cognito_bench.flows.flowfile import Flow, load_flow, parse_flow
    from cognito_bench.flows.runner import run_flow as run
    from cognito_bench.flows.steps import CORE, ensure_imported

    ensure_imported(*CORE)
    if isinstance(flow, Flow):
        loaded = flow
    elif isinstance(flow, str) and "\n" in flow:
        loaded = parse_flow(flow)
    else:
        loaded = load_flow(flow)
    from cognito_bench.aws.target import Target

    extras: Mapping[str, Any] = {}
    if not isinstance(target, Target):  # the cognito_local fixture's LocalTarget
        extras = {k: v for k, v in target.to_json().items() if isinstance(v, str)}
        target = target.target()
    return run(loaded, target, variables=variables, extra_target=extras)


@pytest.fixture(scope="session")
def cognito_local() -> Iterator[LocalTarget]:
    """A running embedded local Cognito (seeded with the demo pool) and its target."""
    from cognito_bench.emulator import LocalCognito

    local = LocalCognito()
    target = local.start()
    try:
        yield target
    finally:
        local.stop()


@pytest.fixture(name="run_flow")
def run_flow_fixture(cognito_local: LocalTarget) -> Callable[..., FlowRun]:
    """``run_flow(flow, **variables)`` against the session's local Cognito."""

    def run(flow: Flow | Path | str, **variables: Any) -> FlowRun:
        return run_flow(flow, cognito_local, **variables)

    return run
