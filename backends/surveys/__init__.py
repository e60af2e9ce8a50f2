"""The surveys domain: satisfaction answers after a call (CSAT, NPS, FCR as the customer sees
it, a comment), complaints and suggestions as tagged feedback, and the feedback report
(docs/ARCHITECTURE.md, "Adding a domain")."""
