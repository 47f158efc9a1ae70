"""The embedded local Cognito: moto's server plus the fidelity layer, seeding, outbox."""

from __future__ import annotations

from cognito_bench.emulator.local import LocalCognito
from cognito_bench.emulator.seed import LocalTarget

__all__ = ["LocalCognito", "LocalTarget"]
