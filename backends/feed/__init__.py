"""The feed domain: its interface (`api.Feed`) and, as the code moves, its models and
service (docs/ARCHITECTURE.md, "Adding a domain")."""
