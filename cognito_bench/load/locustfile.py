"""A locustfile: a flow as Locust users, for Locust's own command line.

``cognito-bench load`` runs Locust as a library. A team whose pipelines already call
``locust`` (its options, its web UI, its ``--master`` / ``--worker`` on other machines, its
plugins) points it at this file instead::

    cognito-bench local > target.json &     # or a target file of your own, or a profile
    COGNITO_BENCH_FLOW=resources/flows/sign-up-to-s3.yaml COGNITO_BENCH_TARGET=target.json \\
        locust -f "$(cognito-bench load --locustfile)" --headless -u 20 -r 5 -t 60s --csv run

Read from the environment (Locust's command line has no room for them):

- ``COGNITO_BENCH_FLOW``: the flow file (required);
- ``COGNITO_BENCH_TARGET``: a target JSON file (the line ``cognito-bench local`` prints), or
  ``COGNITO_BENCH_PROFILE``: a saved profile's name;
- ``COGNITO_BENCH_PACING``: seconds between the starts of a user's iterations (default 0);
- ``COGNITO_BENCH_VAR_<NAME>``: the flow variable ``<NAME>`` (as ``--var NAME=VALUE``).

Each step is a Locust request named ``NN step`` as with ``cognito-bench load``; throttling
is a failure named TooManyRequestsException. Bad input is one line on standard error and
exit status 2, before Locust starts.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from locust import events

from cognito_bench.flows.flowfile import FlowError, load_flow
from cognito_bench.flows.targets import TargetError, profile_target, target_file
from cognito_bench.load.engine import FlowLoad
from cognito_bench.load.spec import LoadSpec

__all__ = ["FlowUser", "spec_from_environment"]

_PROG = "cognito-bench locustfile"
_VAR = "COGNITO_BENCH_VAR_"


def spec_from_environment(environ: dict[str, str] | os._Environ[str]) -> LoadSpec:
    """The run ``environ`` describes.

    Raises:
        TargetError: no flow, no target, or a value that cannot be used (one line).
    """
    flow_path = environ.get("COGNITO_BENCH_FLOW", "").strip()
    if not flow_path:
        raise TargetError("COGNITO_BENCH_FLOW names no flow file (the flow the users run)")
    path = environ.get("COGNITO_BENCH_TARGET", "").strip()
    profile = environ.get("COGNITO_BENCH_PROFILE", "").strip()
    if bool(path) == bool(profile):
        raise TargetError(
            "give one of COGNITO_BENCH_TARGET (a target JSON file, such as the line "
            "'cognito-bench local' prints) or COGNITO_BENCH_PROFILE (a saved profile)"
        )
    target, extras = target_file(path) if path else profile_target(profile)
    try:
        pacing = float(environ.get("COGNITO_BENCH_PACING", "0") or 0)
    except ValueError:
        pacing = -1.0
    if not 0 <= pacing < float("inf"):
        raise TargetError("COGNITO_BENCH_PACING takes seconds, 0 or more")
    variables = {k[len(_VAR) :]: v for k, v in environ.items() if k.startswith(_VAR)}
    return LoadSpec(
        flow_path=flow_path,
        pacing=pacing,
        variables=variables,
        target=LoadSpec.target_fields(target),
        extras=extras,
        where=path or f"profile {profile}",
    )


def _load() -> FlowLoad:
    try:
        spec = spec_from_environment(os.environ)
        return FlowLoad(spec, load_flow(spec.flow_path))
    except (TargetError, FlowError) as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None


_RUN = _load()
FlowUser = _RUN.user_class()


def _on_init(environment: Any, **_: Any) -> None:
    _RUN.environment = environment


events.init.add_listener(_on_init)
