"""Outbound campaigns: campaigns, outcomes with flags and retry rules, contacts, the next
contact (docs/ARCHITECTURE.md, "Adding a domain")."""
