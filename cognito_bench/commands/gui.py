"""`cognito-bench gui [--local|--profile NAME] [--screenshot FILE.png [--size WxH]]
[--trigger KIND=FILE[:FUNCTION]]... [--pre-token-version V] [--config FILE]`: open the window.

The trigger options wire Lambda handler files into the window's own local Cognito as
``cognito-bench local`` takes them (``./cognito-bench.toml`` when no ``--config``); they are
read when that local Cognito starts, and a wiring that cannot work is one line in the
window's status bar (the window still opens).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cognito_bench.ui.localstart import TriggerOptions

__all__ = ["run", "trigger_options"]


def trigger_options(args: argparse.Namespace) -> TriggerOptions:
    """The trigger options of the command line, for the window's local Cognito."""
    from cognito_bench.ui.localstart import TriggerOptions

    return TriggerOptions(
        config=getattr(args, "config", "") or "",
        triggers=tuple(getattr(args, "trigger", None) or ()),
        pre_token_version=getattr(args, "pre_token_version", None),
    )


def _known_profile(name: str) -> str:
    """ "" when ``name`` is a saved profile (or the local one), else a one-line error."""
    from cognito_bench.store.paths import AppPaths
    from cognito_bench.store.profiles import LOCAL_PROFILE_NAME, ProfileStore

    if name == LOCAL_PROFILE_NAME:
        return ""
    profiles = ProfileStore(AppPaths.default())
    profiles.load()
    if name in profiles:
        return ""
    known = ", ".join(repr(n) for n in profiles.names())
    return f"cognito-bench gui: error: no saved profile named {name!r}; known profiles: {known}"


def run(args: argparse.Namespace) -> int:
    """Open the window: --local, --profile NAME, else the profile used last.

    With no saved profile (or the local one used last) the embedded local Cognito starts.
    """
    profile = (getattr(args, "profile", "") or "").strip()
    size = _size(getattr(args, "size", "") or "")
    if profile:
        error = _known_profile(profile)
        if error:
            print(error, file=sys.stderr)
            return 2
    screenshot = getattr(args, "screenshot", "") or ""
    if screenshot and not screenshot.lower().endswith(".png"):
        print(
            f"cognito-bench gui: error: --screenshot needs a .png file, got {screenshot!r}",
            file=sys.stderr,
        )
        return 2
    if size is None:
        print(
            f"cognito-bench gui: error: --size takes WIDTHxHEIGHT, e.g. 1366x768 "
            f"(at least 800x600), got {args.size!r}",
            file=sys.stderr,
        )
        return 2
    from cognito_bench.ui.app import run_app

    local = bool(getattr(args, "local", False))
    return run_app(
        local=local,
        profile=profile,
        screenshot=screenshot,
        size=size,
        triggers=trigger_options(args),
    )


def _size(text: str) -> tuple[int, int] | None:
    """``WxH`` as (width, height); (0, 0) for ""; None when it is not a size."""
    if not text:
        return (0, 0)
    width, sep, height = text.lower().partition("x")
    if not (sep and width.isdigit() and height.isdigit()):
        return None
    size = (int(width), int(height))
    return size if 800 <= size[0] <= 10_000 and 600 <= size[1] <= 10_000 else None
