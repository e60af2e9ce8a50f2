"""Where one operator's own files live under the user data folder (ticket drafts for now).

Kept apart from console.cli_run so the naming rule has one home and a test of its own.
"""

from __future__ import annotations

import re
from pathlib import Path

from console import paths

# device names Windows refuses as file names, whatever the case
_RESERVED = {"con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))}


def operator_folder_name(operator: str) -> str:
    """A folder name no other login can get.

    A login of lower-case letters, digits and `_` is its own name. Any other login (it is free
    text) gets a cleaned lower-case prefix, a dash and a hash of the exact login: only these
    names hold a dash, so no login can pick another's folder, and as every name is lower case
    'Anna' and 'anna' stay apart on case-insensitive file systems (macOS, Windows)."""
    if re.fullmatch(r"[a-z0-9_]{1,64}", operator) and operator not in _RESERVED:
        return operator
    import hashlib  # only for such logins: nothing extra on a plain login's start-up

    readable = re.sub(r"[^a-z0-9_]", "_", operator.lower())[:40]
    digest = hashlib.sha256(operator.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{readable}-{digest}"


def operator_drafts_dir(operator: str) -> Path:
    """This operator's ticket drafts folder; two logins never share one."""
    return paths.drafts_dir() / operator_folder_name(operator)
