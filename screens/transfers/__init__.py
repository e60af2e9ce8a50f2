"""The transfers area: the transfer panel, its targets and the offer dialog of an announced
transfer (docs/ARCHITECTURE.md, "screens/")."""
