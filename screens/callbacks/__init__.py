"""The callbacks area: booking a callback (from a call's wrap-up), the callbacks due to the
operator and making one with one key (docs/ARCHITECTURE.md, "screens/")."""
