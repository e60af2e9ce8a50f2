"""The customers domain: its interface (`api.Customers`) and, as the code moves, its models and
service (docs/ARCHITECTURE.md, "Adding a domain")."""
