"""The application: the click CLI, settings, the App that wires backends to screens, the
simulator, reports and the lab."""

# console/entry.py checks this to tell our package from an unrelated one of the same name
CENTRALINO_PACKAGE = "console"
