"""The ticket's subject line. Enter in it moves on to the note (TicketEditor._subject_done);
keys typed right after that Enter reach this field before the focus has moved (the move goes
through the message queue, and a busy machine lags behind a fast typist), so from the Enter
on they are handed to the note, in order, instead of landing at the end of the subject."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea


class SubjectInput(Input):
    next_field: TextArea | None = None  # the note, set by the editor when it mounts
    _entered = False  # an Enter went by since this field last took the focus

    async def _on_key(self, event: events.Key) -> None:
        note = self.next_field
        usable = note is not None and note.focusable
        if event.key == "enter" and usable:
            self._entered = True  # in order with the keys around it, unlike the binding
        elif self._entered and usable and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            assert note is not None
            note.insert(event.character)
            return
        await super()._on_key(event)

    def enter_from_outside(self) -> bool:
        """An Enter that was on its way to the screen while this field took the focus (the
        editor opening): the same as one typed here. False when there is no note to go to."""
        note = self.next_field
        if note is None or not note.focusable:
            return False
        self._entered = True
        note.focus()
        return True

    def _on_focus(self, event: events.Focus) -> None:
        self._entered = False  # back in the subject: its keys are its own again
        super()._on_focus(event)
