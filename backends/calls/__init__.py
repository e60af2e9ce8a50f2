"""The calls domain: its interface (`api.Calls`) and, as the code moves, its models and
service (docs/ARCHITECTURE.md, "Adding a domain")."""
