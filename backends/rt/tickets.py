"""Tickets are RT tickets in the backend's queue; notes are comments, replies correspondence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from backends.calls.inputs import CallChanges
from backends.customers.api import Customers
from backends.errors import Conflict, Invalid, NotFound, invalid_from_validation
from backends.i18n import _
from backends.rt import mapping
from backends.rt.base import RtBase, RtShared
from backends.tickets import rules
from backends.tickets.inputs import TicketChanges, TicketDraft, TicketEntryDraft
from backends.tickets.models import EntryKind, Ticket, TicketEntry, TicketStatus, parse_ticket_ref

_ENTRY_TYPES = {"Create": EntryKind.NOTE, "Comment": EntryKind.NOTE,
                "Correspond": EntryKind.REPLY}
# RT transactions that add to a ticket's history without changing any of its fields
_FIELD_NEUTRAL = frozenset({"Comment", "Correspond", "EmailRecord", "CommentEmailRecord"})


class RtTickets(RtBase):
    """The tickets domain (backends/tickets/api.py) over RT tickets; customers are RT's own."""

    def __init__(self, shared: RtShared, customers: Customers) -> None:
        super().__init__(shared)
        self.customers = customers

    # -- reading --------------------------------------------------------------------------
    async def _requestor_id(self, record: dict[str, Any]) -> int | None:
        requestors = record.get("Requestor") or []
        name = mapping.ref_name(requestors[0]) if requestors else None
        if name is None:
            return None
        if name not in self._user_ids:
            items = await self.client.collection(
                "/users", body=[{"field": "Name", "value": name}], limit=1, fields="id,Name")
            if not items:
                return None
            self._user_ids[name] = int(items[0]["id"])
        return self._user_ids[name]

    async def get_ticket(self, ticket_id: int) -> Ticket:
        try:
            record, etag = await self.client.get_json(f"/ticket/{int(ticket_id)}")
        except (NotFound, Invalid):
            raise NotFound(_("no ticket {id}").format(id=ticket_id)) from None
        ticket_id = int(record["id"])

        async def only_entries(old: int, new: int) -> bool:
            return await self._only_entries_between(ticket_id, old, new)

        version = await self.bridge.observe("ticket", ticket_id, etag, only_entries)
        ticket = mapping.ticket_from_rt(record, version=version,
                                        customer_id=await self._requestor_id(record))
        # the Calls field records the call a ticket was opened from; links made later
        # (a call linked to an existing ticket) live with the calls, in the local store
        linked = await self.bridge.calls_of_ticket(ticket_id)
        if set(linked) - set(ticket.call_ids):
            ticket.call_ids = sorted({*ticket.call_ids, *linked})
        return ticket

    async def _only_entries_between(self, ticket_id: int, old: int, new: int) -> bool:
        items = await self.client.collection("/transactions", limit=500, fields="Type", body=[
            {"field": "ObjectType", "value": "RT::Ticket"},
            {"field": "ObjectId", "value": str(ticket_id)},
            {"field": "id", "operator": ">", "value": str(old)}])
        between = [i for i in items if int(i["id"]) <= new]
        return bool(between) and all(str(i.get("Type")) in _FIELD_NEUTRAL for i in between)

    async def _tickets(self, ids: Sequence[int]) -> list[Ticket]:
        return [t for t in await self._gather(self.get_ticket(i) for i in ids) if t]

    async def _ticket_ids(self, conditions: list[str], limit: int) -> list[int]:
        query = " AND ".join([f"Queue = {mapping.sql_literal(self.queue)}", *conditions])
        items = await self.client.collection("/tickets", limit=limit, query=query,
                                             orderby="id", order="DESC", fields="id")
        return [int(i["id"]) for i in items]

    async def list_tickets(self, *, customer_id: int | None = None,
                           statuses: Sequence[TicketStatus] | None = None,
                           assignee: str | None = None, limit: int = 50) -> list[Ticket]:
        conditions: list[str] = []
        if customer_id is not None:
            conditions.append(f"Requestor.id = {int(customer_id)}")
        if statuses:
            wanted = {s for s, ours in mapping.STATUS_FROM_RT.items() if ours in set(statuses)}
            conditions.append("(" + " OR ".join(f"Status = {mapping.sql_literal(s)}"
                                                for s in sorted(wanted)) + ")")
        if assignee is not None:
            conditions.append(f"CF.{{Assignee}} = {mapping.sql_literal(assignee)}")
        limit = max(1, min(int(limit), 500))
        return await self._tickets(await self._ticket_ids(conditions, limit))

    async def search_tickets(self, query: str, limit: int = 20) -> list[Ticket]:
        text = query.strip()
        limit = max(1, min(int(limit), 100))
        if not text or len(text) > 300 or "\x00" in text:
            return []
        ids: list[int] = []
        ref = parse_ticket_ref(text)
        if ref:
            ids.append(ref)
        literal = mapping.sql_literal(mapping.like_pattern_safe(text))
        try:
            ids += await self._ticket_ids([f"(Subject LIKE {literal} OR Content LIKE {literal})"],
                                          limit)
        except Invalid:  # an RT without full-text search refuses Content: subjects only
            ids += await self._ticket_ids([f"Subject LIKE {literal}"], limit)
        unique = list(dict.fromkeys(ids))[:limit]
        return await self._tickets(unique)

    async def list_ticket_entries(self, ticket_id: int) -> list[TicketEntry]:
        await self.get_ticket(ticket_id)  # NotFound; RT lists a missing ticket's history as []
        history = await self.client.collection(
            f"/ticket/{int(ticket_id)}/history", limit=1000,
            fields="Type,Creator,Created,CustomFields")
        attachments = await self.client.collection(
            f"/ticket/{int(ticket_id)}/attachments", limit=1000,
            fields="TransactionId,ContentType,Content")
        texts: dict[int, str] = {}
        for item in attachments:
            txn = int(item.get("TransactionId") or 0)
            if txn not in texts and str(item.get("ContentType", "")).startswith("text/plain"):
                texts[txn] = str(item.get("Content") or "")
        entries: list[TicketEntry] = []
        for record in sorted(history, key=lambda t: int(t["id"])):
            kind = _ENTRY_TYPES.get(str(record.get("Type")))
            body = texts.get(int(record["id"]), "")
            if kind is None or not body.strip():
                continue
            stored_kind = mapping.cf_first(record, "Kind")
            if stored_kind is not None and stored_kind in EntryKind._value2member_map_:
                kind = EntryKind(stored_kind)
            author = mapping.cf_first(record, "Author") or mapping.ref_name(record.get("Creator"))
            entries.append(TicketEntry(
                id=int(record["id"]), ticket_id=int(ticket_id), kind=kind,
                author=(author[:40] if author else None), body=body[:100000],
                created_at=mapping.date_from_rt(record.get("Created")) or datetime.now(UTC)))
        return entries

    # -- writing --------------------------------------------------------------------------
    async def _post_entry(self, ticket_id: int, entry: TicketEntryDraft) -> None:
        path = "correspond" if entry.kind is EntryKind.REPLY else "comment"
        txn_fields = {"Kind": entry.kind.value}
        if entry.author:
            txn_fields["Author"] = entry.author
        await self.client.post_json(f"/ticket/{int(ticket_id)}/{path}", {
            "Content": entry.body, "ContentType": "text/plain", "TxnCustomFields": txn_fields})

    async def _after_write(self, ticket_id: int, kind: str, data: dict[str, Any]) -> Ticket:
        ticket = await self.get_ticket(ticket_id)
        await self._record_own(f"ticket:{ticket_id}", ticket)
        await self.bridge.emit(kind, f"ticket:{ticket_id}", {**data, "source": "rt"})
        return ticket

    async def create_ticket(self, draft: TicketDraft) -> Ticket:
        try:
            draft = TicketDraft.model_validate(draft.model_dump())
        except ValidationError as exc:
            raise invalid_from_validation(exc) from None
        if draft.customer_id is not None:
            try:
                await self.customers.get_customer(draft.customer_id)
            except NotFound:
                raise Invalid("customer_id", _("there is no customer {id}").format(
                    id=draft.customer_id)) from None
        call = None
        if draft.call_id is not None:
            try:
                call = await self.local.calls.get_call(draft.call_id)
            except NotFound:
                raise Invalid("call_id", _("there is no call {id}").format(
                    id=draft.call_id)) from None
        body = mapping.ticket_fields_to_rt(draft.model_dump(
            include={"subject", "status", "priority", "due_at", "tier", "category", "tags",
                     "assignee"}))
        body["Queue"] = self.queue
        if draft.customer_id is not None:
            body["Requestor"] = [str(draft.customer_id)]
        if draft.call_id is not None:
            body.setdefault("CustomFields", {})["Calls"] = [str(draft.call_id)]
        async with self._own_write():
            created = await self.client.post_json("/ticket", body)
            ticket_id = int(created["id"])
            if draft.body.strip():
                await self._post_entry(ticket_id, TicketEntryDraft(
                    kind=EntryKind.NOTE, author=draft.author, body=draft.body))
            ticket = await self._after_write(ticket_id, "ticket.created", {
                "customer_id": draft.customer_id, "call_id": draft.call_id})
        if call is not None:
            await self._link_call(call.id, ticket)
        return ticket

    async def _link_call(self, call_id: int, ticket: Ticket) -> None:
        await self.bridge.shadow_ticket(ticket)
        for _attempt in range(3):  # the call may move on meanwhile: re-read and retry
            call = await self.local.calls.get_call(call_id)
            if ticket.id in call.ticket_ids:
                return
            try:
                await self.local.calls.update_call(call.id, call.version, CallChanges(
                    ticket_ids=[*call.ticket_ids, ticket.id]))
                return
            except Conflict:
                continue

    async def _current_for_update(self, ticket_id: int, version: int) -> Ticket:
        current = await self.get_ticket(ticket_id)
        if current.version != version:
            raise Conflict(_("ticket {ref} was changed by somebody else").format(
                ref=current.ref), current=current)
        return current

    async def _put_ticket(self, ticket_id: int, version: int, body: dict[str, Any]) -> None:
        etag = await self.bridge.etag_for("ticket", ticket_id, version)
        try:
            messages = await self.client.put_json(f"/ticket/{ticket_id}", body, if_match=etag)
        except Conflict:
            fresh = await self.get_ticket(ticket_id)
            raise Conflict(_("ticket {ref} was changed by somebody else").format(
                ref=fresh.ref), current=fresh) from None
        self._raise_rt_refusals(messages)

    async def update_ticket(self, ticket_id: int, version: int,
                            changes: TicketChanges) -> Ticket:
        fields = _checked_ticket_changes(changes)
        async with self._lock_for(f"ticket:{int(ticket_id)}"):
            return await self._update_ticket(int(ticket_id), version, fields)

    async def _update_ticket(self, ticket_id: int, version: int,
                             fields: dict[str, Any]) -> Ticket:
        current = await self._current_for_update(ticket_id, version)
        if not fields:
            return current
        body = mapping.ticket_fields_to_rt(fields)
        if "customer_id" in fields:
            customer_id = fields["customer_id"]
            if customer_id is not None:
                try:
                    await self.customers.get_customer(customer_id)
                except NotFound:
                    raise Invalid("customer_id", _("there is no customer {id}").format(
                        id=customer_id)) from None
            body["Requestor"] = [str(customer_id)] if customer_id is not None else []
        async with self._own_write():
            await self._put_ticket(ticket_id, version, body)
            return await self._after_write(ticket_id, "ticket.updated",
                                           {"fields": sorted(fields)})

    async def escalate_ticket(self, ticket_id: int, version: int, author: str,
                              reason: str = "") -> Ticket:
        async with self._lock_for(f"ticket:{int(ticket_id)}"):
            return await self._escalate(int(ticket_id), version, author, reason)

    async def _escalate(self, ticket_id: int, version: int, author: str,
                        reason: str) -> Ticket:
        current = await self._current_for_update(ticket_id, version)
        tier = rules.next_tier(current)  # the rules every store shares
        body: dict[str, Any] = {"CustomFields": {"Tier": str(tier)}}
        status = rules.status_after_escalation(current)
        if status is not None:
            body.update(mapping.ticket_fields_to_rt({"status": status}))
        async with self._own_write():
            await self._put_ticket(ticket_id, version, body)
            text = _("Escalated to tier {tier} by {author}").format(tier=tier, author=author)
            await self._post_entry(ticket_id, TicketEntryDraft(
                kind=EntryKind.SYSTEM, author=author[:40] or None,
                body=f"{text}: {reason}" if reason.strip() else text))
            return await self._after_write(ticket_id, "ticket.escalated",
                                           {"tier": tier, "by": author})

    async def add_ticket_entry(self, ticket_id: int, entry: TicketEntryDraft) -> TicketEntry:
        try:
            entry = TicketEntryDraft.model_validate(entry.model_dump())
        except ValidationError as exc:
            raise invalid_from_validation(exc) from None
        await self.get_ticket(ticket_id)
        async with self._own_write():
            await self._post_entry(ticket_id, entry)
            await self._after_write(ticket_id, "ticket.entry", {"kind": entry.kind.value})
        entries = await self.list_ticket_entries(ticket_id)
        mine = [e for e in entries if e.kind is entry.kind and e.body == entry.body]
        if not mine:  # RT rewrote the text (e.g. trailing whitespace): the newest entry
            mine = entries[-1:]
        return mine[-1]

    async def save_ticket(self, ticket_id: int, version: int, changes: TicketChanges,
                          note: TicketEntryDraft | None = None) -> tuple[Ticket, list[TicketEntry]]:
        """The editor's save. RT's REST API cannot change fields and add a comment in one
        request, so this is two, in order, under the ticket's lock: the update (when any field
        is set: If-Match on `version`, Conflict and nothing written when stale), then the
        note as a comment. A failure between them leaves the update without the note."""
        fields = _checked_ticket_changes(changes)
        if note is not None and note.body.strip():
            try:
                note = TicketEntryDraft.model_validate(note.model_dump())
            except ValidationError as exc:
                raise invalid_from_validation(exc) from None
        else:
            note = None
        ticket_id = int(ticket_id)
        async with self._lock_for(f"ticket:{ticket_id}"):
            ticket = (await self._update_ticket(ticket_id, version, fields) if fields
                      else await self.get_ticket(ticket_id))
            if note is not None:
                async with self._own_write():
                    await self._post_entry(ticket_id, note)
                    ticket = await self._after_write(ticket_id, "ticket.entry",
                                                     {"kind": note.kind.value})
        return ticket, await self.list_ticket_entries(ticket_id)


def _checked_ticket_changes(changes: TicketChanges) -> dict[str, Any]:
    raw = changes.model_dump(exclude_unset=True)
    try:
        fields = TicketChanges.model_validate(raw).model_dump(exclude_unset=True)
    except ValidationError as exc:
        raise invalid_from_validation(exc) from None
    for required in ("subject", "status", "priority", "category", "tier"):
        if required in fields and fields[required] is None:
            raise Invalid(required, _("cannot be empty"))
    if "tags" in fields and fields["tags"] is None:
        fields["tags"] = []
    return fields
