"""The training lab on our server, by role (backends/server/routes_training.py): a trainer
manages the class and evaluates; a trainee (operator role) sees and acts only on their own
assignments and may neither manage nor evaluate; nobody evaluates under another's name."""

from __future__ import annotations

import asyncio

import pytest

from backends.errors import Forbidden
from backends.http import HttpBackend
from backends.people.models import Role
from backends.training.api import TRAINING
from backends.training.inputs import EvaluationDraft, SessionDraft
from backends.training.play import TraineeAction
from backends.training.scenarios import Action
from tests.http.conftest import Site


async def test_roles_on_the_lab(site: Site) -> None:
    tokens = await asyncio.to_thread(site.provision, {"ines": Role.TRAINER,
                                                      "ada": Role.OPERATOR,
                                                      "bruno": Role.OPERATOR})
    clients = {name: HttpBackend(site.url, token=token) for name, token in tokens.items()}
    for client in clients.values():
        await client.open()
    try:
        trainer, ada, bruno = (clients[n].domain(TRAINING) for n in ("ines", "ada",
                                                                      "bruno"))
        session = await trainer.create_session(SessionDraft(name="L",
                                                            trainees=["ada", "bruno"]))
        (mine,) = await trainer.assign(session.id, "ada", ["identify-calm"])
        (theirs,) = await trainer.assign(session.id, "bruno", ["identify-calm"])
        await trainer.start_session(session.id)
        with pytest.raises(Forbidden):
            await ada.create_session(SessionDraft(name="mine"))
        with pytest.raises(Forbidden):
            await ada.stop_session(session.id)
        assert [a.id for a in await ada.list_assignments(session.id)] == [mine.id]
        with pytest.raises(Forbidden):
            await ada.list_assignments(session.id, "bruno")
        with pytest.raises(Forbidden):
            await ada.get_assignment(theirs.id)
        with pytest.raises(Forbidden):
            await ada.begin(theirs.id, "bruno")  # acting under bruno's name
        await ada.begin(mine.id, "ada")
        done = await ada.record(mine.id, "ada", TraineeAction(kind=Action.ANSWER, at=2))
        assert [a.kind for a in done.actions] == [Action.ANSWER]
        with pytest.raises(Forbidden):
            await ada.evaluate(EvaluationDraft(subject=f"assignment:{mine.id}",
                                               form="inbound", evaluator="ada"))
        with pytest.raises(Forbidden):
            await trainer.evaluate(EvaluationDraft(subject=f"assignment:{mine.id}",
                                                   form="inbound", evaluator="zoe"))
        saved = await trainer.evaluate(EvaluationDraft(
            subject=f"assignment:{mine.id}", form="inbound", evaluator="ines",
            scores={"courtesy": 3}))
        assert saved.scores == {"courtesy": 3}
        assert len(await trainer.list_assignments(session.id)) == 2
        assert len(await bruno.list_assignments()) == 1
    finally:
        for client in clients.values():
            await client.close()
