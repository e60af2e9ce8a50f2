"""Files holding personal data are the owner's alone, whatever the umask: the database, its
-wal and -shm, the server's idempotency side file, backups, exports and drafts are 0600 in
0700 folders; with `shared_group` they are 0660 in 2770 folders of that group, never "other".
A config.toml holding a secret that others can read gets a one-line warning.

Everything runs for real under umask 022 (what made them 0644 in 0755 folders): real SQLite
files, the real CLI in-process, the real idempotency store and draft store."""

from __future__ import annotations

import grp
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from backends.sqlite import SqliteBackend
from console.cli import cli
from tests.cli.conftest import Invoke, run_process


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)
        try:
            from backends.private_files import share_with_group
        except ImportError:  # the code before shared groups (to see these tests fail)
            return
        share_with_group(None)  # a shared test must not leak into others


def a_group_of_mine() -> grp.struct_group:
    """A group this process may give files to: any for root, else one it belongs to."""
    ids = [g for g in os.getgroups() if g != os.getegid()] or [os.getegid()]
    if os.geteuid() == 0:
        for name in ("users", "nogroup", "daemon"):
            try:
                return grp.getgrnam(name)
            except KeyError:
                continue
    return grp.getgrgid(ids[0])


async def _open_with_wal(path: Path) -> dict[str, int]:
    """Modes of the database and its -wal and -shm while a backend has it open."""
    from backends.customers.inputs import CustomerDraft

    async with SqliteBackend(path) as backend:
        await backend.customers.create_customer(CustomerDraft(name="Giulia Ferri"))
        return {suffix: mode(Path(f"{path}{suffix}")) for suffix in ("", "-wal", "-shm")}


async def test_database_wal_shm_and_folder_are_private(tmp_path: Path) -> None:
    db = tmp_path / "new" / "data" / "store.db"
    modes = await _open_with_wal(db)
    assert modes == {"": 0o600, "-wal": 0o600, "-shm": 0o600}
    assert mode(db.parent) == 0o700 and mode(db.parent.parent) == 0o700
    mine = tmp_path / "my-own-folder"  # a folder that exists is the user's: left as it is
    mine.mkdir(mode=0o755)
    assert (await _open_with_wal(mine / "x.db"))[""] == 0o600
    assert mode(mine) == 0o755


async def test_existing_world_readable_database_loses_other_permissions(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    async with SqliteBackend(db):
        pass
    os.chmod(db, 0o644)  # what earlier versions made
    modes = await _open_with_wal(db)
    assert modes[""] == 0o640 and modes["-wal"] == 0o640


def test_backup_and_export_are_private(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("db", "seed", "--customers", "20").exit_code == 0
    backup = tmp_path / "copies" / "copy.db"
    assert invoke("db", "backup", str(backup)).exit_code == 0
    assert mode(backup) == 0o600 and mode(backup.parent) == 0o700
    for fmt in ("csv", "json"):
        out = tmp_path / f"out.{fmt}"
        assert invoke("db", "export", "--format", fmt, "-o", str(out)).exit_code == 0
        assert mode(out) == 0o600
    assert mode(tmp_path / "store.db") == 0o600


def test_idempotency_side_file_is_private(tmp_path: Path) -> None:
    from backends.server.idempotency import IdempotencyStore

    side = tmp_path / "idempotency.db"
    store = IdempotencyStore(side)
    try:
        for suffix in ("", "-wal", "-shm"):
            assert mode(Path(f"{side}{suffix}")) == 0o600, suffix
    finally:
        store.close()


def test_appended_files_are_private_and_never_followed_through_a_symlink(
        tmp_path: Path) -> None:
    from backends.private_files import open_private_append

    log = tmp_path / "access.log"
    os.close(open_private_append(log))
    assert mode(log) == 0o600
    victim = tmp_path / "victim"
    victim.write_text("keep\n", encoding="utf-8")
    (tmp_path / "planted.log").symlink_to(victim)
    with pytest.raises(OSError):
        open_private_append(tmp_path / "planted.log")
    assert victim.read_text(encoding="utf-8") == "keep\n"


def test_a_device_or_pipe_named_as_the_log_keeps_its_mode(tmp_path: Path) -> None:
    """`serve --access-log /dev/null` as root once made /dev/null 0600 for everyone."""
    from backends.private_files import open_private_append

    pipe = tmp_path / "log.fifo"
    os.mkfifo(pipe)
    os.chmod(pipe, 0o666)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # so opening to write does not wait
    try:
        os.close(open_private_append(pipe))
    finally:
        os.close(reader)
    assert mode(pipe) == 0o666
    null = Path(os.devnull)
    before = mode(null)
    os.close(open_private_append(null))
    assert mode(null) == before


def test_drafts_folder_is_private(tmp_path: Path) -> None:
    from screens.tickets.drafts import Draft, DraftStore

    folder = tmp_path / "drafts" / "db-1" / "anna"
    saved = DraftStore(folder).save(Draft(ticket_id=5, note="richiamare"))
    assert mode(saved) == 0o600
    assert mode(folder) == 0o700 and mode(folder.parent) == 0o700


def test_shared_group_gives_files_to_the_group_never_to_others(tmp_path: Path,
                                                               monkeypatch) -> None:
    group = a_group_of_mine()
    monkeypatch.setenv("CENTRALINO_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("CENTRALINO_SHARED_GROUP", group.gr_name)
    db = tmp_path / "lab" / "lab.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["--backend", str(db), "db", "seed", "--customers", "5"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert mode(db.parent) == 0o2770 and os.stat(db.parent).st_gid == group.gr_gid
    assert mode(db) == 0o660 and os.stat(db).st_gid == group.gr_gid
    out = tmp_path / "lab" / "export.csv"
    assert runner.invoke(cli, ["--backend", str(db), "db", "export", "-o", str(out)]
                         ).exit_code == 0
    assert mode(out) == 0o660 and os.stat(out).st_gid == group.gr_gid
    monkeypatch.setenv("CENTRALINO_SHARED_GROUP", "no-such-group-xyz")
    bad = runner.invoke(cli, ["--backend", str(db), "db", "check"])
    assert bad.exit_code != 0 and "no-such-group-xyz" in bad.stderr
    assert "Traceback" not in bad.stderr


CONFIGS = [  # (content, mode, warned?)
    ('token = "abc"\n', 0o644, True),
    ('password = "hunter2"\nuser = "anna"\n', 0o640, True),
    ('backend = "http://anna:hunter2@lab.example"\n', 0o604, True),
    ('token = "abc"\n', 0o600, False),
    ('region = "HU"\n', 0o644, False),
]


def test_config_holding_a_secret_readable_by_others_is_warned_about(tmp_path: Path) -> None:
    for number, (content, file_mode, warned) in enumerate(CONFIGS):
        config = tmp_path / f"config-{number}.toml"
        config.write_text(content, encoding="utf-8")
        os.chmod(config, file_mode)
        result = run_process("config", "show", env={"CENTRALINO_CONFIG": str(config)})
        assert result.returncode == 0, result.stderr
        lines = [line for line in result.stderr.splitlines() if "other users can read" in line]
        assert len(lines) == (1 if warned else 0), (content, oct(file_mode), result.stderr)
        if warned:
            assert f"chmod 600 {config}" in lines[0]
