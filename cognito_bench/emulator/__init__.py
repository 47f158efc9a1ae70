"""The embedded local Cognito: moto's server plus the fidelity layer, seeding, outbox."""

from __future__ import annotations

from cognito_bench.emulator.local import LocalCognito
from cognito_bench.emulator.outbox import OutboxMessage
from cognito_bench.emulator.seed import LocalTarget, local_client
from cognito_bench.emulator.totp import totp_now

__all__ = ["LocalCognito", "LocalTarget", "OutboxMessage", "local_client", "totp_now"]
