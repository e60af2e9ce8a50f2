"""Call scripts: the files (definition, loader), the interpreter, and the answers stored with each call (docs/ARCHITECTURE.md)."""
