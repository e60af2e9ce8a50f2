"""Hostile text in CLI messages, and a reader that goes away: no raw control sequences on the
terminal, no traceback. Real SQLite files; the closed pipe is a real OS pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import ROOT, Invoke, run_process

ESC_SEQUENCE = "\x1b]52;c;cHduZWQ=\x07"  # OSC 52: would write the clipboard


def test_control_sequence_in_a_csv_header_is_never_printed_raw(invoke: Invoke,
                                                                 tmp_path: Path) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(f"code,name,{ESC_SEQUENCE}evil\x1b[2J\nC1,Anna,x\n", encoding="utf-8")
    result = invoke("db", "import", str(source))
    assert result.exit_code != 0
    for stream in (result.stdout, result.stderr):
        assert "\x1b" not in stream and "\x07" not in stream, repr(stream)
    # the operator still sees which column was wrong, with the controls made visible
    assert "evil" in result.stderr and "\u241b" in result.stderr, result.stderr


def test_control_sequence_in_the_backend_url_is_never_printed_raw(invoke: Invoke) -> None:
    result = invoke("db", "init", url=f"ftp://{ESC_SEQUENCE}host/x")
    assert result.exit_code != 0
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr, repr(result.stderr)
    assert "error:" in result.stderr and "host/x" in result.stderr


def test_export_into_a_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    seeded = run_process("--backend", str(path), "db", "seed", "--customers", "300")
    assert seeded.returncode == 0, seeded.stderr
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader (`| head`) is gone before anything is written
    try:
        done = subprocess.run(
            [sys.executable, "-c", "from console.cli import main; main()",
             "--backend", str(path), "db", "export"],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120, cwd=ROOT,
            check=False)
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.stderr.strip() == "", done.stderr
    assert done.returncode == 0
