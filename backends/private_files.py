"""Files that hold personal data: 0600 in 0700 folders, or shared through one group.

DESIGN.md (security rules): the database, its -wal and -shm, side files, backups, exports and
drafts are readable by their owner only; a shared lab database uses a group (files 0660 in
setgid folders 2770), never "other". Modes are set explicitly after creating, so they do not
depend on the umask (022 would give 0644 files in 0755 folders). Output and temporary files
are created exclusively (O_EXCL) and without following symbolic links (O_NOFOLLOW).

    share_with_group("lab")             # once, from the settings (`shared_group`)
    make_private_dir(folder)            # missing folders: 0700 (2770 with a group)
    prepare_database_file(path)         # a new SQLite file 0600 before SQLite creates it
    with private_output(path) as (fd, temp): …  # a new file beside `path`, renamed onto it
    fd = open_private_append(log_path)  # a log: appended to, created 0600

SQLite gives the -wal and -shm it creates the permissions of the database file (os_unix.c,
robust_open), so a database file created here brings its -wal and -shm along.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from backends.errors import Invalid
from backends.i18n import _

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows, where symlinks need privileges
OTHER_BITS = 0o007
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
_shared_gid: int | None = None


# ---------------------------------------------------------------------------------- policy
def share_with_group(group: str | None) -> None:
    """Make new files group-readable and -writable for `group` (None: owner only)."""
    global _shared_gid
    _shared_gid = None if not group else group_id(group)


def group_id(group: str) -> int:
    """The id of the group `group` (a name or a number); Invalid when there is none."""
    try:
        import grp
    except ImportError:  # Windows: no Unix groups
        raise Invalid("shared_group", _("groups are not supported on this system")) from None
    try:
        return grp.getgrgid(int(group)).gr_gid if group.isdigit() else grp.getgrnam(group).gr_gid
    except (KeyError, ValueError):
        raise Invalid("shared_group", _("there is no group '{group}' on this system").format(
            group=group)) from None


def shared_gid() -> int | None:
    return _shared_gid


def file_mode() -> int:
    return 0o600 if _shared_gid is None else 0o660


def dir_mode() -> int:
    # setgid: files made inside belong to the folder's group, whoever makes them
    return 0o700 if _shared_gid is None else 0o2770


def _apply(fd_or_path: int | Path, mode: int) -> None:
    """Set the group (when sharing) and the exact mode, whatever the umask said."""
    if not hasattr(os, "fchmod"):
        return  # Windows: no POSIX modes; the per-user profile folder keeps files private
    if _shared_gid is not None:
        if isinstance(fd_or_path, int):
            os.fchown(fd_or_path, -1, _shared_gid)
        else:
            os.chown(fd_or_path, -1, _shared_gid, follow_symlinks=False)
    if isinstance(fd_or_path, int):
        os.fchmod(fd_or_path, mode)
    else:
        os.chmod(fd_or_path, mode)


# ---------------------------------------------------------------------------------- folders
def make_private_dir(folder: Path, *, shared: bool = True) -> None:
    """Create `folder` and its missing parents as 0700 (2770 with the shared group; 0700
    always when not `shared`). Folders that exist already are left as they are: they may be
    the user's own (the working folder, /srv)."""
    missing: list[Path] = []
    here = Path(folder)
    while not here.exists() and not here.is_symlink() and here != here.parent:
        missing.append(here)
        here = here.parent
    mode = dir_mode() if shared else 0o700
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue  # made meanwhile by another process
        if shared:
            _apply(path, mode)
        else:
            os.chmod(path, mode)
    if not Path(folder).is_dir():
        raise NotADirectoryError(20, os.strerror(20), str(folder))


# ---------------------------------------------------------------------------------- files
def refuse_symlink(path: Path, what: str) -> None:
    """Invalid when `path` is a symbolic link: outputs are written where they are named."""
    if Path(path).is_symlink():
        raise Invalid(what, _("{path} is a symbolic link; give the real file name").format(
            path=path))


def tighten(path: Path) -> None:
    """An existing file of ours loses every "other" permission (and, with the shared group,
    is given to the group, read-write); a file of another user is left alone."""
    try:
        info = os.lstat(path)
    except OSError:
        return
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
        return
    mode = stat.S_IMODE(info.st_mode) & ~OTHER_BITS
    if _shared_gid is not None:
        mode |= 0o660
    if mode != stat.S_IMODE(info.st_mode) or (
            _shared_gid is not None and info.st_gid != _shared_gid):
        with contextlib.suppress(OSError):
            _apply(Path(path), mode)


def prepare_database_file(path: Path) -> None:
    """Before SQLite opens `path`: create it empty with the private mode when missing (SQLite
    would make it 0644 under umask 022, and its -wal and -shm with it); an existing one and
    its side files lose "other" permissions. Errors are left for SQLite to report."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o600)
    except FileExistsError:
        for candidate in (path, *(Path(f"{path}{s}") for s in SIDE_SUFFIXES)):
            tighten(candidate)
        return
    except OSError:
        return  # read-only folder, …: SQLite's own error names the problem
    try:
        _apply(fd, file_mode())
    finally:
        os.close(fd)


def open_private_append(path: Path) -> int:
    """A descriptor appending to `path` (a log), created 0600 (0660 shared) when missing;
    never through a symlink (OSError ELOOP); an existing file of ours loses "other" bits.
    Only a regular file's mode is set: /dev/null or a pipe named as the log is written to
    as it is (run as root, `--access-log /dev/null` once made /dev/null 0600, and every
    other user's writes to it failed)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | NOFOLLOW, 0o600)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return fd
        if info.st_size == 0 and info.st_uid == os.geteuid():
            _apply(fd, file_mode())  # new (or empty): exactly the private mode
        else:
            tighten(Path(path))
    except BaseException:
        os.close(fd)
        raise
    return fd


def create_private_temp(beside: Path) -> tuple[int, Path]:
    """A new, empty temporary file next to `beside` (exclusive, never through a symlink),
    with the private mode; returns (descriptor, path)."""
    fd, name = tempfile.mkstemp(prefix=f".{beside.name}.", suffix=".part", dir=beside.parent)
    try:
        _apply(fd, file_mode())
    except BaseException:
        os.close(fd)
        os.unlink(name)
        raise
    return fd, Path(name)


@contextlib.contextmanager
def private_output(path: Path, *, what: str = "output",
                   overwrite: bool = True) -> Iterator[tuple[int, Path]]:
    """(descriptor, temporary path) of a new private file beside `path` (the caller closes
    the descriptor); on success it is renamed onto `path` (a rename replaces a symlink
    planted meanwhile, never its target), on failure removed. Refuses a `path` that is a
    symlink, or that exists when not `overwrite` (Invalid naming `what`)."""
    path = Path(path)
    refuse_symlink(path, what)
    if not overwrite and path.exists():
        raise Invalid(what, _("{path} already exists").format(path=path))
    fd, temp = create_private_temp(path)
    try:
        yield fd, temp
        if overwrite:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)  # fails if the name was taken meanwhile: nothing replaced
            except FileExistsError:
                raise Invalid(what, _("{path} already exists").format(path=path)) from None
            os.unlink(temp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
