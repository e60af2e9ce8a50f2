"""Drafts are kept per operator under the user data folder, never in the working directory,
in a folder no other login can share (console.operator_folders)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from console import paths
from console.operator_folders import backend_folder_name, operator_drafts_dir

BACKEND = "https://crm.example.com"  # the login rules are the same under every backend


def under() -> Path:
    """BACKEND's folder (the user data folder is a per-test one: conftest)."""
    return paths.drafts_dir() / backend_folder_name(BACKEND)


def test_a_plain_login_gets_its_own_folder_under_the_user_data_folder() -> None:
    assert operator_drafts_dir("anna", BACKEND) == under() / "anna"
    assert operator_drafts_dir("anna", BACKEND) != operator_drafts_dir("bela", BACKEND)


def test_a_login_with_path_characters_stays_inside_the_drafts_folder() -> None:
    for login in ("../escape", "a/b", "..", ".", "mário rossi", "/etc"):
        folder = operator_drafts_dir(login, BACKEND)
        assert folder.parent == under(), login
        assert folder.name not in ("", ".", "..") and "/" not in folder.name, login


def test_logins_that_clean_to_the_same_text_do_not_share_a_folder() -> None:
    assert operator_drafts_dir("a/b", BACKEND) != operator_drafts_dir("a_b", BACKEND)
    assert operator_drafts_dir("a/b", BACKEND) != operator_drafts_dir("a.b", BACKEND)


def test_logins_differing_only_in_case_do_not_share_a_folder() -> None:
    """On a case-insensitive file system (macOS, Windows) 'Anna' and 'anna' would be one
    folder: the second operator's ticket-5 draft would replace the first one's."""
    folders = {operator_drafts_dir(login, BACKEND).name.lower()
               for login in ("anna", "Anna", "ANNA")}
    assert len(folders) == 3


def test_a_login_shaped_like_another_logins_folder_does_not_take_it() -> None:
    """A login may be exactly the folder name given to a login that needed cleaning."""
    for login in ("mario.rossi", "Mário Rossi", "a/b", "Anna"):
        folder = operator_drafts_dir(login, BACKEND).name
        assert operator_drafts_dir(folder, BACKEND).name.lower() != folder.lower(), login


@given(st.text(min_size=1, max_size=30), st.text(min_size=1, max_size=30))
@settings(max_examples=300, deadline=None)
def test_different_logins_never_share_a_folder(first: str, second: str) -> None:
    assume(first != second)
    one, two = operator_drafts_dir(first, BACKEND), operator_drafts_dir(second, BACKEND)
    assert one.parent == two.parent == under()
    assert one.name.lower() != two.name.lower()


def test_the_console_uses_these_folders(tmp_path: Path) -> None:
    """The folder the console starts with comes from the settings as loaded (flags here)."""
    from console.cli_run import drafts_folder
    from console.settings import load_settings

    for login in ("anna", "Anna", "mario.rossi"):
        loaded = load_settings(backend=str(tmp_path / "lab.db"), operator=login)
        assert drafts_folder(loaded) == operator_drafts_dir(login, str(tmp_path / "lab.db"))
