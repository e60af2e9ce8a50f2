"""The transfers domain over HTTP: backends/transfers/api.py `Transfers`, spoken to the
server's routes_transfers. Part of the http client (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from backends.http import encode
from backends.http.connection import Connection
from backends.transfers.inputs import TransferDraft
from backends.transfers.models import Transfer, TransferStatus


class HttpTransfers:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def create_transfer(self, draft: TransferDraft) -> Transfer:
        return await self._c.call("POST", "/v1/transfers", Transfer, body=draft)

    async def respond_transfer(self, transfer_id: int, accept: bool, by: str) -> Transfer:
        return await self._c.call("POST", f"/v1/transfers/{int(transfer_id)}/response",
                                  Transfer, body={"accept": bool(accept), "by": by})

    async def cancel_transfer(self, transfer_id: int, by: str) -> Transfer:
        return await self._c.call("POST", f"/v1/transfers/{int(transfer_id)}/cancel",
                                  Transfer, body={"by": by})

    async def list_transfers(self, *, target: str | None = None,
                             status: TransferStatus | None = None, call_id: int | None = None,
                             limit: int = 50) -> list[Transfer]:
        params = encode.query(target=target, call_id=call_id, limit=limit,
                              status=TransferStatus(status).value if status else None)
        return await self._c.get("/v1/transfers", list[Transfer], params)
