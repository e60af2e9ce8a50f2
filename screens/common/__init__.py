"""Pieces every area of the screens uses: rendering untrusted text, the key table, the clock,
worker error reporting and the outline shown before the first frame (docs/ARCHITECTURE.md,
"screens/"). Importing this package loads nothing: the boot screen is imported alone."""
