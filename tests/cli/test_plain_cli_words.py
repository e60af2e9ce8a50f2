"""Issue 15 item 9 on the command line: no internal terms in what a person reads (the import's
"bulk_load (one transaction)"), and a `db check` against a server that is not there says so
once, in plain words, without promising a retry it will not make."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.cli.conftest import Invoke, assert_clean_failure, run_process
from tests.cli.test_db_import_export import GOOD_CSV, write


def test_import_says_how_it_wrote_in_plain_words(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("db", "import", str(write(tmp_path, "good.csv", GOOD_CSV)))
    assert result.exit_code == 0, result.stderr
    assert "imported 3 customer(s)" in result.stdout
    assert "all at once" in result.stdout
    for internal in ("bulk_load", "transaction", "create_customer"):
        assert internal not in result.output


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_db_check_on_an_unreachable_server_says_so_once(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    result = run_process("--backend", url, "--token", "tok", "db", "check",
                         env={"CENTRALINO_CONFIG": str(tmp_path / "none.toml")}, timeout=60)
    stderr = assert_clean_failure(result, "cannot be reached")
    assert stderr.count("cannot be reached") == 1, stderr
    assert "nothing answers at that address" in stderr
    for internal in ("ConnectError", "retrying", "Traceback"):
        assert internal not in stderr + result.stdout, stderr
