"""AppPaths: platform folders, one-root override, the environment variable."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import platformdirs
import pytest

from cognito_bench.store.paths import APP_NAME, HOME_ENV, AppPaths


def test_env_var_puts_everything_under_one_root(tmp_path: Path) -> None:
    paths = AppPaths.default({HOME_ENV: str(tmp_path / "bench")})
    assert paths == AppPaths.under(tmp_path / "bench")
    assert paths.config_dir == tmp_path / "bench" / "config"
    assert paths.profiles_file.parent == paths.config_dir
    assert paths.history_db.parent == paths.data_dir
    assert paths.log_file.parent == paths.log_dir


def test_without_env_var_platformdirs_decides() -> None:
    paths = AppPaths.default({})
    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    assert paths.config_dir == dirs.user_config_path
    assert paths.data_dir == dirs.user_data_path
    assert paths.log_dir == dirs.user_log_path
    assert APP_NAME in str(paths.config_dir)


def test_blank_env_var_is_ignored() -> None:
    assert AppPaths.default({HOME_ENV: "  "}) == AppPaths.default({})


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_ensure_creates_private_folders(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path / "root").ensure()
    for folder in (paths.config_dir, paths.data_dir, paths.log_dir):
        assert folder.is_dir()
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    # Idempotent.
    assert paths.ensure() == paths
