"""The calls area: the queue, the operator status line, call handling and the live change feed,
pause and wrap-up dialogs (docs/ARCHITECTURE.md, "screens/")."""
