"""Presence follows the console (issue 19, item 5) when the console dies without signing out:
each console says it is alive (`People.heartbeat`) and an operator whose console missed three
of its words while free, in wrap-up or paused is signed out by the next colleague's heartbeat,
on every backend. The intervals here are fractions of a second; the waits are longer than the
deadlines they pass, never timed assertions."""

from __future__ import annotations

import asyncio

import pytest

from backends.errors import Invalid, NotFound
from backends.people.models import Presence
from backends.protocol import Backend
from tests.conformance.helpers import active_call, operator

SHORT = 0.1  # seconds between a test console's words: silent after 0.3 s
PAST_IT = 0.5  # seconds: longer than three missed words


async def test_a_console_gone_silent_signs_its_operator_out(backend: Backend) -> None:
    await operator(backend, "anna")
    await operator(backend, "bruno")
    assert await backend.people.heartbeat("anna", SHORT) == []
    await asyncio.sleep(PAST_IT)
    before = await backend.feed.last_event_id()
    assert await backend.people.heartbeat("bruno", 60) == ["anna"]
    assert (await backend.people.get_operator("anna")).presence is Presence.OFFLINE
    assert (await backend.people.get_operator("bruno")).presence is Presence.AVAILABLE
    events = [e for e in await backend.feed.read_events(before)
              if (e.kind, e.subject) == ("operator.presence", "operator:anna")]
    assert [(e.data["presence"], e.data["from"], e.data["reason"]) for e in events] == [
        ("offline", "available", "silent")]
    assert await backend.people.heartbeat("bruno", 60) == []  # once only


async def test_a_console_that_keeps_speaking_stays_signed_in(backend: Backend) -> None:
    await operator(backend, "anna")
    await operator(backend, "bruno")
    await backend.people.heartbeat("anna", 60)
    await asyncio.sleep(PAST_IT)
    assert await backend.people.heartbeat("bruno", SHORT) == []
    assert (await backend.people.get_operator("anna")).presence is Presence.AVAILABLE


@pytest.mark.parametrize("presence", [Presence.PAUSED, Presence.WRAP_UP])
async def test_a_silent_pause_or_wrap_up_is_signed_out_too(backend: Backend,
                                                           presence: Presence) -> None:
    await operator(backend, "anna")
    await operator(backend, "bruno")
    await backend.people.set_presence("anna", presence, "break")
    await backend.people.heartbeat("anna", SHORT)
    await asyncio.sleep(PAST_IT)
    assert await backend.people.heartbeat("bruno", 60) == ["anna"]


async def test_a_call_in_hand_away_and_dnd_are_left_as_they_are(backend: Backend) -> None:
    """A call in hand is offered back at the next start; away and do-not-disturb already say
    that nobody answers."""
    for name in ("anna", "carla", "dario", "bruno"):
        await operator(backend, name)
    await active_call(backend, "anna")
    await backend.people.set_presence("carla", Presence.AWAY, "lunch")
    await backend.people.set_presence("dario", Presence.DND)
    for name in ("anna", "carla", "dario"):
        await backend.people.heartbeat(name, SHORT)
    await asyncio.sleep(PAST_IT)
    assert await backend.people.heartbeat("bruno", 60) == []
    assert [(await backend.people.get_operator(n)).presence for n in ("anna", "carla", "dario")
            ] == [Presence.ON_CALL, Presence.AWAY, Presence.DND]


async def test_signing_in_again_after_the_silence_is_not_undone(backend: Backend) -> None:
    """The console that died comes back: its sign-in (presence set after the old mark ran out)
    stands until it has had the time to speak."""
    await operator(backend, "anna")
    await operator(backend, "bruno")
    await backend.people.heartbeat("anna", SHORT)
    await asyncio.sleep(PAST_IT)
    await backend.people.set_presence("anna", Presence.AVAILABLE)
    assert await backend.people.heartbeat("bruno", 60) == []
    assert (await backend.people.get_operator("anna")).presence is Presence.AVAILABLE


async def test_operators_that_never_spoke_are_never_signed_out(backend: Backend) -> None:
    """Colleagues without a console of their own (the demo's simulated ones, people set by a
    supervisor) have no heartbeat to miss."""
    await operator(backend, "anna")
    await operator(backend, "bruno")
    await asyncio.sleep(PAST_IT)
    assert await backend.people.heartbeat("bruno", SHORT) == []
    assert (await backend.people.get_operator("anna")).presence is Presence.AVAILABLE


async def test_a_heartbeat_names_its_problem(backend: Backend) -> None:
    await operator(backend, "anna")
    with pytest.raises(NotFound):
        await backend.people.heartbeat("nobody", 20)
    for every in (0, 601):
        with pytest.raises(Invalid) as refused:
            await backend.people.heartbeat("anna", every)
        assert refused.value.field == "every"
