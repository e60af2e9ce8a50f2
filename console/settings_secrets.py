"""A settings file that holds a secret must not be readable by other users.

`config.toml` may carry `token`, `password`, or a backend URL with a password in it
(`http://anna:hunter2@host`). When the group or other users can read such a file, one line on
stderr says so and how to fix it (as ssh does for private keys, group counts: on many lab
servers every student shares the group `users`). Nothing is refused: the console still starts.
"""

from __future__ import annotations

import os
import stat
import sys
import tomllib
from pathlib import Path
from typing import Any

from backends.i18n import _
from backends.redact import mask_url_credentials
from backends.sanitize import clean_line

SECRET_KEYS = ("token", "password", "smtp_password")
READABLE_BY_OTHERS = 0o044  # group or other may read
_warned: set[str] = set()


def holds_secret(data: dict[str, Any]) -> bool:
    if any(data.get(key) for key in SECRET_KEYS):
        return True
    backend = data.get("backend")
    return isinstance(backend, str) and mask_url_credentials(backend) != backend


def exposed_secret_warning(path: Path) -> str | None:
    """The warning for `path`, or None when it is private, holds no secret, or is unreadable
    (the settings loader reports that)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if not mode & READABLE_BY_OTHERS:
            return None
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    if not holds_secret(data):
        return None
    return _("warning: {path} holds a token or password and other users can read it "
             "(mode {mode:04o}); make it private: chmod 600 {path}").format(path=path, mode=mode)


def warn_once_if_exposed(path: Path) -> None:
    """Print the warning on stderr, once per file and process."""
    key = str(path)
    if key in _warned:
        return
    _warned.add(key)
    warning = exposed_secret_warning(path)
    if warning is not None:
        print(clean_line(warning), file=sys.stderr)
