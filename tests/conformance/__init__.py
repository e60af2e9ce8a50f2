"""The backend conformance suite: every test takes the `backend` fixture, so it runs once per
module in tests/backend_factories/. Written against backends/protocol.py only; a backend is
done when it passes all of it."""
