"""The training domain over HTTP: backends/training/api.py `Training`, spoken to the server's
routes_training. Part of the http client (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from backends.http import encode
from backends.http.connection import Connection
from backends.training.inputs import EvaluationDraft, SessionDraft
from backends.training.models import Assignment, Evaluation, LabSession
from backends.training.play import TraineeAction

BASE = "/v1/training"


class HttpTraining:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    async def create_session(self, draft: SessionDraft) -> LabSession:
        return await self._c.call("POST", f"{BASE}/sessions", LabSession, body=draft)

    async def get_session(self, session_id: int) -> LabSession:
        return await self._c.get(f"{BASE}/sessions/{int(session_id)}", LabSession)

    async def list_sessions(self) -> list[LabSession]:
        return await self._c.get(f"{BASE}/sessions", list[LabSession])

    async def start_session(self, session_id: int) -> LabSession:
        return await self._c.call("POST", f"{BASE}/sessions/{int(session_id)}/start",
                                  LabSession)

    async def stop_session(self, session_id: int) -> LabSession:
        return await self._c.call("POST", f"{BASE}/sessions/{int(session_id)}/stop",
                                  LabSession)

    async def assign(self, session_id: int, trainee: str,
                     scenarios: list[str]) -> list[Assignment]:
        return await self._c.call("POST", f"{BASE}/sessions/{int(session_id)}/assignments",
                                  list[Assignment],
                                  body={"trainee": trainee, "scenarios": scenarios})

    async def list_assignments(self, session_id: int | None = None,
                               trainee: str | None = None) -> list[Assignment]:
        return await self._c.get(f"{BASE}/assignments", list[Assignment],
                                 encode.query(session=session_id, trainee=trainee))

    async def get_assignment(self, assignment_id: int) -> Assignment:
        return await self._c.get(f"{BASE}/assignments/{int(assignment_id)}", Assignment)

    async def begin(self, assignment_id: int, trainee: str) -> Assignment:
        return await self._c.call("POST", f"{BASE}/assignments/{int(assignment_id)}/begin",
                                  Assignment, body={"trainee": trainee})

    async def record(self, assignment_id: int, trainee: str,
                     action: TraineeAction) -> Assignment:
        return await self._c.call("POST", f"{BASE}/assignments/{int(assignment_id)}/actions",
                                  Assignment, body={"trainee": trainee,
                                                    "action": action.model_dump(mode="json")})

    async def finish(self, assignment_id: int, trainee: str) -> Assignment:
        return await self._c.call("POST", f"{BASE}/assignments/{int(assignment_id)}/finish",
                                  Assignment, body={"trainee": trainee})

    async def evaluate(self, draft: EvaluationDraft) -> Evaluation:
        return await self._c.call("POST", f"{BASE}/evaluations", Evaluation, body=draft)

    async def list_evaluations(self, subject: str) -> list[Evaluation]:
        return await self._c.get(f"{BASE}/evaluations", list[Evaluation],
                                 encode.query(subject=subject))
