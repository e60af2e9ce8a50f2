"""Parking on the wire: parking a call and picking one up. Part of the wire contract
(backends/wire, docs/ARCHITECTURE.md)."""

from __future__ import annotations

from pydantic import Field

from backends.model_base import Model


class ParkRequest(Model):
    call_id: int = Field(ge=1)
    by: str = Field(min_length=1, max_length=40)
    slot: int | None = Field(default=None, ge=1, le=99)
    return_after: int | None = Field(default=None, ge=1, le=86400,
                                     description="seconds before it comes back to you")


class PickUpRequest(Model):
    by: str = Field(min_length=1, max_length=40)
