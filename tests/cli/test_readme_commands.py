"""Issue 15 item 10: every `centralino …` command in the README runs, in its own process, in the
README's order, with the output the README promises: the commands without `--backend` on one
database that the README's own `db init` and `db seed` (300 customers, not 100,000) make a
demo database; `/srv/…` and `lab.db` on databases of their own.

What needs an interactive terminal or runs until stopped is run with `--help` instead (the
command line the README shows must still parse, options included): the console itself (no
command, or `demo`, on any backend), `serve`, `mailer`, and `simulate` without `--duration`.
`simulate` with `--duration` runs for 2 s instead of its 600. Remote addresses the README uses as
examples (rt.example.com, callcentre:8765) are only ever given to `--help` runs.
The lookup examples of the README are looked up in the same demo data."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.readme_commands import README, ROOT, commands

CONSOLE = {None, "demo", "serve", "outbound", "mailer"}  # need a terminal, or run until stopped
INTERACTIVE = {("lab", "train"), ("lab", "board"), ("lab", "progress"),  # screens of their own
               ("campaign", "board"), ("lab", "web")}  # lab web: a web server, until stopped
README_FILES = {
    "winter.json": '{"name": "Winter survey", "purpose": "survey", "dial_mode": "progressive"}',
    "contacts.csv": "phone,name,product\n+39 06 4123 4567,Giulia Ferri,fibre\n"
                    "+44 20 7946 0123,John Smith,mobile\n",
    "tps.txt": "# UK TPS extract\n02079460999\n",
}
PEOPLE_CSV = ("code,name,company,phones,email,language,tags,marketing,recording,notes\n"
              "IMP-001,Giulia Ferri,Ferri Impianti,06 4123 4567,giulia@ferri.example,it,VIP,"
              "yes,no,\n")


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from console.cli import main; main()",
                           *argv], capture_output=True, text=True, timeout=180, cwd=cwd,
                          env=env, check=False)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("readme")
    env = dict(os.environ, HOME=str(folder), XDG_CONFIG_HOME=str(folder / "config"),
               XDG_DATA_HOME=str(folder / "data"),
               CENTRALINO_CONFIG=str(folder / "config.toml"), PYTHONPATH=str(ROOT),
               LANG="C.UTF-8")  # the README's outputs are English; the locale would pick
    for name in ("LC_ALL", "LC_MESSAGES", "CENTRALINO_LANGUAGE"):
        env.pop(name, None)
    (folder / "people.csv").write_text(PEOPLE_CSV, encoding="utf-8")
    for name, text in README_FILES.items():  # the files the README's examples name
        (folder / name).write_text(text, encoding="utf-8")
    shipped = ROOT / "data" / "scripts" / "satisfaction-survey.toml"
    (folder / "my-survey.toml").write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    return folder, env


def _shell_free(command: str) -> str:
    """The README's shell substitutions and placeholders, as a person would fill them in."""
    command = re.sub(r'"rt\+\$\([^)]*\)"', "rt+http://127.0.0.1:9", command)
    command = re.sub(r'"\$\([^)]*\)"', "token-from-file", command)
    return command.replace('"$RT_TOKEN"', "rt-token").replace("cnt_…", "cnt_example")


def _subcommand(argv: list[str]) -> str | None:
    words = iter(argv[1:])
    for word in words:
        if word.startswith("--"):
            next(words, None)  # every global option takes a value
            continue
        return word
    return None


def prepared(command: str, folder: Path) -> tuple[list[str], bool]:
    """The argv to run, and whether it is a `--help` run (see the module's docstring)."""
    argv = shlex.split(_shell_free(command))
    sub = _subcommand(argv)
    rest = argv[argv.index(sub) + 1:] if sub in argv else []
    helped = (sub in CONSOLE or (sub == "simulate" and "--duration" not in argv)
              or (sub, rest[0] if rest else "") in INTERACTIVE)
    if helped:
        return [*argv[1:], "--help"], True
    stores = {"/srv/centralino/centralino.db": "srv.db", "sqlite:///lab.db": "lab.db"}
    if "--backend" in argv:
        at = argv.index("--backend") + 1
        argv[at] = str(folder / stores[argv[at]])
    else:
        argv[1:1] = ["--backend", str(folder / "main.db")]  # `db seed` makes it a demo
    sized = {"--customers": "300", "--duration": "2"}
    for option, value in sized.items():
        if option in argv:
            argv[argv.index(option) + 1] = value
    return argv[1:], False


