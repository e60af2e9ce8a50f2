"""Drafts are kept per operator under the user data folder, never in the working directory,
in a folder no other login can share (console.operator_folders)."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from console import paths
from console.operator_folders import operator_drafts_dir


def test_a_plain_login_gets_its_own_folder_under_the_user_data_folder() -> None:
    assert operator_drafts_dir("anna") == paths.drafts_dir() / "anna"
    assert operator_drafts_dir("anna") != operator_drafts_dir("bela")


def test_a_login_with_path_characters_stays_inside_the_drafts_folder() -> None:
    for login in ("../escape", "a/b", "..", ".", "mário rossi", "/etc"):
        folder = operator_drafts_dir(login)
        assert folder.parent == paths.drafts_dir(), login
        assert folder.name not in ("", ".", "..") and "/" not in folder.name, login


def test_logins_that_clean_to_the_same_text_do_not_share_a_folder() -> None:
    assert operator_drafts_dir("a/b") != operator_drafts_dir("a_b")
    assert operator_drafts_dir("a/b") != operator_drafts_dir("a.b")


def test_logins_differing_only_in_case_do_not_share_a_folder() -> None:
    """On a case-insensitive file system (macOS, Windows) 'Anna' and 'anna' would be one
    folder: the second operator's ticket-5 draft would replace the first one's."""
    folders = {operator_drafts_dir(login).name.lower() for login in ("anna", "Anna", "ANNA")}
    assert len(folders) == 3


def test_a_login_shaped_like_another_logins_folder_does_not_take_it() -> None:
    """A login may be exactly the folder name given to a login that needed cleaning."""
    for login in ("mario.rossi", "Mário Rossi", "a/b", "Anna"):
        folder = operator_drafts_dir(login).name
        assert operator_drafts_dir(folder).name.lower() != folder.lower(), login


@given(st.text(min_size=1, max_size=30), st.text(min_size=1, max_size=30))
@settings(max_examples=300, deadline=None)
def test_different_logins_never_share_a_folder(first: str, second: str) -> None:
    assume(first != second)
    one, two = operator_drafts_dir(first), operator_drafts_dir(second)
    assert one.parent == two.parent == paths.drafts_dir()
    assert one.name.lower() != two.name.lower()


def test_the_console_uses_these_folders() -> None:
    from console import cli_run

    for login in ("anna", "Anna", "mario.rossi"):
        assert cli_run.operator_drafts_dir(login) == operator_drafts_dir(login)
