"""The training lab's screens: the trainee's console with the caller pane, the instructor's
board, the debrief and scoring (docs/ARCHITECTURE.md, "screens/")."""
