"""git for tests: a private configuration and a known author, and a folder made a repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


def use_git_as(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, email: str) -> None:
    """git for this test alone: no one's global or system config, and a known author and committer."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", name)
        monkeypatch.setenv(f"GIT_{role}_EMAIL", email)


def git(root: Path, *args: str) -> str:
    """`git -C ROOT ARGS`, which must succeed; its standard output."""
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def commit_all(root: Path, message: str) -> None:
    """`git init` (once) and a commit of everything under `root`."""
    if not (root / ".git").exists():
        git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", message)
