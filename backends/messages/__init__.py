"""The messages domain: messages taken for colleagues and departments (docs/ARCHITECTURE.md)."""