# what each command promises (README), by its command words
PROMISES: dict[str, str] = {
    "db init": "",
    "db seed": "seeded 300 customers",
    "db check": "ok: no problems",
    "db import": "imported 1 customer",
    "db export": "",
    "db backup": "",
    "config path": "config.toml",
    "config show": "backend",
    "simulate": "",
    "operator add": "",
    "operator token": "cnt_",
    "report feedback": "metric,value,base",
    "report callbacks": "made in the window",  # the table's labels (CSV keeps the keys)
    "survey configs": "survey of queue billing: on, asks csat, nps",
    "survey config": "survey of queue billing: on, asks csat, nps",
    "feedback list": "created_at",  # the header: the README database has no feedback yet
    "lab scenarios": "identify-calm",
    "lab create": "Monday A [planned]",
    "lab assign": "2 scenarios assigned to 2 trainees",
    "lab start": "[running]",
    "lab results": "threshold",
    "campaign create": "created",
    "campaign list": "Winter offer",
    "campaign import": "imported",
    "campaign show": "converted",
    "campaign change": "changed",
    "dnc add": "added to",
    "dnc remove": "removed from internal",
    "dnc import": "1 number(s) added to uk_tps",
    "dnc check": "+44 20 7946 0958: may be called",
    "script check": "my-survey.toml: ok, 8 steps",
    "script list": "Satisfaction survey: satisfaction-survey",
    "script link": "is worked with script fibre-offer",
    "script answers 1 json": "[",
    "script answers": "call_id,campaign_id",
    "marco.ics": "0 appointment(s) written to",
    "appointment list": "",
}


def test_every_readme_command_runs_and_says_what_it_promises(
        workspace: tuple[Path, dict[str, str]]) -> None:
    folder, env = workspace
    found = commands()
    assert len(found) >= 20, found
    assert not [c for c in found if c.split()[-1] == "run"], "`… run` is not a command"
    for command in found:
        argv, helped = prepared(command, folder)
        if "db import" in command and "--skip-bad" in argv:
            (folder / "people.csv").write_text(PEOPLE_CSV.replace("IMP-001", "IMP-002"),
                                               encoding="utf-8")
        result = _run(argv, folder, env)
        output = result.stdout + result.stderr
        assert result.returncode == 0, (command, argv, output)
        assert "Traceback" not in output, (command, output)
        if helped:
            assert "Usage:" in result.stdout, (command, output)
            continue
        words = " ".join(word for word in argv if not word.startswith(("-", "/")))
        promise = next((text for key, text in PROMISES.items() if key in words), None)
        assert promise is not None, f"no promise recorded for {command!r}"
        assert promise in output, (command, output)
    exported = json.loads((folder / "tickets.json").read_text(encoding="utf-8"))
    assert exported and "subject" in exported[0]
    assert (folder / "copy.db").stat().st_size > 0


def test_the_readme_lookup_examples_find_what_they_say(
        workspace: tuple[Path, dict[str, str]]) -> None:
    import asyncio

    from backends.sqlite import SqliteBackend

    text = " ".join(README.read_text(encoding="utf-8").split())
    examples = re.findall(r'"([^"]+)" finds ([A-Z]\w+(?: [A-Z]\w+)?)', text)
    assert len(examples) >= 3, examples
    folder, _env = workspace
    seeded = folder / "readme-demo.db"  # the demo's own size and seed, as `centralino demo`
    result = _run(["--backend", str(seeded), "db", "seed", "--customers", "5000"], folder,
                  _env)
    assert result.returncode == 0, result.stderr

    async def names(query: str) -> list[str]:
        store = SqliteBackend(seeded, region="IT")
        await store.open()
        try:
            return [c.name for c in await store.customers.search_customers(query, 20)]
        finally:
            await store.close()

    for query, expected in examples:
        found = asyncio.run(names(query))
        assert any(expected in name for name in found), (query, expected, found)
