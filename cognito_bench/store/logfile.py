"""The bench's log file, with secrets and tokens scrubbed from every line.

:func:`configure_logging` attaches one rotating, owner-only file handler to the
``cognito_bench`` logger (not the root logger: botocore's DEBUG output carries whole request
bodies and is never routed here). Its formatter scrubs each finished line, tracebacks
included, with :func:`scrub_text`: JWT-shaped strings, and the value after any secret or
token key (``"Password": "..."``, ``client_secret=...``, ``SessionToken: ...``).
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import re
from pathlib import Path

from cognito_bench.store.paths import AppPaths
from cognito_bench.store.redact import MASK, redact_text

__all__ = ["LOGGER_NAME", "RedactingFormatter", "configure_logging", "scrub_text"]

#: The logger every bench module logs under (``logging.getLogger(__name__)``).
LOGGER_NAME = "cognito_bench"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# A secret or token key, a separator, then its value (quoted or bare).
_KEY_VALUE = re.compile(
    r"""(?ix)
    (?P<key>["']?[\w-]*(?:password|secret|token|session|secret_hash|srp_a|srp_b|signature|
        confirmationcode|usercode|answer|authorization|_code)[\w-]*["']?\s*[:=]\s*)
    (?P<quote>["']?)(?P<value>(?:Bearer\s+)?[^\s"',}\]]+)
    """
)


def scrub_text(text: str) -> str:
    """``text`` with token-shaped strings and the values of secret keys masked."""
    text = redact_text(text)
    return _KEY_VALUE.sub(lambda m: f"{m.group('key')}{m.group('quote')}{MASK}", text)


class RedactingFormatter(logging.Formatter):
    """A formatter whose every line (message, arguments, traceback) is scrubbed."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub_text(super().format(record))


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Rotating file handler that creates its files owner-only (0o600)."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, "a", encoding=self.encoding or "utf-8", errors=self.errors)


def configure_logging(
    paths: AppPaths,
    level: int = logging.INFO,
    max_bytes: int = 1_000_000,
    backups: int = 3,
) -> Path:
    """Send the bench's log records to ``paths.log_file`` (scrubbed, rotated); its path.

    Calling it again replaces the handler it added before (no duplicate lines).
    """
    paths.log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    logger = logging.getLogger(LOGGER_NAME)
    for handler in list(logger.handlers):
        if isinstance(handler, _PrivateRotatingFileHandler):
            logger.removeHandler(handler)
            handler.close()
    handler = _PrivateRotatingFileHandler(
        paths.log_file, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
    )
    handler.setFormatter(RedactingFormatter(_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(level)
    return paths.log_file
