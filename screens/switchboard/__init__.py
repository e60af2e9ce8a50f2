"""The receptionist's switchboard: the directory as the screen (docs/ARCHITECTURE.md)."""
