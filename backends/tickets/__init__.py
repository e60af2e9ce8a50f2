"""The tickets domain: its interface (`api.Tickets`) and, as the code moves, its models and
service (docs/ARCHITECTURE.md, "Adding a domain")."""
