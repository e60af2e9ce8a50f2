"""Drafts are kept per operator under the user data folder, never in the working directory."""

from __future__ import annotations

from console import paths
from console.cli_run import operator_drafts_dir


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
