"""Unsaved ticket edits on disk, so neither switching away nor a crash loses what was typed.

One JSON file per draft, written atomically (temp file, fsync, os.replace, fsync of the folder)
so a kill -9 leaves either the old or the new draft, never half of one. Files found at start are
untrusted: anything unreadable is skipped with a warning and reported in `problems`.
No Textual here: the store is plain I/O the editor and the recovery dialog share.

See docs/ARCHITECTURE.md, "screens/".
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from backends.private_files import make_private_dir

log = logging.getLogger(__name__)

_KEY = re.compile(r"^(ticket|call|customer)-\d{1,12}$")
_MAX_BYTES = 2_000_000  # a draft is a few KB; anything huge is not ours
_IDS = ("ticket_id", "call_id", "customer_id", "base_version")
_MAX_LENGTHS = {"operator": 40, "note": 400_000}


@dataclass
class Draft:
    """What the operator typed and what it belongs to: a ticket, or a call / customer for a new
    ticket. `base_version` is the ticket version the edit started from.

    A dataclass checked when made (ValueError), not a pydantic model: the console imports this
    module at every start, and pydantic came with it (its import ~52 ms, 7.6 MB; the schema,
    built at the first draft, ~40 ms: first draft 67 → 26 ms with pydantic already loaded;
    docs/ARCHITECTURE.md, "Start-up"). On disk it is the JSON pydantic wrote, unchanged."""

    ticket_id: int | None = None
    call_id: int | None = None
    customer_id: int | None = None
    base_version: int | None = None
    operator: str = ""
    fields: dict[str, str | None] = field(default_factory=dict)
    base: dict[str, str | None] = field(default_factory=dict)  # the values edited from
    note: str = ""
    saved_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        for name in _IDS:
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise ValueError(f"{name}: must be a whole number")
        for name, limit in _MAX_LENGTHS.items():
            value = getattr(self, name)
            if not isinstance(value, str):
                raise ValueError(f"{name}: must be text")
            if len(value) > limit:
                raise ValueError(f"{name}: at most {limit} characters")
            _check_text(name, value)
        for name in ("fields", "base"):
            _check_values(name, getattr(self, name))
        if not isinstance(self.saved_at, datetime):
            raise ValueError("saved_at: must be a date and time")
        if self.saved_at.tzinfo is None:  # naive means UTC here (as in the stores)
            self.saved_at = self.saved_at.replace(tzinfo=UTC)

    @property
    def key(self) -> str:
        """The file stem: one draft per ticket, or per call / customer while still new."""
        if self.ticket_id is not None:
            return f"ticket-{self.ticket_id}"
        if self.call_id is not None:
            return f"call-{self.call_id}"
        if self.customer_id is not None:
            return f"customer-{self.customer_id}"
        raise ValueError("a draft belongs to a ticket, a call or a customer")

    def to_json(self) -> str:
        """The draft file's text: the JSON pydantic wrote (indent 1, UTF-8 as it is, UTC as
        "Z"), so drafts written before and after read alike."""
        data: dict[str, Any] = {name: getattr(self, name) for name in self.__dataclass_fields__}
        when = self.saved_at.isoformat()
        if self.saved_at.utcoffset() == timedelta(0):
            when = when.removesuffix("+00:00") + "Z"
        data["saved_at"] = when
        return json.dumps(data, indent=1, ensure_ascii=False)

    @classmethod
    def from_json_data(cls, data: Any) -> Draft:
        """A draft from a file's parsed JSON; ValueError when it is not one. Keys it does not
        know are ignored (a newer version's draft still opens)."""
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        if "saved_at" in known:
            try:
                known["saved_at"] = datetime.fromisoformat(known["saved_at"])
            except (TypeError, ValueError):
                raise ValueError("saved_at: is not a date and time") from None
        return cls(**known)


def _check_values(name: str, values: Any) -> None:
    if not isinstance(values, dict):
        raise ValueError(f"{name}: must be an object")
    for key, value in values.items():
        if not isinstance(key, str) or not (value is None or isinstance(value, str)):
            raise ValueError(f"{name}: every value must be text or null")
        _check_text(name, key)
        if value is not None:
            _check_text(name, value)


def _check_text(name: str, text: str) -> None:
    # a lone surrogate (pasted from a broken terminal) cannot be written as UTF-8: refused here,
    # where the editor expects a ValueError, not when the file is written
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{name}: not valid Unicode text") from None


def belongs_to(draft: Draft, operator: str) -> bool:
    """Whether `operator` wrote the draft; a draft without an operator is anybody's."""
    return not draft.operator or draft.operator == operator_label(operator)


def operator_label(operator: str) -> str:
    """The operator as a draft records it (one clean line, at most 40 characters)."""
    from backends.sanitize import clean_line

    return clean_line(operator, 40)


def draft_key(*, ticket_id: int | None = None, call_id: int | None = None,
              customer_id: int | None = None) -> str:
    return Draft(ticket_id=ticket_id, call_id=call_id, customer_id=customer_id).key


class DraftStore:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        # files skipped by the last pending()/load(): (file name, why), for a warning banner
        self.problems: list[tuple[str, str]] = []

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError(f"not a draft key: {key!r}")
        return self.directory / f"{key}.json"

    def save(self, draft: Draft) -> Path:
        """Write `draft` atomically; the previous version stays intact until the rename."""
        # drafts are one login's own: 0700 folders (mkstemp makes the files 0600)
        make_private_dir(self.directory, shared=False)
        target = self._path(draft.key)
        payload = draft.to_json().encode("utf-8")
        fd, temp_name = tempfile.mkstemp(prefix=f".{draft.key}.", suffix=".tmp",
                                         dir=self.directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp_name, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise
        self._fsync_directory()
        return target

    def _fsync_directory(self) -> None:
        # the rename itself is durable only once the folder is synced (POSIX); not on Windows
        try:
            fd = os.open(self.directory, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)

    def load(self, key: str) -> Draft | None:
        """The draft stored under `key`, or None when there is none or it cannot be read."""
        path = self._path(key)
        if not path.exists():
            return None
        return self._read(path)

    def _read(self, path: Path) -> Draft | None:
        try:
            if path.stat().st_size > _MAX_BYTES:
                raise ValueError("file too large for a draft")
            data = json.loads(path.read_text(encoding="utf-8"))
            draft = Draft.from_json_data(data)
            if draft.key != path.stem:
                raise ValueError(f"belongs to {draft.key}, not {path.stem}")
        # UnicodeDecodeError and JSON's errors are ValueErrors; RecursionError: "[[[[…" nested
        # deeper than the JSON reader goes
        except (OSError, ValueError, RecursionError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            log.warning("skipping unreadable draft %s: %s", path.name, reason)
            self.problems.append((path.name, reason))
            return None
        return draft

    def pending(self, operator: str | None = None) -> list[Draft]:
        """Every readable draft left behind, newest first. Corrupt files are skipped. With
        `operator`, only that operator's drafts (and unsigned ones, whose owner is unknown):
        on a shared account one operator is not offered another's work."""
        self.problems = []
        if not self.directory.is_dir():
            return []
        drafts: list[Draft] = []
        for path in sorted(self.directory.glob("*.json")):
            if not _KEY.match(path.stem):
                continue
            draft = self._read(path)
            if draft is not None and (operator is None or belongs_to(draft, operator)):
                drafts.append(draft)
        drafts.sort(key=lambda d: d.saved_at, reverse=True)
        return drafts

    def discard(self, key: str) -> None:
        """Forget the draft (after a successful save, or when the operator discards it)."""
        with contextlib.suppress(FileNotFoundError):
            self._path(key).unlink()
        self._fsync_directory()
