"""Drafts are kept per backend as well as per login (console.operator_folders): ticket 5 of one
database is not ticket 5 of another. The folder name must be the same for every spelling of
one backend and differ between backends. Real files in tmp_path; only the cwd is changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console import paths
from console.operator_folders import (
    backend_folder_name,
    backend_identity,
    operator_drafts_dir,
    operator_folder_name,
)


def test_one_sqlite_file_spelt_several_ways_is_one_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "lab.db").touch()
    os.symlink(tmp_path, tmp_path / "link")
    monkeypatch.chdir(tmp_path)
    spellings = ["lab.db", "./lab.db", "sub/../lab.db", str(tmp_path / "lab.db"),
                 f"sqlite:///{tmp_path / 'lab.db'}", "sqlite:///lab.db", "sqlite:lab.db",
                 f"  {tmp_path / 'link' / 'lab.db'}  "]
    names = {backend_folder_name(spelling) for spelling in spellings}
    assert len(names) == 1, names
    # the same from elsewhere: a relative path is the file it names from the current folder
    monkeypatch.chdir(tmp_path / "sub")
    assert backend_folder_name("../lab.db") in names
    assert backend_folder_name("lab.db") not in names  # sub/lab.db: another database


def test_two_sqlite_files_are_two_folders(tmp_path: Path) -> None:
    one, two = tmp_path / "a" / "lab.db", tmp_path / "b" / "lab.db"  # same file name
    assert backend_folder_name(str(one)) != backend_folder_name(str(two))
    assert operator_drafts_dir("anna", str(one)) != operator_drafts_dir("anna", str(two))
    assert backend_folder_name(str(one)).startswith("sqlite-lab-")  # readable


def test_http_credentials_tokens_and_queries_do_not_change_the_folder() -> None:
    same = ["https://crm.example.com", "https://crm.example.com/", "HTTPS://CRM.Example.COM",
            "https://crm.example.com:443", "https://user:secret@crm.example.com",
            "https://crm.example.com/?token=abc", "https://crm.example.com?token=xyz#top",
            " https://crm.example.com "]
    names = {backend_folder_name(url) for url in same}
    assert len(names) == 1, names
    name = names.pop()
    assert name.startswith("http-crm_example_com-")
    assert "secret" not in name and "abc" not in name


def test_different_servers_are_different_folders() -> None:
    urls = ["https://crm.example.com", "https://crm2.example.com", "http://crm.example.com",
            "https://crm.example.com:8443", "https://crm.example.com/lab",
            "rt+https://crm.example.com", "rt+https://rt.example.com",
            "http://127.0.0.1:8080", "http://127.0.0.1:8081", "http://[::1]:8080"]
    assert len({backend_folder_name(url) for url in urls}) == len(urls)


def test_rt_queue_scope_and_credentials_are_one_server() -> None:
    """RT ticket numbers are the server's, whatever queue or scope the console looks at."""
    same = ["rt+https://rt.example.com", "rt+https://RT.example.com/",
            "rt+https://root:password@rt.example.com:443/?queue=Support&scope=lab-3",
            "rt+https://rt.example.com?poll=5"]
    assert len({backend_folder_name(url) for url in same}) == 1
    assert backend_folder_name(same[0]).startswith("rt-rt_example_com-")


def test_a_malformed_url_still_gets_a_folder_of_its_own_and_keeps_no_secret() -> None:
    one, two = backend_folder_name("http://host:abc"), backend_folder_name("http://host:abd")
    assert one != two and "/" not in one
    for url in ("http://user:secret@[::1:8080/x?token=hush", "http://user:secret@host:x/?t=hush"):
        kind, identity = backend_identity(url)
        assert kind == "http" and "secret" not in identity and "hush" not in identity
        assert "/" not in backend_folder_name(url)


def test_the_drafts_folder_is_backend_then_login() -> None:
    url = "http://127.0.0.1:8080"
    assert operator_drafts_dir("Anna", url) == (
        paths.drafts_dir() / backend_folder_name(url) / operator_folder_name("Anna"))


@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
@settings(max_examples=300, deadline=None)
def test_a_backend_folder_is_never_a_logins_folder_of_the_older_layout(
        login: str, path: str) -> None:
    """Both sit directly under drafts/: an operator folder name holds at most one dash, a
    backend folder name two, so moving old drafts never reads a backend's folder."""
    backend = backend_folder_name(f"http://{path.replace('/', '')}.example")
    assert operator_folder_name(login).lower() != backend.lower()
    assert backend == backend.lower() and backend.count("-") == 2
    assert operator_folder_name(login).count("-") <= 1


def test_a_symlink_loop_still_gets_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.db").symlink_to(tmp_path / "b.db")
    (tmp_path / "b.db").symlink_to(tmp_path / "a.db")
    kind, identity = backend_identity(str(tmp_path / "a.db"))
    assert kind == "sqlite" and identity.endswith("a.db")
