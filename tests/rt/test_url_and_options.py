"""`rt+http(s)://…` URLs and options, through the registry (no RT needed for these)."""

from __future__ import annotations

from pathlib import Path

import pytest

from backends.errors import Invalid
from backends.registry import BackendOptions, create_backend
from backends.rt import RtBackend


def test_url_options_and_default_local_store(tmp_path: Path) -> None:
    backend = create_backend("rt+https://rt.example.com/helpdesk/?queue=Support%20IT&scope=lab-3"
                             "&poll=5", BackendOptions(token="1-2-abc"))
    assert isinstance(backend, RtBackend)
    assert backend.base_url == "https://rt.example.com/helpdesk"
    assert (backend.queue, backend.scope, backend.poller.interval) == ("Support IT", "lab-3", 5)
    # next to the user's data (the test's XDG_DATA_HOME), named after the RT it serves
    assert backend.local.path.name == "rt-rt.example.com-https.db"
    assert "centralino" in backend.local.path.parts


def test_explicit_local_store_and_defaults(tmp_path: Path) -> None:
    backend = create_backend("rt+http://127.0.0.1:8080", BackendOptions(
        user="operator", password="secret", local_store=tmp_path / "side.db"))
    assert isinstance(backend, RtBackend)
    assert backend.local.path == tmp_path / "side.db"
    assert (backend.queue, backend.scope, backend.client.uses_session) == ("General", None, True)


@pytest.mark.parametrize(("url", "options", "field"), [
    ("rt+http://127.0.0.1:8080", {}, "token"),                        # no credentials at all
    ("rt+http://127.0.0.1:8080", {"user": "only-a-user"}, "token"),
    ("rt+http://127.0.0.1:8080/?poll=soon", {"token": "t"}, "poll"),
    ("rt+http://127.0.0.1:8080/?queue=%20", {"token": "t"}, "queue"),
    ("rt+http:///no-host", {"token": "t"}, "backend"),
])
def test_bad_urls_and_options_are_invalid(url: str, options: dict[str, str],
                                          field: str) -> None:
    with pytest.raises(Invalid) as info:
        create_backend(url, BackendOptions(**options))
    assert info.value.field == field
