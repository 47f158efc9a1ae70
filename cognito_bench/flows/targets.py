"""Where a flow run goes, read from a target file or a saved profile (``run``, ``load``
and the locustfile read targets the same way).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cognito_bench.aws.target import Target

__all__ = ["TargetError", "profile_target", "target_file"]


class TargetError(ValueError):
    """A target that cannot be used: one line for the user."""


def target_file(path: str) -> tuple[Target, dict[str, str]]:
    """The target in ``path`` (``-``: standard input) and its fields as template names.

    The file is the JSON line ``cognito-bench local`` prints, or any JSON object of a
    target's fields; other lines around it are skipped.

    Raises:
        TargetError: the file cannot be read, or holds no usable target.
    """
    from cognito_bench.aws.region import with_region
    from cognito_bench.aws.target import Target

    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TargetError(f"cannot read the target file {path}: {exc}") from None
    line = next((ln for ln in text.splitlines() if ln.strip().startswith("{")), text)
    try:
        data = json.loads(line)
    except ValueError:
        raise TargetError(f"{path}: not the JSON line 'cognito-bench local' prints") from None
    if not isinstance(data, dict):
        raise TargetError(f"{path}: the target must be a JSON object")
    target = with_region(Target.from_json(data))
    if not target.user_pool_id:
        raise TargetError(f"{path}: the target has no user_pool_id")
    extras = {k: v for k, v in data.items() if isinstance(v, str)}
    return target, extras


def profile_target(name: str) -> tuple[Target, dict[str, str]]:
    """The target of the saved profile ``name`` (its client secret from the keyring).

    Raises:
        TargetError: there is no such profile.
    """
    from cognito_bench.aws.region import with_region
    from cognito_bench.aws.target import Target
    from cognito_bench.store import BenchStore

    store = BenchStore()
    try:
        fields = store.target_fields(name)
        profile = store.profiles.get(name)
    finally:
        store.close()
    if not fields or profile is None:
        raise TargetError(f"there is no saved profile named {name!r}")
    target = with_region(Target(**fields, hosted_ui_domain=profile.hosted_ui_domain))
    return target, {}
