"""`db check` tells the truth: a database this user may only read is checked read-only (its
search indexes are not "damaged" because a check could not write), real damage is still
found there, and a file written by a newer version is refused naming both schema versions.

A read-only database is made for real: as root (who may write any file) by a read-only bind
mount of the file or its folder in a mount namespace of the checking process only; otherwise
the file and its folder lose their write permissions. Real SQLite files, the real `centralino`
process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from backends.sqlite import schema
from tests.cli.conftest import ROOT, assert_clean_failure, run_process


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder user nobody can reach (pytest's tmp_path is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="centralino-ro-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        os.chmod(folder, 0o755)
        for child in folder.iterdir():
            os.chmod(child, 0o644)
            child.unlink()
        folder.rmdir()


def seeded(folder: Path) -> Path:
    db = folder / "lab.db"
    result = run_process("--backend", str(db), "db", "seed", "--customers", "30",
                         env={"CENTRALINO_CONFIG": str(folder / "none.toml")})
    assert result.returncode == 0, result.stderr
    return db


def check_read_only(db: Path, *, folder_writable: bool) -> subprocess.CompletedProcess[str]:
    """`centralino db check` by a user who may read `db` but not write it."""
    folder = db.parent
    env = dict(os.environ, CENTRALINO_CONFIG=str(folder / "none.toml"), HOME=str(folder))
    command = [sys.executable, "-c", "from console.cli import main; main()",
               "--backend", str(db), "db", "check"]
    if os.geteuid() == 0:
        # root may write any file, so the file (or its whole folder) is made read-only the way
        # root meets it: a read-only bind mount, in a mount namespace of this command only (a
        # user such as nobody could not reach a checkout in a 0700 folder, as CI's may be)
        target = db if folder_writable else folder
        command = ["unshare", "--mount", "sh", "-c",
                   'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift '
                   '&& exec "$@"', "sh", str(target), *command]
    else:
        os.chmod(db, 0o444)
        os.chmod(folder, 0o777 if folder_writable else 0o555)
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT,
                              timeout=120, check=False)
    finally:
        os.chmod(folder, 0o755)
        os.chmod(db, 0o644)


@pytest.mark.parametrize("folder_writable", [False, True])
def test_read_only_database_is_checked_without_false_damage(shared_folder: Path,
                                                            folder_writable: bool) -> None:
    db = seeded(shared_folder)
    result = check_read_only(db, folder_writable=folder_writable)
    assert result.returncode == 0, result.stderr
    assert "ok: no problems" in result.stdout and "read-only" in result.stdout
    assert "damaged" not in result.stderr
    # nothing left beside the file for its owner to trip over
    assert sorted(p.name for p in shared_folder.iterdir()) == ["lab.db"]


def test_read_only_check_still_finds_a_damaged_index(shared_folder: Path) -> None:
    db = seeded(shared_folder)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE customers_fts_data SET block = x'0000ffff' "
                     "WHERE id = (SELECT max(id) FROM customers_fts_data)")
    conn.close()
    result = check_read_only(db, folder_writable=False)
    assert result.returncode == 1
    assert "search index customers_fts is damaged" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_database_of_a_newer_version_is_refused_naming_both_versions(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('centralino', '0042_from_the_future', '2030-01-01')")
    conn.close()
    env = {"CENTRALINO_CONFIG": str(tmp_path / "none.toml")}
    ours = schema.version_of(schema.migration_names())  # "0006_…" → 6
    for command in (("db", "check"), ("db", "init"), ("db", "export")):
        result = run_process("--backend", str(db), *command, env=env)
        stderr = assert_clean_failure(result, "newer version", "schema version 42",
                                      f"up to {ours}")
        assert str(db) in stderr
