"""The campaigns' screens: the outbound operator's workspace (a campaign's contact, their
history, the call script driven by the keyboard, outcomes on keys, appointments) and the
supervisor's campaign screens (docs/ARCHITECTURE.md, "screens/")."""
