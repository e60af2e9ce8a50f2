"""The people domain: its interface (`api.People`) and, as the code moves, its models and
service (docs/ARCHITECTURE.md, "Adding a domain")."""
