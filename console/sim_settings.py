"""What the call simulator and its colleague simulator share: the settings of a run, its
counts, the one-line events it reports, and the plumbing the colleagues use (`SimulationHost`),
so the two modules need not import each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from backends.errors import BackendError
from backends.protocol import Backend
from console.sim_callers import CallerMix

Clock = Callable[[], float]


@dataclass(frozen=True)
class SimulatorConfig:
    rate_per_minute: float = 6.0
    # how long a caller waits before hanging up, drawn uniformly per call (seconds)
    patience: tuple[float, float] = (30.0, 180.0)
    # waiting calls the simulator did not create (seeded, transferred) get a patience too
    adopt_waiting: bool = True
    adopt_every: float = 3.0
    # mean seconds between two presence changes in the directory
    presence_every: float = 8.0
    # a simulated colleague answers an offered transfer after this many seconds
    transfer_delay: tuple[float, float] = (2.0, 8.0)
    transfer_poll: float = 1.0
    # logins whose transfers are never answered for them (the real operator at least)
    protect: frozenset[str] = frozenset()
    mix: CallerMix = field(default_factory=CallerMix)
    # callers who hang up asking to be called back; finished calls whose caller answers the
    # survey; how often finished calls are looked at (console/sim_follow_up.py)
    callback_share: float = 0.3
    survey_share: float = 0.5
    survey_poll: float = 5.0
    customer_pool: int = 200
    # a lab's own callers (backends/training/desk.persona_numbers): no simulated caller rings
    # from these numbers, and a call from one is left to its scenario (never hung up)
    reserved_numbers: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.rate_per_minute < 0:
            raise ValueError("rate_per_minute: must be zero or more")
        low, high = self.patience
        if not 0 < low <= high:
            raise ValueError("patience: needs 0 < shortest <= longest")


@dataclass
class SimulatorStats:
    arrived: int = 0
    known_callers: int = 0
    abandoned: int = 0
    transfers_accepted: int = 0
    transfers_declined: int = 0
    presence_changes: int = 0
    callbacks_asked: int = 0
    surveys_answered: int = 0
    errors: int = 0
    call_ids: list[int] = field(default_factory=list)

    @property
    def transfers_answered(self) -> int:
        return self.transfers_accepted + self.transfers_declined


@dataclass(frozen=True)
class SimEvent:
    """What just happened, for a printer or a log. `text` is ready for one line."""

    # arrived, abandoned, transfer_accepted, transfer_declined, presence, callback, survey,
    # error
    kind: str
    text: str


class SimulationHost(Protocol):
    """What a colleague simulator needs from the simulator that runs it."""

    backend: Backend
    config: SimulatorConfig
    stats: SimulatorStats
    clock: Clock

    def emit(self, kind: str, text: str) -> None: ...

    def failed(self, doing: str, exc: BackendError) -> None: ...

    @property
    def halted(self) -> bool: ...

    async def pause(self, seconds: float) -> bool: ...
