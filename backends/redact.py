"""Credentials out of text a person or a log reads (DESIGN.md: paths and credentials never
appear in answers or logs).

A backend URL may carry a login (`http://anna:hunter2@host`); messages and `config show` print
URLs, so the password part becomes `***`: `http://anna:***@host`. The user name stays (it
says which login is meant); a URL with a user and no password is left as it is.
"""

from __future__ import annotations

import re

MASK = "***"
# scheme://user:password@ — the password runs to the last '@' before the host part
_USERINFO = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]*:)(?P<secret>[^/\s]*)@")


def mask_url_credentials(text: str) -> str:
    """`text` with the password of every `scheme://user:password@host` replaced by ***."""
    return _USERINFO.sub(lambda m: f"{m.group('head')}{MASK}@", text)
