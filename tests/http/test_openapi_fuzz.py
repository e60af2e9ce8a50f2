"""Schemathesis over the server's own OpenAPI document: generated requests (valid and not) to
every operation of the real server on 127.0.0.1 never get a 5xx, and every answer matches the
documented status codes, content types and schemas. Bounded: a few examples per operation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from backends.people.models import Role
from tests import pg_server
from tests.backend_factories.http import shared_server
from tests.http.harness import Target, provision
from tests.http.sites import STORES

FULL = os.environ.get("CENTRALINO_FUZZ_FULL") == "1"  # set it for the exhaustive run
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture(scope="module", params=STORES)
def fuzz_site(tmp_path_factory: pytest.TempPathFactory,
              request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """The server over each store (tests/http/sites.py), one store for the whole module."""
    target: Target
    if request.param == "sqlite":
        target = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    else:
        pg = pg_server.session_server(request)
        target = pg_server.create_migrated_database(pg)
        request.addfinalizer(lambda: pg_server.drop_database(pg, str(target)))
    token = provision(target, {"fuzzadmin": Role.ADMIN})["fuzzadmin"]
    server = shared_server(request)
    with server.mounted(target, heartbeat=1.0) as url:
        yield url, token


@pytest.fixture(scope="module")
def api_schema(fuzz_site: tuple[str, str]) -> Any:
    url, _token = fuzz_site
    # the coverage phase sends every boundary case the schema defines (hundreds per operation,
    # minutes here); the fuzzing phase with a few examples per operation stays under a minute
    config = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": FULL}}})
    return schemathesis.openapi.from_url(f"{url}/openapi.json", config=config)


@pytest.fixture(scope="module")
def http_session() -> Iterator[requests.Session]:
    with requests.Session() as session:  # keep-alive: one connection for all examples
        yield session


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=3, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_server_error_and_schema_conformance(case: Any, fuzz_site: tuple[str, str],
                                                http_session: requests.Session) -> None:
    url, token = fuzz_site
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    case.call_and_validate(base_url=url, headers=headers, checks=CHECKS, timeout=10,
                           session=http_session)
