"""The parking domain over HTTP: backends/parking/api.py `Parking`, spoken to the server's
routes_parking. Part of the http client (docs/ARCHITECTURE.md, "Adding a domain")."""

from __future__ import annotations

from backends.http.connection import Connection
from backends.parking.models import ParkedCall


class HttpParking:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def park_call(self, call_id: int, by: str, *, slot: int | None = None,
                        return_after: int | None = None) -> ParkedCall:
        return await self._c.call("POST", "/v1/parking", ParkedCall, body={
            "call_id": int(call_id), "by": by, "slot": slot, "return_after": return_after})

    async def list_parked(self) -> list[ParkedCall]:
        return await self._c.get("/v1/parking", list[ParkedCall])

    async def pick_up(self, slot: int, by: str) -> ParkedCall:
        return await self._c.call("POST", f"/v1/parking/{int(slot)}/pickup", ParkedCall,
                                  body={"by": by})

    async def get_parked(self, parked_id: int) -> ParkedCall:
        return await self._c.get(f"/v1/parking/records/{int(parked_id)}", ParkedCall)
