"""RtBackend: Request Tracker 5 for customers and tickets, composed with the local SQLite store
for everything RT has no notion of (calls, operators, directory, dispositions, transfers, the
change feed).

    rt+https://rt.example.com             RT at https://rt.example.com, queue "General"
    rt+http://127.0.0.1:8080/?queue=Support&scope=lab-3&poll=2

`queue`: the RT queue the console works in (tickets are created there, lists and searches
stay in it). `scope`: only customers whose user custom field "Console scope" holds this value
(one RT shared by several teams or training labs). `poll`: seconds between looks for changes
made in RT by others (default 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast
from urllib.parse import parse_qs, urlsplit, urlunsplit

import platformdirs

from backends.calls.api import Calls
from backends.calls.service import CallsService
from backends.capabilities import ALL_CAPABILITIES, Capability
from backends.customers.api import Customers
from backends.domain_registry import DomainKey
from backends.errors import Invalid, Unavailable
from backends.feed.api import Feed
from backends.i18n import _
from backends.people.api import People
from backends.private_files import make_private_dir
from backends.rt.base import RtShared
from backends.rt.client import RtClient
from backends.rt.customers import RtCustomers
from backends.rt.local import LocalBridge
from backends.rt.own_writes import OwnWrites
from backends.rt.poller import RtPoller
from backends.rt.shadows import RtReferences, ShadowingTransfers
from backends.rt.tickets import RtTickets
from backends.sqlite.backend import SqliteBackend
from backends.tickets.api import Tickets
from backends.transfers.api import Transfers

if TYPE_CHECKING:
    import httpx

    from backends.backend_options import BackendOptions

T = TypeVar("T")
DEFAULT_QUEUE = "General"
# (lookup type, name) of every custom field the mapping uses; see scripts/rt/start-rt.sh
USER_CFS = ("Phone", "Tags", "Consent")
TICKET_CFS = ("Tier", "Category", "Tags", "Assignee", "Calls")
TXN_CFS = ("Author", "Kind")
DEFAULT_POLL_SECONDS = 2.0
_COMPOSED = frozenset({"customers", "tickets", "calls", "people", "transfers", "feed"})


def split_rt_url(url: str) -> tuple[str, dict[str, str]]:
    """('http://host:port/path', {query options}) from 'rt+http://host:port/path?…'."""
    text = url.strip()
    if not text.lower().startswith(("rt+http://", "rt+https://")):
        raise Invalid("backend", _("'{url}' is not an RT URL (rt+https://host)").format(url=url))
    parts = urlsplit(text[3:])
    if not parts.hostname:
        raise Invalid("backend", _("the RT URL names no host"))
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    base = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
    return base, options


def default_local_store(base_url: str) -> Path:
    parts = urlsplit(base_url)
    label = f"{parts.hostname}-{parts.port or parts.scheme}".replace(":", "-")
    return Path(platformdirs.user_data_dir("centralino", appauthor=False)) / f"rt-{label}.db"


class RtBackend:
    """Customers and tickets are RT's (rt/customers.py, rt/tickets.py); calls, people,
    transfers and the feed are the local store's, composed by assignment in `__init__`
    (docs/ARCHITECTURE.md)."""

    name: ClassVar[str] = "rt"
    capabilities: ClassVar[frozenset[Capability]] = ALL_CAPABILITIES - {Capability.FTS,
                                                                         Capability.BULK}
    customers: Customers
    tickets: Tickets
    calls: Calls
    people: People
    transfers: Transfers
    feed: Feed

    def __init__(self, base_url: str, *, token: str | None = None, user: str | None = None,
                 password: str | None = None, timeout: float = 10.0,
                 local_store: Path | SqliteBackend | None = None, region: str = "IT",
                 queue: str = DEFAULT_QUEUE, scope: str | None = None,
                 poll_seconds: float = DEFAULT_POLL_SECONDS,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.client = RtClient(self.base_url, token=token, user=user, password=password,
                               timeout=timeout, transport=transport)
        if isinstance(local_store, SqliteBackend):
            self.local = local_store
        else:
            path = local_store or default_local_store(self.base_url)
            make_private_dir(Path(path).parent)  # 0700: the local store holds calls
            self.local = SqliteBackend(path, region=region)
        self.bridge = LocalBridge(self.local)
        self.region = region.upper()
        if not queue.strip():
            raise Invalid("queue", _("the RT queue name is empty"))
        self.queue = queue.strip()
        self.scope = scope.strip() if scope and scope.strip() else None
        self.own_writes = OwnWrites()
        self.poller = RtPoller(self.client, self.bridge, self.own_writes, queue=self.queue,
                               scope=self.scope, interval=poll_seconds)
        # the domains: RT's own, and the local store's with RT's records shadowed there first
        shared = RtShared(self.client, self.local, self.bridge, self.region, self.queue,
                          self.scope, self.own_writes)
        self.customers = RtCustomers(shared)
        self.tickets = RtTickets(shared, self.customers)
        references = RtReferences(self.customers, self.tickets, self.bridge)
        self.calls = CallsService(self.local.calls_storage, self.local.region, references)
        self.people = self.local.people
        self.transfers = ShadowingTransfers(self.local.transfers, references)
        self.feed = self.local.feed
        self._opened = False

    @classmethod
    def from_url(cls, url: str, options: BackendOptions) -> RtBackend:
        base, query = split_rt_url(url)
        try:
            poll = float(query.get("poll", DEFAULT_POLL_SECONDS))
        except ValueError:
            raise Invalid("poll", _("'{value}' is not a number of seconds").format(
                value=query.get("poll"))) from None
        return cls(base, token=options.token, user=options.user, password=options.password,
                   timeout=options.timeout, local_store=options.local_store,
                   region=options.region, queue=query.get("queue", DEFAULT_QUEUE),
                   scope=query.get("scope"), poll_seconds=max(0.2, poll))

    def __repr__(self) -> str:
        return f"RtBackend({self.base_url!r}, queue={self.queue!r})"

    def domain(self, key: DomainKey[T]) -> T:
        """The six domains as composed above; any other from the local store."""
        if key.name in _COMPOSED:
            return cast(T, getattr(self, key.name))
        return self.local.domain(key)

    async def open(self) -> None:
        if self._opened:
            return
        await self.local.open()
        try:
            await self.bridge.setup()
            await self.client.open()
            await self._check_custom_fields()
            await self.poller.start()
        except BaseException:
            await self.client.close()
            await self.local.close()
            raise
        self._opened = True

    async def _check_custom_fields(self) -> None:
        """Refuse to start, naming what is missing, rather than lose data into nowhere (RT
        ignores values for custom fields it does not have)."""
        items = await self.client.collection(
            "/customfields", body=[{"field": "Disabled", "value": "0"}], limit=1000,
            fields="Name,LookupType")
        have = {(str(i.get("LookupType")), str(i.get("Name"))) for i in items}
        wanted = [("RT::User", n) for n in (*USER_CFS, *(("Console scope",) if self.scope
                                                          else ()))]
        wanted += [("RT::Queue-RT::Ticket", n) for n in TICKET_CFS]
        wanted += [("RT::Queue-RT::Ticket-RT::Transaction", n) for n in TXN_CFS]
        missing = [f"{name} ({lookup.rsplit('::', 1)[-1].lower()})"
                   for lookup, name in wanted if (lookup, name) not in have]
        if missing:
            raise Invalid("backend", _("RT at {url} lacks the custom fields {names}: create "
                                       "them as scripts/rt/start-rt.sh does").format(
                url=self.base_url, names=", ".join(missing)))

    # -- bulk: RT has no bulk load; the local store's health is what can be checked ----------
    async def bulk_load(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        raise Unavailable(_("the rt backend has no bulk load; create records in RT"))

    async def integrity_check(self) -> list[str]:
        return await self.local.integrity_check()

    async def close(self) -> None:
        await self.poller.stop()
        await self.client.close()
        await self.local.close()
        self._opened = False

    async def __aenter__(self) -> RtBackend:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
