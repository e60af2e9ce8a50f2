"""Lookup and ticket read/update latency through the sqlite, rt and http backends, side by side.

    .venv/bin/python bench/backends_side_by_side.py [--runs 5] [--iterations 10]
        [--rt-url http://127.0.0.1:PORT --rt-user root --rt-password …] [--rt-token …]

Without --rt-url it starts a private RT with scripts/rt/start-rt.sh at RT's default bcrypt cost
(12, what a real installation has) and stops it at the end. Prints medians of `runs` runs, each
run being the median of `iterations` calls. Figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from backends.customers.inputs import CustomerDraft
from backends.protocol import Backend
from backends.tickets.inputs import TicketChanges, TicketDraft

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["Mario Rossi", "Giulia Bianchi", "Luca Verdi", "Anna Ferrari", "Marco Russo",
         "Éva Szőke", "Ana Ștefănescu", "Ion Popescu", "John Smith", "Laura Romano"]
Operation = Callable[[], Awaitable[Any]]


async def seed(backend: Backend, count: int) -> dict[str, Any]:
    customers = []
    for i in range(count):
        customers.append(await backend.customers.create_customer(CustomerDraft(
            name=f"{NAMES[i % len(NAMES)]} {i}", phones=[f"+3906{5550000 + i}"],
            email=f"bench{i}.{uuid.uuid4().hex[:6]}@example.com")))
    ticket = await backend.tickets.create_ticket(TicketDraft(subject="Benchmark ticket",
                                                     customer_id=customers[0].id, body="x"))
    return {"phone": customers[-1].phones[0], "ticket": ticket.id}


def operations(backend: Backend, data: dict[str, Any]) -> dict[str, Operation]:
    state = {"flip": False}

    async def update() -> None:
        current = await backend.tickets.get_ticket(data["ticket"])
        state["flip"] = not state["flip"]
        await backend.tickets.update_ticket(current.id, current.version, TicketChanges(
            subject="Benchmark ticket" + (" (edited)" if state["flip"] else "")))

    return {
        "lookup by name": lambda: backend.customers.search_customers("Rossi"),
        "lookup by phone": lambda: backend.customers.find_customers_by_phone(data["phone"]),
        "ticket read": lambda: backend.tickets.get_ticket(data["ticket"]),
        "ticket read+update": update,
    }


async def measure(op: Operation, runs: int, iterations: int) -> float:
    """Median over runs of the per-run median, in milliseconds."""
    await op()  # warm-up
    medians = []
    for _ in range(runs):
        samples = []
        for _ in range(iterations):
            start = time.perf_counter()
            await op()
            samples.append((time.perf_counter() - start) * 1000)
        medians.append(statistics.median(samples))
    return statistics.median(medians)


async def bench_backend(label: str, backend: Backend, args: argparse.Namespace,
                        results: dict[str, dict[str, float]], *,
                        only: set[str] | None = None, light: bool = False) -> None:
    """`light`: 2 customers and 3 x 3 calls (token auth pays a bcrypt check per request)."""
    await backend.open()
    try:
        data = await seed(backend, 2 if light else args.customers)
        runs, iterations = (3, 3) if light else (args.runs, args.iterations)
        for name, op in operations(backend, data).items():
            if only is None or name in only:
                results.setdefault(name, {})[label] = await measure(op, runs, iterations)
    finally:
        await backend.close()


def start_rt(state: Path) -> dict[str, str]:
    done = subprocess.run(["bash", str(ROOT / "scripts/rt/start-rt.sh"), str(state)],
                          capture_output=True, text=True, check=False, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"RT did not start:\n{done.stderr}")
    return dict(line.split("=", 1) for line in (state / "env").read_text().splitlines())


async def auth_costs(url: str, user: str, password: str, token: str,
                     runs: int, iterations: int) -> dict[str, float]:
    """One cheap REST call (GET /REST/2.0/rt) per auth method: what each request pays."""
    import httpx

    results: dict[str, float] = {}
    async with httpx.AsyncClient(base_url=url, timeout=30) as session, \
            httpx.AsyncClient(base_url=url, timeout=30) as fresh:
        await session.post("/NoAuth/Login.html", data={"user": user, "pass": password})
        methods: dict[str, Callable[[], Awaitable[Any]]] = {
            "session cookie": lambda: session.get("/REST/2.0/rt"),
            "token": lambda: fresh.get("/REST/2.0/rt",
                                       headers={"Authorization": f"token {token}"}),
            "basic user/password": lambda: fresh.get("/REST/2.0/rt", auth=(user, password)),
        }
        for name, call in methods.items():
            results[name] = await measure(call, runs, iterations)
    return results


async def main(args: argparse.Namespace) -> None:
    from backends.rt import RtBackend
    from backends.sqlite import SqliteBackend

    work = Path(tempfile.mkdtemp(prefix="centralino-bench-"))
    state = work / "rt"
    started = args.rt_url is None
    if started:
        env = start_rt(state)
        args.rt_url, args.rt_user, args.rt_password = (env["RT_URL"], env["RT_USER"],
                                                       env["RT_PASSWORD"])
        args.rt_token = Path(env["RT_TOKEN_FILE"]).read_text().strip()
    results: dict[str, dict[str, float]] = {}
    columns = ["sqlite", "rt (session)", "rt (token)", "http"]
    try:
        await bench_backend("sqlite", SqliteBackend(work / "bench.db"), args, results)
        queue = f"bench-{uuid.uuid4().hex[:8]}"
        session = RtBackend(args.rt_url, user=args.rt_user, password=args.rt_password,
                            local_store=work / "rt-local.db", queue=queue, scope=queue)
        await session.open()
        await session.client.post_json("/queue", {"Name": queue})
        await session.close()
        session = RtBackend(args.rt_url, user=args.rt_user, password=args.rt_password,
                            local_store=work / "rt-local.db", queue=queue, scope=queue)
        await bench_backend("rt (session)", session, args, results)
        if args.rt_token:
            token = RtBackend(args.rt_url, token=args.rt_token, local_store=work / "rt-tok.db",
                              queue=queue, scope=queue + "-token")
            await bench_backend("rt (token)", token, args, results, light=True,
                                only={"lookup by phone", "ticket read"})
        http_note = await bench_http(args, results, work)
        auth = (await auth_costs(args.rt_url, args.rt_user, args.rt_password, args.rt_token,
                                 args.runs, args.iterations) if args.rt_token else {})
    finally:
        if started:
            subprocess.run(["bash", str(ROOT / "scripts/rt/stop-rt.sh"), str(state)],
                           capture_output=True, check=False)
    print(f"medians of {args.runs} runs x {args.iterations} calls (rt token: 3 x 3), ms")
    print(f"{'operation':<22}" + "".join(f"{c:>15}" for c in columns))
    for name, row in results.items():
        cells = "".join(f"{row[c]:>15.1f}" if c in row else f"{'-':>15}" for c in columns)
        print(f"{name:<22}{cells}")
    if http_note:
        print(http_note)
    for name, value in auth.items():
        print(f"RT auth, one GET /REST/2.0/rt with {name}: {value:.1f} ms")


async def bench_http(args: argparse.Namespace, results: dict[str, dict[str, float]],
                     work: Path) -> str | None:
    """The http backend through a real `centralino serve` on 127.0.0.1, when it exists."""
    if not (ROOT / "console" / "cli_server.py").is_file():
        return "http: not available (console/cli_server.py does not exist yet)"
    import socket

    from backends.http import HttpBackend

    cli = str(ROOT / ".venv" / "bin" / "centralino")
    database = f"sqlite:///{work / 'http.db'}"
    issued = subprocess.run([cli, "--backend", database, "operator", "token", "bench",
                             "--service", "admin"], capture_output=True, text=True, check=False)
    if issued.returncode != 0:
        return f"http: not available (no token: {issued.stderr.strip()[-200:]})"
    token = issued.stdout.strip().splitlines()[-1]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([cli, "--backend", database, "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    try:
        for _ in range(100):  # up to 20 s for the server to listen
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if server.poll() is not None:
                return "http: not available (centralino serve exited)"
            await asyncio.sleep(0.2)
        backend = HttpBackend(f"http://127.0.0.1:{port}", token=token, timeout=30.0)
        await bench_backend("http", backend, args, results)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    return None


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--customers", type=int, default=20)
    parser.add_argument("--rt-url")
    parser.add_argument("--rt-user", default="root")
    parser.add_argument("--rt-password", default="rtpassword")
    parser.add_argument("--rt-token")
    asyncio.run(main(parser.parse_args()))
