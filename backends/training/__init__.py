"""The training lab domain: evaluation forms and scoring, scenarios, lab sessions
(docs/ARCHITECTURE.md, "Adding a domain")."""
