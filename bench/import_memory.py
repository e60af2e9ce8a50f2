"""Peak memory of `centralino db import` on a generated CSV of about N MB (prints figures).

    .venv/bin/python bench/import_memory.py [--mb 50] [--dir /tmp/centralino-import-bench]
                                            [--keep]

Writes a CSV of realistic customers (names, companies, Italian phone numbers in local form,
e-mail, tags, a note) until it reaches --mb megabytes, imports it with the real `centralino`
into a fresh SQLite file in its own process, and reads that process's peak resident memory
(ru_maxrss of the child). Not a test: it prints figures (file size, rows, seconds, peak RSS and
peak RSS ÷ file size).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST = ("Giulia", "Marco", "Anna", "Luca", "Sofia", "Péter", "Ioana", "Emma", "Oliver")
LAST = ("Rossi", "Bianchi", "Ferri", "Kovács", "Popescu", "Smith", "Verdi", "Esposito")
NOTE = "Chiama dopo le 10; preferisce l'e-mail. "


def write_csv(path: Path, megabytes: float, seed: int = 7) -> int:
    """A CSV of about `megabytes` MB in the import header; returns its data rows."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "name", "company", "phones", "email", "language", "tags",
                         "marketing", "recording", "notes"))
        while handle.tell() < target:
            rows += 1
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            phone = f"06 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}"
            mobile = f"+39 347 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"
            writer.writerow((f"B-{rows:08d}", name, f"{rng.choice(LAST)} S.r.l.",
                             f"{phone};{mobile}", f"c{rows}@example.com", "it", "B2B;VIP",
                             "yes", "no", NOTE * rng.randrange(1, 4)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the CSV in MB")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/centralino-import-bench"))
    parser.add_argument("--keep", action="store_true", help="keep the folder afterwards")
    args = parser.parse_args()
    folder = args.dir
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    source = folder / "customers.csv"
    rows = write_csv(source, args.mb)
    size = source.stat().st_size
    env = dict(os.environ, CENTRALINO_CONFIG=str(folder / "none.toml"))
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", "from console.cli import main; main()",
         "--backend", str(folder / "bench.db"), "db", "import", str(source)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    print(f"file      {size / 1e6:8.1f} MB, {rows:,} rows")
    print(f"import    exit {result.returncode} in {seconds:.1f} s: "
          f"{(result.stdout or result.stderr).strip().splitlines()[-1:]}")
    print(f"peak RSS  {peak_kb / 1024:8.1f} MiB  ({peak_kb * 1024 / size:.1f}x the file)")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
