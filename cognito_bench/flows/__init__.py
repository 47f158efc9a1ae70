"""The engine the window, ``cognito-bench run``, ``load`` and the pytest plugin share.

Qt-free and plain: an immutable :class:`Session` and what a call changes in it
(:class:`Change`), the bench's actions as named :data:`STEPS` with typed inputs, and (in
their own modules, imported when used: they load Jinja2, PyYAML, jsonschema and jmespath)
flow files (:mod:`~cognito_bench.flows.flowfile`), the runner
(:mod:`~cognito_bench.flows.runner`) and its JUnit report (:mod:`~cognito_bench.flows.junit`).

The light part is imported by the window before its first paint, so nothing here loads boto3
or a template engine at import time.
"""

from __future__ import annotations

from cognito_bench.flows.session import Change, Session
from cognito_bench.flows.steps import (
    ACTIONS,
    STEPS,
    Form,
    Input,
    Step,
    ensure_imported,
    form_from_inputs,
    perform,
    refused,
)

__all__ = [
    "ACTIONS",
    "STEPS",
    "Change",
    "Form",
    "Input",
    "Session",
    "Step",
    "ensure_imported",
    "form_from_inputs",
    "perform",
    "refused",
]
