"""Backend URLs: which backend a URL asks for and which file a sqlite URL names."""

from __future__ import annotations

from pathlib import Path

import pytest

from backends.errors import Invalid
from backends.registry import BackendOptions, backend_class, create_backend, scheme_of, sqlite_path


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("sqlite:///rel.db", "sqlite"),
        ("sqlite:////abs/x.db", "sqlite"),
        ("SQLite:///rel.db", "sqlite"),
        ("data/centralino.db", "sqlite"),
        ("/var/lib/centralino.db", "sqlite"),
        ("~/centralino.db", "sqlite"),
        ("  centralino.db  ", "sqlite"),
        ("http://127.0.0.1:8000", "http"),
        ("https://centralino.example", "http"),
        ("HTTPS://centralino.example", "http"),
        ("rt+http://127.0.0.1:8080", "rt"),
        ("rt+https://rt.example/", "rt"),
    ],
)
def test_scheme_of(url: str, scheme: str) -> None:
    assert scheme_of(url) == scheme


@pytest.mark.parametrize("url", ["ftp://x", "mysql://u@h/db", "garbage://", "file:///x.db",
                                 "rt+ftp://x", "http+rt://x"])
def test_unknown_schemes_are_invalid(url: str) -> None:
    with pytest.raises(Invalid) as info:
        scheme_of(url)
    assert info.value.field == "backend"
    assert url in info.value.reason


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///rel.db", Path("rel.db")),
        ("sqlite:///sub/dir/rel.db", Path("sub/dir/rel.db")),
        ("sqlite:////abs/x.db", Path("/abs/x.db")),
        ("SQLITE:////abs/x.db", Path("/abs/x.db")),
        ("sqlite:rel.db", Path("rel.db")),
        ("data/x.db", Path("data/x.db")),
        ("/abs/y.db", Path("/abs/y.db")),
        (" /abs/y.db ", Path("/abs/y.db")),
    ],
)
def test_sqlite_path(url: str, path: Path) -> None:
    assert sqlite_path(url) == path


def test_sqlite_path_expands_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert sqlite_path("~/c.db") == tmp_path / "c.db"


@pytest.mark.parametrize("url", ["", "   ", "sqlite://", "sqlite:///", "sqlite:",
                                 "http://127.0.0.1:8000", "rt+https://rt.example", "ftp://x"])
def test_sqlite_path_refuses_what_names_no_file(url: str) -> None:
    with pytest.raises(Invalid) as info:
        sqlite_path(url)
    assert info.value.field == "backend"


def test_unknown_backend_name_is_invalid() -> None:
    with pytest.raises(Invalid) as info:
        backend_class("no-such-backend")
    assert info.value.field == "backend"


def test_create_backend_with_garbage_url_is_invalid() -> None:
    with pytest.raises(Invalid) as info:
        create_backend("gopher://old.example")
    assert info.value.field == "backend"


def test_options_refuse_unknown_keys() -> None:
    with pytest.raises(TypeError, match="colour"):
        BackendOptions(colour="red")  # type: ignore[call-arg]
    assert BackendOptions().region == "IT"


async def test_sqlite_from_url_honours_the_region_option(tmp_path: Path) -> None:
    """Through the registry, on a real SQLite file: region HU reads 06 1 … as Budapest."""
    from backends.calls.inputs import CallDraft
    from backends.customers.inputs import CustomerDraft

    url = f"sqlite:///{tmp_path}/hu.db"  # tmp_path is absolute: sqlite:////tmp/…
    backend = create_backend(url, BackendOptions(region="HU"))
    assert backend.name == "sqlite"
    await backend.open()
    try:
        kovacs = await backend.customers.create_customer(
            CustomerDraft(name="Kovács Éva", phones=["+36 1 234 5678"]))
        found = await backend.customers.find_customers_by_phone("06 1 234 5678")
        assert [c.id for c in found] == [kovacs.id]
        call = await backend.calls.create_call(CallDraft(caller="06 1 234 5678"))
        assert (call.caller, call.customer_id) == ("+3612345678", kovacs.id)
    finally:
        await backend.close()
    assert (tmp_path / "hu.db").is_file()
