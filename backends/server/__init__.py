"""Centralino's HTTP server: exposes any Backend (SQLite today) to many consoles.

Needs the optional extra `centralino[server]` (FastAPI, uvicorn). The app is imported lazily,
so the token tools (`backends.server.authdb`, `.provision`) work without FastAPI installed.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ServerConfig", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from backends.server.app import create_app

        return create_app
    if name == "ServerConfig":
        from backends.server.context import ServerConfig

        return ServerConfig
    raise AttributeError(name)
