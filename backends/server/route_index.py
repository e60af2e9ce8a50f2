"""Route lookup by path shape instead of FastAPI's walk over every route.

Starlette and FastAPI try each route's regex in turn (with FastAPI 0.16x bookkeeping around
each try): about 40 tries for a route declared late, measured as the largest single cost of a
cheap request. The index groups the routes by (number of path segments, first two segments)
and tries only the few in the request's group, with the same `route.matches` FastAPI would use;
anything it cannot settle (no full match: 404, 405, a trailing-slash redirect) goes to the
router's own `app`, so those answers are unchanged.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.convertors import PathConvertor
from starlette.routing import BaseRoute, Match, Route
from starlette.types import ASGIApp, Receive, Scope, Send

ANY = "\0"  # a path parameter in a route's key: matches any segment
Key = tuple[int, str, str]


def _key(parts: list[str]) -> Key:
    """(segment count, first segment, second segment) of a path split at '/'."""
    return (len(parts), parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else "")


class RouteIndex:
    """An ASGI app in place of a router's `app`: finds the route, or lets the router decide."""

    def __init__(self, routes: list[BaseRoute], fallback: ASGIApp, router: object) -> None:
        self._fallback = fallback
        self._router = router
        self._groups: dict[Key, list[tuple[int, BaseRoute]]] = {}
        self._always: list[tuple[int, BaseRoute]] = []  # shapes we cannot index: tried always
        for position, route in enumerate(routes):
            parts = self._parts_of(route)
            if parts is None:
                self._always.append((position, route))
            else:
                self._groups.setdefault(_key(parts), []).append((position, route))
        self._cache: dict[Key, list[BaseRoute]] = {}

    @staticmethod
    def _parts_of(route: BaseRoute) -> list[str] | None:
        """The route's segments with parameters as ANY; None if a parameter may hold '/'."""
        if not isinstance(route, Route) or any(
                isinstance(conv, PathConvertor) for conv in route.param_convertors.values()):
            return None
        return [ANY if "{" in part else part for part in route.path_format.split("/")]

    def _candidates(self, path: str) -> list[BaseRoute]:
        """Every route that could match a path of this shape, in declaration order."""
        key = _key(path.split("/"))
        found = self._cache.get(key)
        if found is None:
            size, first, second = key
            pairs = list(self._always)
            for one in {first, ANY}:
                for two in {second, ANY}:
                    pairs += self._groups.get((size, one, two), [])
            found = [route for _, route in sorted(pairs, key=lambda pair: pair[0])]
            if len(self._cache) < 4096:  # keys hold literal segments (ids): keep it bounded
                self._cache[key] = found
        return found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope.get("root_path"):
            for route in self._candidates(scope["path"]):
                match, child_scope = route.matches(scope)
                if match is Match.FULL:
                    scope.setdefault("router", self._router)
                    scope.update(child_scope)
                    await route.handle(scope, receive, send)
                    return
        await self._fallback(scope, receive, send)


def install(app: Starlette) -> None:
    """Put a RouteIndex of the app's current routes in front of its router."""
    router = app.router
    router.middleware_stack = RouteIndex(list(router.routes), router.middleware_stack, router)
