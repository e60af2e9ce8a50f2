"""Call scripts: the files (definition, loader), the interpreter (runner), and the answers
stored with each call (docs/ARCHITECTURE.md)."""
