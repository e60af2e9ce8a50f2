"""The wire contract between Centralino's server (backends.server) and its client
(backends.http): one module both import, so neither side owns the other's shapes.

Bodies are the pydantic models of the domains as JSON; the request and answer shapes that have
no domain model of their own sit here, one module per domain (`customers`, `tickets`, `calls`,
`people`, `transfers`, `feed`), beside the shared pieces: `core` (paths, headers, versions as
ETags, bounds), `errors` (the one error shape and its HTTP statuses), `search` (the search body
customers and tickets share) and `meta` (the server's own answers). See docs/ARCHITECTURE.md.

Nothing here imports httpx, fastapi, the server or the client.
"""
