"""Where one operator's own files live under the user data folder (ticket drafts for now).

Kept apart from console.cli_run so the naming rule has one home and a test of its own.
Drafts are named by ticket, call or customer number, and those numbers mean different records
on different backends: the folder is `drafts/<backend folder>/<operator folder>`.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from console import paths

# device names Windows refuses as file names, whatever the case
_RESERVED = {"con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))}
# the files screens.drafts.DraftStore offers (its key pattern); nothing else is moved
_DRAFT_FILE = re.compile(r"^(ticket|call|customer)-\d{1,12}\.json$")
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def _digest(text: str) -> str:
    import hashlib  # only when a hash is needed: nothing extra on a plain login's start-up

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def operator_folder_name(operator: str) -> str:
    """A folder name no other login can get.

    A login of lower-case letters, digits and `_` is its own name. Any other login (it is free
    text) gets a cleaned lower-case prefix, a dash and a hash of the exact login: only these
    names hold a dash, so no login can pick another's folder, and as every name is lower case
    'Anna' and 'anna' stay apart on case-insensitive file systems (macOS, Windows)."""
    if re.fullmatch(r"[a-z0-9_]{1,64}", operator) and operator not in _RESERVED:
        return operator
    readable = re.sub(r"[^a-z0-9_]", "_", operator.lower())[:40]
    return f"{readable}-{_digest(operator)}"


def backend_identity(backend: str) -> tuple[str, str]:
    """(kind, what identifies the backend) for a backend URL as the settings hold it.

    SQLite: the absolute, resolved file path, so `lab.db`, `./lab.db` and `sqlite:////abs/lab.db`
    are one backend. http(s) and rt: scheme, lower-cased host, port (the scheme's default
    spelled out or not) and path, without credentials, token or query (an RT queue or scope
    is only a view of the same ticket numbers)."""
    from backends.urls import scheme_of, sqlite_path  # plain string work, no pydantic

    kind = scheme_of(backend)
    if kind == "sqlite":
        path = sqlite_path(backend)
        try:
            return kind, str(path.resolve())
        except (OSError, RuntimeError):  # a symlink loop: the store will refuse it anyway
            return kind, str(path.absolute())
    from urllib.parse import urlsplit

    text = backend.strip()
    prefix = "rt+" if kind == "rt" else ""
    try:
        parts = urlsplit(text[3:] if prefix else text)
        scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
        port = str(parts.port or _DEFAULT_PORTS.get(scheme, ""))
    except ValueError:  # a bad port or an unclosed [: the backend refuses it; still no secrets
        scheme, _sep, rest = text.split("?", 1)[0].split("#", 1)[0].partition("://")
        authority, _sep, tail = rest.partition("/")
        return kind, f"{scheme.lower()}://{authority.rpartition('@')[2].lower()}\0?\0/{tail}"
    return kind, f"{prefix}{scheme}://{host}\0{port}\0{parts.path.rstrip('/')}"


def backend_folder_name(backend: str) -> str:
    """A stable folder name per backend: `<kind>-<readable>-<hash>`.

    The readable part is the file name or host, cleaned; the hash is of backend_identity.
    These names hold two dashes and operator folder names at most one, so a backend folder
    and an older layout's operator folder (both directly under drafts/) never collide."""
    kind, identity = backend_identity(backend)
    if kind == "sqlite":
        readable = Path(identity).stem
    else:
        readable = identity.partition("://")[2].partition("\0")[0]
    readable = re.sub(r"[^a-z0-9_]", "_", readable.lower())[:24]
    return f"{kind}-{readable}-{_digest(f'{kind}:{identity}')}"


def operator_drafts_dir(operator: str, backend: str) -> Path:
    """This operator's ticket drafts folder on `backend`; no two logins and no two backends
    share one."""
    return paths.drafts_dir() / backend_folder_name(backend) / operator_folder_name(operator)


def legacy_drafts_dir(operator: str) -> Path:
    """Where versions before the per-backend folders kept this operator's drafts."""
    return paths.drafts_dir() / operator_folder_name(operator)


def adopt_legacy_drafts(operator: str, folder: Path) -> int:
    """Move this operator's drafts of the older layout into `folder` (the current backend's);
    returns how many moved.

    Why move, and into this backend: the older version offered those drafts on whatever
    backend the login opened next, so giving them to the first backend opened after the
    upgrade is never worse than before, and it happens once rather than on every backend
    forever. A draft already in `folder` is never replaced: that one was written by this
    version, so it is the later work; the older file stays where it is (not lost) and moves
    in on a later start once the newer one is saved or discarded. Quiet on failure: a draft
    that cannot be moved stays in the older folder, the console starts anyway."""
    import os

    legacy = legacy_drafts_dir(operator)
    try:
        with os.scandir(legacy) as entries:  # plain files only: a symlink is not moved
            names = [entry.name for entry in entries
                     if _DRAFT_FILE.match(entry.name) and entry.is_file(follow_symlinks=False)]
    except OSError:  # no older folder (the usual case) or unreadable
        return 0
    moved = 0
    for name in sorted(names):
        if _move_without_replacing(legacy / name, folder / name):
            moved += 1
    with contextlib.suppress(OSError):
        legacy.rmdir()  # only when empty: anything left is kept
    return moved


def _move_without_replacing(source: Path, target: Path) -> bool:
    import os

    try:
        from backends.private_files import make_private_dir

        make_private_dir(target.parent, shared=False)  # a login's drafts: 0700
        try:
            # a hard link fails if the target exists, even when two consoles of this login
            # start at once; a rename would silently replace it on POSIX
            os.link(source, target)
        except FileExistsError:
            return False
        except OSError:  # no hard links on this file system (FAT, some network shares)
            if target.exists():
                return False
            os.rename(source, target)
            return True
        source.unlink()
        return True
    except OSError:
        return False
