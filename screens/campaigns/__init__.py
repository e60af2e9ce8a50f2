"""The supervisor's campaign screens: campaigns, their progress and pacing, and their key
settings (docs/ARCHITECTURE.md, "screens/")."""
