"""Fresh PostgreSQL databases for the server's tests, each a clone of one provisioned template
(`CREATE DATABASE … TEMPLATE`), made one ahead on a thread of their own: the clone of the next
test is copied by PostgreSQL while this test runs, and a used database is dropped the same way,
so a test waits for neither (a clone took 0.2–0.3 s on the loaded 2-core test machine)."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from tests import pg_server


class Clones:
    def __init__(self, server: pg_server.PgServer, template_url: str) -> None:
        self._server = server
        self._template = template_url
        # one thread: clones and drops in order, never two CREATE DATABASE from one template
        # at once (PostgreSQL refuses a template someone else is copying)
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="pg-clones")
        self._spare: Future[str] = self._worker.submit(self._clone)

    def _clone(self) -> str:
        return pg_server.clone_database(self._server, self._template)

    def take(self) -> str:
        """A fresh database's URL (a failed clone raises here, in the test that needed it)."""
        spare, self._spare = self._spare, self._worker.submit(self._clone)
        return spare.result(pg_server.START_TIMEOUT)

    def give_back(self, url: str) -> None:
        """Drop a used database (on the worker: the test goes on at once)."""
        self._worker.submit(pg_server.drop_database, self._server, url)

    def close(self) -> None:
        """Drop the spare, finish every pending drop."""
        try:
            spare = self._spare.result(pg_server.START_TIMEOUT)
        except Exception:  # nothing to drop; the server may be gone already
            spare = None
        if spare is not None:
            self.give_back(spare)
        self._worker.shutdown(wait=True)
