"""The operator's phrasebook: the sector's phrases per call phase in the four languages, read
from a default file and an organisation's own (backends/phrasebook/phrases.py)."""
