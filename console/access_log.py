"""The server's access log file: private from its first byte, never written through a link.

An access line holds an operator's name and what they opened (DESIGN.md, "Security rules":
logs are files holding personal data). So the file is opened by `open_private_append`:
created 0600 (0660 with the shared group) whatever the umask, a folder created for it 0700,
and never through a symlink planted where the log goes.
"""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path
from typing import TextIO

from backends.errors import Invalid
from backends.i18n import _
from backends.private_files import make_private_dir, open_private_append


def open_private(path: Path) -> TextIO:
    """`path` for appending, private; Invalid naming the file when it cannot be opened."""
    try:
        make_private_dir(path.parent)
        fd = open_private_append(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise Invalid("access-log", _("{path} is a symbolic link; name the file itself")
                          .format(path=path)) from None
        raise Invalid("access-log", _("{path} cannot be opened ({why})").format(
            path=path, why=exc.strerror)) from None
    return os.fdopen(fd, "a", encoding="utf-8")


class PrivateFileHandler(logging.FileHandler):
    """FileHandler opening its file with `open_private` (also named in worker dictConfigs).
    A FileHandler, not a StreamHandler over one open file: uvicorn's logging set-up closes
    every handler there is, and a FileHandler opens its file again on the next line."""

    def __init__(self, filename: str, encoding: str = "utf-8") -> None:
        super().__init__(filename, mode="a", encoding=encoding)

    def _open(self) -> TextIO:  # type: ignore[override]
        return open_private(Path(self.baseFilename))
