"""`AppPaths`: where the bench keeps its config, data and logs."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = ["APP_NAME", "HOME_ENV", "AppPaths"]

APP_NAME = "cognito-bench"
#: Set to a folder to keep everything under it (tests, portable installs).
HOME_ENV = "COGNITO_BENCH_HOME"


@dataclass(frozen=True)
class AppPaths:
    """The three folders the bench writes to.

    Attributes:
        config_dir: profiles (small, user-edited settings).
        data_dir: the call history database.
        log_dir: log files.

    Build one with :meth:`default` (the platform's folders, or ``$COGNITO_BENCH_HOME``) or
    :meth:`under` (one root folder). Nothing is created until :meth:`ensure` is called.
    """

    config_dir: Path
    data_dir: Path
    log_dir: Path

    @classmethod
    def default(cls, environ: Mapping[str, str] | None = None) -> AppPaths:
        """The folders for this user: ``$COGNITO_BENCH_HOME`` when set, else platformdirs'."""
        env = os.environ if environ is None else environ
        home = env.get(HOME_ENV, "").strip()
        if home:
            return cls.under(Path(home).expanduser())
        dirs = platformdirs.PlatformDirs(appname=APP_NAME, appauthor=False)
        return cls(
            config_dir=dirs.user_config_path,
            data_dir=dirs.user_data_path,
            log_dir=dirs.user_log_path,
        )

    @classmethod
    def under(cls, root: Path | str) -> AppPaths:
        """Everything under one folder: ``root/config``, ``root/data``, ``root/logs``."""
        base = Path(root)
        return cls(config_dir=base / "config", data_dir=base / "data", log_dir=base / "logs")

    def ensure(self) -> AppPaths:
        """Create the folders (private to the user where the platform allows) and return self."""
        for folder in (self.config_dir, self.data_dir, self.log_dir):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return self

    @property
    def profiles_file(self) -> Path:
        """The saved profiles (JSON)."""
        return self.config_dir / "profiles.json"

    @property
    def history_db(self) -> Path:
        """The call history (SQLite)."""
        return self.data_dir / "history.sqlite3"

    @property
    def log_file(self) -> Path:
        """The bench's log file."""
        return self.log_dir / "cognito-bench.log"
