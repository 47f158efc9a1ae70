"""Makes the flow JSON Schema from the step registry: ``python -m cognito_bench.flows.schema``.

The schema ships as ``flow.schema.json`` beside this module (editors validate flow files
with it); a test checks that the shipped file is what this makes from :data:`STEPS`, so a
new step or input cannot be forgotten in it.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from cognito_bench.flows.flowfile import TARGET_KEYS
from cognito_bench.flows.steps import STEPS, Step

__all__ = ["SCHEMA_ID", "make_schema"]

SCHEMA_ID = "https://github.com/cognito-bench/cognito-bench/flow.schema.json"


def _inputs(step: Step) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for spec in step.inputs:
        prop: dict[str, Any] = {"description": spec.help}
        if spec.kind == "bool":
            prop["type"] = ["boolean", "string"]
        else:
            prop["type"] = ["string", "number", "boolean", "null"]
        if spec.choices:
            prop["examples"] = [c for c in spec.choices if c]
        properties[spec.name] = prop
    shape: dict[str, Any] = {
        "type": ["object", "null"],
        "description": f"{step.doc} (window: {step.label}, group {step.group})",
        "properties": properties,
        "additionalProperties": False,
    }
    required = [i.name for i in step.inputs if i.required]
    if required:
        shape["type"] = "object"
        shape["required"] = required
    return shape


def make_schema() -> dict[str, Any]:
    """The flow JSON Schema (draft 2020-12) for the steps in :data:`STEPS`."""
    step_defs = {name: _inputs(step) for name, step in STEPS.items()}
    one_step = [
        {
            "required": [name],
            "properties": {
                name: {"$ref": f"#/$defs/{name}"},
                "expect": {"$ref": "#/$defs/expect"},
                "title": {"type": "string"},
            },
            "additionalProperties": False,
        }
        for name in STEPS
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Cognito Bench flow",
        "description": "Steps the bench replays with `cognito-bench run` (docs/flows.md).",
        "type": "object",
        "required": ["name", "steps"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "minLength": 1},
            "description": {"type": "string"},
            "vars": {
                "type": ["object", "null"],
                "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
                "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
            },
            "target": {
                "type": ["object", "null"],
                "properties": {f: {"type": "string"} for f in TARGET_KEYS},
                "additionalProperties": False,
            },
            "steps": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/step"}},
        },
        "$defs": {
            "step": {"type": "object", "oneOf": one_step},
            "expect": {
                "type": "object",
                "description": "ok, error, max_ms, and JMESPath expressions over the result "
                "(response, tokens.id.claims, tokens.access.claims, checks, ms) mapped to "
                "the values they must have",
                "properties": {
                    "ok": {"type": "boolean"},
                    "error": {"type": "string"},
                    "max_ms": {"type": "number", "minimum": 0},
                },
            },
            **step_defs,
        },
    }


def main() -> None:
    """Print the schema (``python -m cognito_bench.flows.schema > flow.schema.json``)."""
    sys.stdout.write(json.dumps(make_schema(), indent=2) + "\n")


if __name__ == "__main__":
    main()
