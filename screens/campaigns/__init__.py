"""The outbound operator's workspace: a campaign's contact, their history, the call script
driven by the keyboard, outcomes on keys (docs/ARCHITECTURE.md, "screens/")."""
