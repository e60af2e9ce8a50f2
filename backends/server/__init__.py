"""Centralino's HTTP server: exposes any Backend (SQLite today) to many consoles.

Needs the optional extra `centralino[server]` (FastAPI, uvicorn); nothing else imports it.
"""

from backends.server.app import create_app
from backends.server.context import ServerConfig

__all__ = ["ServerConfig", "create_app"]
