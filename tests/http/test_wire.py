"""The wire format shared by server and client: ETags, the error shape, lazy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from backends.errors import Conflict, Forbidden, Invalid, NotFound, Unavailable
from backends.wire.core import etag, parse_if_match
from backends.wire.errors import error_body, error_from_body


@pytest.mark.parametrize(("header", "version"), [
    ('"3"', 3), ("3", 3), ('W/"12"', 12), (' "7" ', 7), ("*", None), ('"v3"', None),
    ("", None), (None, None), ('"1" , "2"', None),
])
def test_if_match_parsing(header: str | None, version: int | None) -> None:
    assert parse_if_match(header) == version


def test_etag_round_trip() -> None:
    assert parse_if_match(etag(41)) == 41


@pytest.mark.parametrize("error", [NotFound("no ticket 4"), Invalid("email", "not an email"),
                                   Conflict("stale", current={"id": 1}), Forbidden("no"),
                                   Unavailable("down")])
def test_errors_survive_the_wire(error: Exception) -> None:
    status = {NotFound: 404, Invalid: 422, Conflict: 409, Forbidden: 403, Unavailable: 503}
    body = error_body(error, getattr(error, "current", None))  # type: ignore[arg-type]
    back = error_from_body(status[type(error)], body)
    assert type(back) is type(error)
    assert str(back) == str(error)
    if isinstance(error, Invalid):
        assert back.field == "email"  # type: ignore[attr-defined]
    if isinstance(error, Conflict):
        assert back.current == {"id": 1}  # type: ignore[attr-defined]


def test_unknown_bodies_still_map_by_status() -> None:
    assert isinstance(error_from_body(401, {"code": "unauthenticated", "message": "x"}),
                      Forbidden)
    assert isinstance(error_from_body(412, "<html>"), Conflict)
    assert isinstance(error_from_body(413, None), Invalid)
    assert isinstance(error_from_body(502, None), Unavailable)


def test_importing_the_http_package_and_the_wire_pulls_no_httpx_or_fastapi() -> None:
    code = ("import sys, pkgutil, importlib, backends.http, backends.wire, backends.server.authdb; "
            "[importlib.import_module(f'backends.wire.{m.name}') "
            "for m in pkgutil.iter_modules(backends.wire.__path__)]; "
            "print(sorted({'httpx', 'fastapi', 'textual'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout.strip()
    assert out == "[]"


def test_the_server_builds_every_wire_and_domain_model_before_its_first_request() -> None:
    """The console defers building models (start-up); the server builds them all at import,
    wherever a domain or the wire contract defines them, so no first request pays for it."""
    code = ("import importlib, importlib.util, pkgutil, pydantic, backends, backends.wire\n"
            "import backends.server.app\n"
            "names = [f'backends.{m.name}.models'\n"
            "         for m in pkgutil.iter_modules(backends.__path__)\n"
            "         if m.ispkg and importlib.util.find_spec(f'backends.{m.name}.models')]\n"
            "names += [f'backends.wire.{m.name}'\n"
            "          for m in pkgutil.iter_modules(backends.wire.__path__)]\n"
            "modules = [importlib.import_module(name) for name in names]\n"
            "found = {v for module in modules for v in vars(module).values()\n"
            "         if isinstance(v, type) and issubclass(v, pydantic.BaseModel)\n"
            "         and v.__module__.startswith('backends.')}\n"
            "print(len(found), sorted(v.__name__ for v in found if not v.__pydantic_complete__))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout.strip()
    count, unbuilt = out.split(" ", 1)
    assert int(count) > 30 and unbuilt == "[]"
