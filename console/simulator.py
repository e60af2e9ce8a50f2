"""The live call simulator: callers arrive, wait, hang up; colleagues go busy and free;
simulated colleagues answer the transfers offered to them.

It speaks only the Backend protocol, so it drives any store: the demo runs it inside the
console, `centralino simulate` runs it as its own process for labs and load. BackendErrors are
logged and counted, never fatal; a lost race (Conflict) is the normal outcome of an operator
being quicker than the simulated caller.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import replace

from backends.calls.models import Call, CallState, Channel
from backends.customers.models import Customer
from backends.errors import BackendError, Conflict, NotFound
from backends.i18n import _
from backends.protocol import Backend
from console.sim_callers import CallerFactory, asking_for
from console.sim_colleagues import ColleagueSimulator
from console.sim_follow_up import FollowUpSimulator
from console.sim_settings import Clock, SimEvent, SimulatorConfig, SimulatorStats

log = logging.getLogger("centralino.simulator")

_ABANDONABLE = (CallState.WAITING, CallState.OFFERED)

# the names callers import from here
__all__ = ["CallSimulator", "Clock", "SimEvent", "SimulatorConfig", "SimulatorStats",
           "left_to_its_scenario", "run_simulator"]


def left_to_its_scenario(call: Call) -> bool:
    """A call ringing for one named operator (`CallDraft.offered_to`): a lab's staged caller.
    Its scenario decides how that caller behaves (the trainee's console follows the call), so
    the simulator neither gives it a patience nor hangs it up: a lab database can have
    simulated traffic and colleagues beside its trainees without losing their callers."""
    return call.state is CallState.OFFERED and call.operator is not None


class CallSimulator:
    def __init__(self, backend: Backend, config: SimulatorConfig | None = None, *,
                 seed: int | None = None, clock: Clock = time.monotonic,
                 on_event: Callable[[SimEvent], None] | None = None) -> None:
        self.backend = backend
        self.config = config or SimulatorConfig()
        self.clock = clock
        self.stats = SimulatorStats()
        self._on_event = on_event
        base = seed if seed is not None else random.randrange(2**32)
        # one generator per activity, so their interleaving does not change what each draws
        self._arrival_rng = random.Random(f"{base}:arrivals")
        self._patience_rng = random.Random(f"{base}:patience")
        self._pool_rng = random.Random(f"{base}:pool")
        self._asks_rng = random.Random(f"{base}:asks")  # whom voice callers ask for
        self.callers = CallerFactory(random.Random(f"{base}:callers"), self.config.mix)
        self.colleagues = ColleagueSimulator(self, random.Random(f"{base}:colleagues"))
        self.follow_up = FollowUpSimulator(self, random.Random(f"{base}:follow-up"))
        self._halt = asyncio.Event()
        self._deadlines: dict[int, float] = {}  # call id → when the caller hangs up
        self._pool: list[Customer] = []

    # -- plumbing shared with the colleague simulator -------------------------------------
    def emit(self, kind: str, text: str) -> None:
        if self._on_event is not None:
            self._on_event(SimEvent(kind, text))

    def failed(self, doing: str, exc: BackendError) -> None:
        self.stats.errors += 1
        log.info("simulator: %s failed: %s", doing, exc.message)
        self.emit("error", _("{doing} failed: {message}").format(doing=doing,
                                                                  message=exc.message))

    def leaves_alone(self, call: Call) -> bool:
        """A lab's caller: ringing for one trainee, or from a scenario persona's number (a
        staged call the trainee transferred to a queue still belongs to the scenario)."""
        return left_to_its_scenario(call) or call.caller in self.config.reserved_numbers

    @property
    def halted(self) -> bool:
        return self._halt.is_set()

    async def pause(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True as soon as the simulator is told to stop."""
        if self._halt.is_set():
            return True
        try:
            await asyncio.wait_for(self._halt.wait(), timeout=max(0.0, seconds))
        except TimeoutError:
            return False
        return True

    def stop(self) -> None:
        self._halt.set()

    # -- the run ------------------------------------------------------------------------
    async def run(self, *, duration: float | None = None,
                  stop: asyncio.Event | None = None) -> SimulatorStats:
        """Run until `stop` is set, `duration` seconds pass or `self.stop()` is called."""
        await self._refill_pool()
        async with asyncio.TaskGroup() as group:
            group.create_task(self._arrivals())
            group.create_task(self._hang_ups())
            group.create_task(self.colleagues.presence_loop())
            group.create_task(self.colleagues.transfer_loop())
            group.create_task(self.follow_up.survey_loop())
            if self.config.adopt_waiting:
                group.create_task(self._adopt_waiting())
            await self._until_done(duration, stop)
            self._halt.set()
        return self.stats

    async def _until_done(self, duration: float | None, stop: asyncio.Event | None) -> None:
        waiters = [asyncio.ensure_future(self._halt.wait())]
        if stop is not None:
            waiters.append(asyncio.ensure_future(stop.wait()))
        try:
            await asyncio.wait(waiters, timeout=duration, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()

    # -- customers to call from -----------------------------------------------------------
    async def _refill_pool(self) -> None:
        """A sample of existing customers: type-ahead searches on common name starts, plus
        look-ups of random ids (stores that number customers from 1 yield more)."""
        found: dict[int, Customer] = {c.id: c for c in self._pool}
        rng = self._pool_rng
        try:
            for prefix in rng.sample(list("abcdefgijlmnoprst"), k=6):
                for customer in await self.backend.customers.search_customers(prefix, limit=40):
                    found[customer.id] = customer
                if len(found) >= self.config.customer_pool:
                    break
            top = max(found, default=50)
            for customer_id in rng.sample(range(1, top * 2 + 1), k=min(20, top * 2)):
                try:
                    customer = await self.backend.customers.get_customer(customer_id)
                except NotFound:
                    continue
                found[customer.id] = customer
        except BackendError as exc:
            self.failed(_("sampling customers"), exc)
        # sorted so the same store gives the same pool, whatever order searches returned;
        # thinned at random (not by id) so the random look-ups of high ids stay in
        # a lab persona's record (made when its call was staged) never calls at random: a
        # second "Anna Verdi" in the queue would be taken for the trainee's scenario caller
        reserved = self.config.reserved_numbers
        ids = sorted(key for key, customer in found.items()
                     if reserved.isdisjoint(customer.phones))
        if len(ids) > self.config.customer_pool:
            ids = sorted(rng.sample(ids, self.config.customer_pool))
        self._pool = [found[key] for key in ids]

    # -- arrivals -------------------------------------------------------------------------
    async def _arrivals(self) -> None:
        rate = self.config.rate_per_minute / 60.0
        if rate <= 0:
            return
        next_at = self.clock() + self._arrival_rng.expovariate(rate)
        refill_at = self.clock() + 60.0
        while not self.halted:
            # absolute schedule: a slow write does not slow the Poisson process down
            if await self.pause(next_at - self.clock()):
                return
            await self.arrive()
            next_at += self._arrival_rng.expovariate(rate)
            if self.clock() >= refill_at:
                refill_at = self.clock() + 60.0
                await self._refill_pool()

    async def arrive(self) -> int | None:
        """One caller joins a queue now. Returns the new call's id (None when it failed)."""
        draft = self.callers.draft(self._pool)
        if draft.channel is Channel.VOICE and self.colleagues.directory:
            draft = asking_for(draft, list(self.colleagues.directory.values()), self._asks_rng)
        try:
            call = await self.backend.calls.create_call(draft)
        except BackendError as exc:
            self.failed(_("new call"), exc)
            return None
        self.stats.arrived += 1
        self.stats.call_ids.append(call.id)
        if call.customer_id is not None:
            self.stats.known_callers += 1
        self._deadlines[call.id] = self.clock() + self._patience()
        text = _("#{id} {channel} from {caller} waits in {queue} (priority {priority})")
        self.emit("arrived", text.format(id=call.id, channel=call.channel.value,
                                         caller=call.caller, queue=call.queue,
                                         priority=call.priority) + (" VIP" if call.vip else ""))
        return call.id

    def _patience(self) -> float:
        low, high = self.config.patience
        return self._patience_rng.uniform(low, high)

    # -- hang-ups -------------------------------------------------------------------------
    async def _hang_ups(self) -> None:
        tick = min(1.0, max(0.05, self.config.patience[0] / 2))
        while not await self.pause(tick):
            now = self.clock()
            due = [cid for cid, at in self._deadlines.items() if at <= now]
            for call_id in due:
                if self.halted:
                    return
                self._deadlines.pop(call_id, None)
                await self.hang_up(call_id)

    async def hang_up(self, call_id: int) -> bool:
        """The caller gives up, if nobody has answered yet (a lab's caller never does:
        `leaves_alone`). True when the call was abandoned.

        Read first: on hold → abandoned is a legal move too, but that caller was answered.
        The state change itself is conditional, so an operator's claim in between wins."""
        try:
            call = await self.backend.calls.get_call(call_id)
            if call.state not in _ABANDONABLE or self.leaves_alone(call):
                return False
            await self.backend.calls.set_call_state(call_id, CallState.ABANDONED)
        except Conflict:
            return False  # answered in the meantime: the operator won
        except BackendError as exc:
            self.failed(_("hang-up of call {id}").format(id=call_id), exc)
            return False
        self.stats.abandoned += 1
        self.emit("abandoned", _("#{id} hung up after waiting too long").format(id=call_id))
        await self.follow_up.asked_back(call)
        return True

    async def _adopt_waiting(self) -> None:
        while not await self.pause(self.config.adopt_every):
            try:
                waiting = await self.backend.calls.list_calls(states=list(_ABANDONABLE), limit=500)
            except BackendError as exc:
                self.failed(_("reading the queue"), exc)
                continue
            self.watch(call.id for call in waiting if not self.leaves_alone(call))

    def watch(self, call_ids: Iterable[int]) -> None:
        """Give these calls a caller's patience too (they hang up when it runs out)."""
        for call_id in call_ids:
            self._deadlines.setdefault(call_id, self.clock() + self._patience())


async def run_simulator(
    backend: Backend,
    *,
    rate_per_minute: float = 6.0,
    duration: float | None = None,
    stop: asyncio.Event | None = None,
    seed: int | None = None,
    clock: Clock = time.monotonic,
    config: SimulatorConfig | None = None,
    protect: Iterable[str] = (),
    on_event: Callable[[SimEvent], None] | None = None,
) -> SimulatorStats:
    """Simulate traffic on `backend` until `stop` is set or `duration` seconds pass.

    `config` overrides everything but the rate; `protect` names logins (the real operator)
    whose transfers the simulator must never answer.
    """
    base = config or SimulatorConfig()
    config = replace(base, rate_per_minute=rate_per_minute,
                     protect=frozenset(base.protect | {p.casefold() for p in protect}))
    simulator = CallSimulator(backend, config, seed=seed, clock=clock, on_event=on_event)
    return await simulator.run(duration=duration, stop=stop)
