"""The tickets area: the ticket editor, its form, drafts and the conflict dialog
(docs/ARCHITECTURE.md, "screens/")."""
