"""What the transfer panel says about a transfer it sent: still waiting (and for how long), or
how it ended (docs/ARCHITECTURE.md, "screens/"). Plain text; the target's name is cleaned."""

from __future__ import annotations

from datetime import datetime

from backends.i18n import _
from backends.sanitize import clean_line
from backends.transfers.models import Transfer, TransferKind, TransferStatus
from screens.common.directory_names import department_name


def waiting_text(transfer: Transfer, now: datetime) -> str:
    target = clean_line(department_name(transfer.target), 60)
    if transfer.expires_at is None:
        return _("Waiting for {target} to answer…").format(target=target)
    seconds = max(0, round((transfer.expires_at - now).total_seconds()))
    return _("Waiting for {target} to answer… {seconds} s left").format(
        target=target, seconds=seconds)


def outcome_text(transfer: Transfer) -> str:
    """How a transfer that no longer waits ended, for the operator who sent it."""
    target = clean_line(department_name(transfer.target), 60)
    if transfer.status is TransferStatus.ACCEPTED:
        text = (_("Transferred to {target}") if transfer.kind in (
            TransferKind.BLIND, TransferKind.QUEUE) else _("{target} accepted the call"))
    else:
        text = {
            TransferStatus.DECLINED: _("{target} declined: the caller is still with you"),
            TransferStatus.CANCELLED: _("Offer to {target} cancelled: the caller is still "
                                        "with you"),
            TransferStatus.WITHDRAWN: _("The call ended: the offer to {target} was withdrawn"),
        }.get(transfer.status,
              _("{target} did not answer in time: the caller is still with you"))
    return text.format(target=target)
