"""The callbacks domain: a promise to call a customer back, due at a time within a window,
personal or for anyone, done only with an outcome (docs/ARCHITECTURE.md, "Adding a domain")."""
