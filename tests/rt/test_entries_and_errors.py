"""Notes are RT comments (internal), replies RT correspondence (mailed to the requestor);
RT's refusals, stale ETags, bad credentials and an unreachable RT become the backend errors."""

from __future__ import annotations

import uuid

import httpx
import pytest

from backends.customers.inputs import CustomerChanges, CustomerDraft
from backends.errors import Conflict, Forbidden, Invalid, NotFound, Unavailable
from backends.rt import RtBackend
from backends.rt.base import RtBase
from backends.tickets.inputs import TicketChanges, TicketDraft, TicketEntryDraft
from backends.tickets.models import EntryKind, TicketStatus
from tests.rt_server import RtServer


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


async def test_note_is_a_comment_and_reply_is_correspondence(rt_backend: RtBackend,
                                                             rt: RtServer) -> None:
    email = f"{unique('caller')}@example.com"
    owner = await rt_backend.customers.create_customer(
        CustomerDraft(name="Mail Reader", email=email)
    )
    created = await rt_backend.tickets.create_ticket(
        TicketDraft(subject="Billing", customer_id=owner.id)
    )
    note_text, reply_text = unique("internal-note"), unique("public-reply")
    note = await rt_backend.tickets.add_ticket_entry(created.id, TicketEntryDraft(
        kind=EntryKind.NOTE, author="anna", body=note_text))
    reply = await rt_backend.tickets.add_ticket_entry(created.id, TicketEntryDraft(
        kind=EntryKind.REPLY, author="bruno", body=reply_text))
    assert (note.kind, note.author, reply.kind, reply.author) == (
        EntryKind.NOTE, "anna", EntryKind.REPLY, "bruno")
    history = await rt_backend.client.collection(f"/ticket/{created.id}/history",
                                                 fields="Type")
    types = {int(t["id"]): t["Type"] for t in history}
    assert (types[note.id], types[reply.id]) == ("Comment", "Correspond")
    # RT mails correspondence to the requestor; a comment stays internal
    mailbox = (rt.state / "outgoing.mbox").read_text(errors="replace")
    assert reply_text in mailbox and note_text not in mailbox
    assert [e.body for e in await rt_backend.tickets.list_ticket_entries(created.id)] == [
        note_text, reply_text]


async def test_rt_200_with_an_error_message_is_invalid(rt_backend: RtBackend) -> None:
    """RT answers a PUT whose email belongs to another user with HTTP 200 and a message."""
    taken = f"{unique('taken')}@example.com"
    await rt_backend.customers.create_customer(CustomerDraft(name="First Owner", email=taken))
    other = await rt_backend.customers.create_customer(CustomerDraft(name="Second Person"))
    with pytest.raises(Invalid) as info:
        await rt_backend.customers.update_customer(
            other.id, other.version, CustomerChanges(email=taken)
        )
    assert info.value.field == "email"
    assert (await rt_backend.customers.get_customer(other.id)).email is None
    # the same at the client level, with a status RT does not know
    created = await rt_backend.tickets.create_ticket(TicketDraft(subject="Bogus status"))
    messages = await rt_backend.client.put_json(f"/ticket/{created.id}", {"Status": "bogus"})
    with pytest.raises(Invalid) as bogus:
        RtBase._raise_rt_refusals(messages)
    assert bogus.value.field == "status" and "bogus" in bogus.value.message


async def test_change_in_rt_since_our_read_is_a_conflict(rt_backend: RtBackend,
                                                         agent: httpx.AsyncClient) -> None:
    created = await rt_backend.tickets.create_ticket(TicketDraft(subject="Two hands"))
    answer = await agent.put(f"/ticket/{created.id}", json={"Subject": "Changed by the agent"})
    assert answer.status_code == 200, answer.text
    with pytest.raises(Conflict) as info:
        await rt_backend.tickets.update_ticket(created.id, created.version,
                                               TicketChanges(status=TicketStatus.OPEN))
    assert info.value.current.subject == "Changed by the agent"
    assert info.value.current.version == created.version + 1
    assert (await rt_backend.tickets.get_ticket(created.id)).status is TicketStatus.NEW


async def test_stale_if_match_is_refused_by_rt(rt_backend: RtBackend) -> None:
    """RT's own check: a PUT with an old ETag answers 412, which is Conflict; nothing changes."""
    created = await rt_backend.tickets.create_ticket(TicketDraft(subject="Old etag"))
    _body, etag = await rt_backend.client.get_json(f"/ticket/{created.id}")
    await rt_backend.client.put_json(f"/ticket/{created.id}", {"Subject": "New"}, if_match=etag)
    with pytest.raises(Conflict):
        await rt_backend.client.put_json(f"/ticket/{created.id}", {"Subject": "Lost"},
                                         if_match=etag)
    assert (await rt_backend.tickets.get_ticket(created.id)).subject == "New"


async def test_missing_records_are_not_found(rt_backend: RtBackend) -> None:
    with pytest.raises(NotFound):
        await rt_backend.client.get_json("/ticket/987654321")
    with pytest.raises(NotFound):
        await rt_backend.customers.get_customer_by_code("RT-987654")


@pytest.mark.parametrize("credentials", [
    {"user": "root", "password": "wrong-password"},
    {"token": "1-2-0123456789abcdef0123456789abcdef"},
])
async def test_bad_credentials_are_forbidden(rt: RtServer, tmp_path: object,
                                             credentials: dict[str, str]) -> None:
    backend = RtBackend(rt.url, local_store=tmp_path / "local.db",  # type: ignore[operator]
                        **credentials)
    with pytest.raises(Forbidden) as info:
        await backend.open()
    assert "check" in info.value.message
    await backend.close()


async def test_token_auth_works(rt: RtServer, tmp_path: object) -> None:
    backend = RtBackend(rt.url, token=rt.token,
                        local_store=tmp_path / "local.db")  # type: ignore[operator]
    await backend.open()
    try:
        created = await backend.customers.create_customer(CustomerDraft(name=unique("Token User")))
        assert (await backend.customers.get_customer(created.id)).name == created.name
    finally:
        await backend.close()


async def test_unreachable_rt_is_unavailable(tmp_path: object) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    backend = RtBackend(f"http://127.0.0.1:{port}", user="root", password="x",
                        local_store=tmp_path / "local.db", timeout=2)  # type: ignore[operator]
    with pytest.raises(Unavailable) as info:
        await backend.open()
    assert f"127.0.0.1:{port}" in info.value.message
    await backend.close()
