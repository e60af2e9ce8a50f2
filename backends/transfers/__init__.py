"""The transfers domain: its interface (`api.Transfers`) and, as the code moves, its models and
service (docs/ARCHITECTURE.md, "Adding a domain")."""
