"""The customers area: lookup, the customer 360 view, the new-customer form and the picker of
the screen pop (docs/ARCHITECTURE.md, "screens/")."""
