"""The parking domain: calls parked in numbered slots (docs/ARCHITECTURE.md)."""
