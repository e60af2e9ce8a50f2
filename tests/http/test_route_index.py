"""The route index (backends/server/route_index.py) picks the route FastAPI's own walk over the
routes would pick, for a request to every declared route with every method, and leaves paths
no route takes fully (404, 405) to the router. Pure in-process: no server needed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from starlette.routing import BaseRoute, Match, Route

from backends.server.app import build_app
from backends.server.route_index import RouteIndex

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]


def _scope(method: str, path: str) -> dict[str, Any]:
    return {"type": "http", "method": method, "path": path, "root_path": "", "headers": [],
            "query_string": b""}


def _linear(routes: list[BaseRoute], scope: dict[str, Any]) -> BaseRoute | None:
    for route in routes:
        if route.matches(scope)[0] is Match.FULL:
            return route
    return None


def _indexed(index: RouteIndex, scope: dict[str, Any]) -> BaseRoute | None:
    for route in index._candidates(scope["path"]):
        if route.matches(scope)[0] is Match.FULL:
            return route
    return None


def _paths() -> list[str]:
    app = build_app(1024)
    out = ["/", "/v1", "/v1/", "/nope", "/v1/nope/1", "/v1/tickets/1/entries/2",
           "/v1/customers/by-code", "/v1/tickets/", "/healthz/"]
    for route in app.routes:
        if isinstance(route, Route):
            for value in ("1", "search", "by-code", "x y"):
                out.append(re.sub(r"\{[^}]+\}", value, route.path))
    return out


@pytest.mark.parametrize("path", _paths())
def test_the_index_picks_the_route_the_router_would(path: str) -> None:
    app = build_app(1024)
    routes = list(app.router.routes)
    index = RouteIndex(routes, fallback=app.router.app, router=app.router)
    for method in METHODS:
        scope = _scope(method, path)
        assert _indexed(index, scope) is _linear(routes, scope), (method, path)


def test_the_app_is_served_through_the_index() -> None:
    app = build_app(1024)
    assert isinstance(app.router.middleware_stack, RouteIndex)
