"""`centralino serve` as a real child process on a PostgreSQL URL (tests/http/harness.py's
ServerProcess serves a SQLite file): for the CLI tests and bench/pg.py."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.http.harness import ServerProcess


class PgServeProcess(ServerProcess):
    def __init__(self, url: str, folder: Path, name: str, workers: int = 1,
                 prelude: str = "") -> None:
        super().__init__(folder / f"{name}.db", access_log=folder / f"{name}.jsonl",
                         workers=workers)
        self.database_url = url
        self.prelude = prelude  # Python run before the CLI (a benchmark's probe)

    def start(self) -> PgServeProcess:
        env = {**os.environ, "CENTRALINO_BACKEND": self.database_url}
        with open(self.stderr_path, "ab") as stderr:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", f"{self.prelude}from console.cli import main; main()",
                 "serve",
                 "--host", "127.0.0.1", "--port", str(self.port),
                 "--access-log", str(self.access_log), "--heartbeat", "1",
                 "--workers", str(self.workers)],
                env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: "
                                   + self.stderr_path.read_text(errors="replace")[-2000:])
            try:
                if httpx.get(self.url + "/readyz", timeout=1.0).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError("server did not become ready within 60 s")
