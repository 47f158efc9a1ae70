"""`cognito-bench gui [--local|--profile NAME] [--screenshot FILE.png]`: open the window."""

from __future__ import annotations

import argparse
import sys

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Open the window (on the embedded local Cognito unless a profile is named)."""
    profile = getattr(args, "profile", "") or ""
    if profile:
        print(
            f"cognito-bench gui: error: cannot open profile {profile!r}: saved profiles are not "
            "available in this build yet; use --local",
            file=sys.stderr,
        )
        return 2
    screenshot = getattr(args, "screenshot", "") or ""
    if screenshot and not screenshot.lower().endswith(".png"):
        print(
            f"cognito-bench gui: error: --screenshot needs a .png file, got {screenshot!r}",
            file=sys.stderr,
        )
        return 2
    from cognito_bench.ui.app import run_app

    return run_app(local=True, screenshot=screenshot)
