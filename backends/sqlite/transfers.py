"""Transfers on SQLite: the flat `Backend` methods, each a one-line delegation to the transfers
service (backends/transfers/service.py) over SQLite storage (transfers_storage.py), kept while
callers move to `backend.transfers` (docs/ARCHITECTURE.md, "Known debts")."""

from __future__ import annotations

from backends.sqlite.base import SqliteBase
from backends.transfers.api import Transfers
from backends.transfers.models import Transfer, TransferDraft, TransferStatus


class TransfersMixin(SqliteBase):
    _transfers: Transfers  # set by SqliteBackend

    async def create_transfer(self, draft: TransferDraft) -> Transfer:
        return await self._transfers.create_transfer(draft)

    async def respond_transfer(self, transfer_id: int, accept: bool, by: str) -> Transfer:
        return await self._transfers.respond_transfer(transfer_id, accept, by)

    async def list_transfers(self, *, target: str | None = None,
                             status: TransferStatus | None = None, call_id: int | None = None,
                             limit: int = 50) -> list[Transfer]:
        return await self._transfers.list_transfers(target=target, status=status,
                                                    call_id=call_id, limit=limit)
