"""`cognito-bench gui [--local|--profile NAME] [--screenshot FILE.png [--size WxH]]`: open the
window."""

from __future__ import annotations

import argparse
import sys

__all__ = ["run"]


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
    return run_app(local=local, profile=profile, screenshot=screenshot, size=size)


def _size(text: str) -> tuple[int, int] | None:
    """``WxH`` as (width, height); (0, 0) for ""; None when it is not a size."""
    if not text:
        return (0, 0)
    width, sep, height = text.lower().partition("x")
    if not (sep and width.isdigit() and height.isdigit()):
        return None
    size = (int(width), int(height))
    return size if 800 <= size[0] <= 10_000 and 600 <= size[1] <= 10_000 else None
