"""Messages for colleagues and departments (issue 19, item 3), on every backend: taken for
somebody the house knows, with the number and customer of the call, an inbox with an unread
count, read and done by the recipient (or a receptionist), kept in a known caller's history,
and the e-mail path's claim and record (mailed once, a failure tried again later)."""

from __future__ import annotations

import pytest

from backends.calls.inputs import CallDraft
from backends.calls.models import CallState
from backends.errors import Forbidden, Invalid
from backends.messages.api import MESSAGES, Messages
from backends.messages.inputs import MessageDraft
from backends.messages.models import Urgency
from backends.people.models import DirectoryEntry, DirectoryKind, Operator, Presence, Role
from backends.protocol import Backend
from tests.conformance.helpers import ROME, customer, mail_worker, operator


async def test_a_message_from_a_known_caller_lands_in_the_inbox_and_history(
        backend: Backend) -> None:
    messages = backend.domain(MESSAGES)
    await operator(backend, "bruno")
    await operator(backend, "rita")
    mario = await customer(backend, phones=[ROME])
    call = await backend.calls.create_call(CallDraft(caller=ROME, customer_id=mario.id))
    taken = await messages.take_message(MessageDraft(
        for_name="BRUNO", taken_by="rita", caller_name="Mario Rossi", company="Rossi Srl",
        reason="the invoice of March", urgency=Urgency.URGENT, call_id=call.id))
    assert (taken.for_name, taken.number, taken.customer_id) == ("bruno", ROME, mario.id)
    assert (taken.urgency, taken.call_back, taken.read_at) == (Urgency.URGENT, True, None)
    assert [m.id for m in await messages.inbox("bruno")] == [taken.id]
    assert await messages.unread_count("bruno") == 1
    assert [m.id for m in await messages.for_customer(mario.id)] == [taken.id]
    read = await messages.mark_read(taken.id, "bruno")
    assert read.read_at is not None and read.done_at is None
    assert await messages.unread_count("bruno") == 0
    done = await messages.mark_done(taken.id, "bruno")
    assert (done.done_by, done.done_at is not None) == ("bruno", True)
    assert await messages.inbox("bruno") == []
    assert [m.id for m in await messages.inbox("bruno", include_done=True)] == [taken.id]


async def test_a_message_for_a_department_and_who_may_handle_it(backend: Backend) -> None:
    messages = backend.domain(MESSAGES)
    await backend.people.upsert_directory_entry(DirectoryEntry(
        name="Accounts", kind=DirectoryKind.DEPARTMENT))
    await operator(backend, "carlo")
    await backend.people.upsert_operator(Operator(name="rita", role=Role.RECEPTIONIST))
    taken = await messages.take_message(MessageDraft(
        for_name="accounts", taken_by="rita", caller_name="Ana Pop", number="+40721234567",
        call_back=False))
    assert (taken.for_name, taken.number, taken.call_back) == ("Accounts", "+40721234567",
                                                              False)
    with pytest.raises(Forbidden):
        await messages.mark_done(taken.id, "carlo")
    assert (await messages.mark_done(taken.id, "rita")).done_by == "rita"


async def test_a_message_for_nobody_or_saying_nothing_is_refused(backend: Backend) -> None:
    messages = backend.domain(MESSAGES)
    await operator(backend, "rita")
    with pytest.raises(Invalid) as unknown:
        await messages.take_message(MessageDraft(for_name="nobody", taken_by="rita",
                                                 caller_name="Mario"))
    assert unknown.value.field == "for_name" and "nobody" in unknown.value.message
    await operator(backend, "bruno")
    with pytest.raises(Invalid) as empty:
        await messages.take_message(MessageDraft(for_name="bruno", taken_by="rita"))
    assert empty.value.field == "caller_name"
    assert await messages.inbox("bruno") == []


async def test_mail_is_claimed_once_and_a_failure_is_kept_for_later(backend: Backend) -> None:
    async with mail_worker(backend) as worker:
        await claimed_once(backend, worker)


async def claimed_once(backend: Backend, worker: Messages) -> None:
    messages = backend.domain(MESSAGES)
    await operator(backend, "rita")
    await backend.people.upsert_directory_entry(DirectoryEntry(
        name="Laura Bianchi", email="laura@example.com"))
    await backend.people.upsert_directory_entry(DirectoryEntry(name="No Mail"))
    mailed = await messages.take_message(MessageDraft(
        for_name="laura bianchi", taken_by="rita", caller_name="Mario"))
    quiet = await messages.take_message(MessageDraft(
        for_name="no mail", taken_by="rita", caller_name="Mario"))
    assert (mailed.mail_to, mailed.waiting_for_mail) == ("laura@example.com", True)
    assert (quiet.mail_to, quiet.waiting_for_mail) == (None, False)
    if worker is not messages:  # over HTTP: the factory's admin token is no mail worker
        with pytest.raises(Forbidden):
            await messages.claim_mail()
    claimed = await worker.claim_mail()
    assert [m.id for m in claimed] == [mailed.id]
    assert await worker.claim_mail() == []  # claimed: no second sender gets it
    failed = await worker.record_mail(mailed.id, "connection refused")
    assert (failed.mail_error, failed.mailed_at, failed.waiting_for_mail) == (
        "connection refused", None, True)
    assert failed.mail_attempts == 1 and failed.next_mail_at is not None
    done = await worker.record_mail(mailed.id)
    assert done.mailed_at is not None and not done.waiting_for_mail
    again = await worker.record_mail(mailed.id, "late failure")
    assert again.mailed_at == done.mailed_at and again.mail_error is None


async def test_a_call_ends_with_the_message_outcome_on_every_store(backend: Backend) -> None:
    """The switchboard ends the caller's call once their message is taken
    (screens/switchboard/message_send.py): every store knows the outcome, and the operators'
    wrap-up list does not offer it."""
    from backends.messages.rules import MESSAGE_OUTCOME
    from tests.conformance.helpers import active_call

    call = await active_call(backend, "rita")
    await backend.calls.end_call(call.id, "rita")
    done = await backend.calls.finish_call(call.id, "rita", MESSAGE_OUTCOME)
    assert (done.state, done.disposition) == (CallState.DONE, MESSAGE_OUTCOME)
    assert (await backend.people.get_operator("rita")).presence is Presence.AVAILABLE
    offered = [d.code for d in await backend.people.list_dispositions() if d.active]
    assert MESSAGE_OUTCOME not in offered
