"""Two machines and a bare remote, with real git, for the sync tests (helpers and fixtures; no tests here)."""

from __future__ import annotations

import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from git_support import isolate_git
from weekplan.cli import main
from weekplan.store import Store
from weekplan.sync import SyncResult, init, sync


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def git_status(root: Path, *args: str) -> int:
    """Run git where failing is the point; its exit status."""
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, stdin=subprocess.DEVNULL).returncode


@dataclass
class Machine:
    name: str
    root: Path

    def store(self) -> Store:
        return Store.open(self.root)

    def sync(self) -> SyncResult:
        return sync(self.root)

    def check(self) -> int:
        return main(["--data-dir", str(self.root), "check"])

    def files(self) -> dict[str, bytes]:
        return {
            str(p.relative_to(self.root)): p.read_bytes()
            for p in sorted(self.root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(self.root).parts
        }

    def items(self) -> dict[str, dict[str, object]]:
        """Every item in every data file, by table and id."""
        found: dict[str, dict[str, object]] = {}
        for name, data in self.files().items():
            if not name.endswith(".toml") or name == "config.toml":
                continue
            for table, items in tomllib.loads(data.decode()).items():
                if table != "conflicts" and isinstance(items, dict):
                    for item_id, item in items.items():
                        found[f"{name}:{table}.{item_id}"] = item
        return found


def make_machine(tmp_path: Path, name: str, remote: Path | None) -> Machine:
    root = tmp_path / name
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", f"Person on {name}")
    git(root, "config", "user.email", f"{name}@example.org")
    init(root, str(remote) if remote else None)
    return Machine(name, root)


def no_conflict_markers(machine: Machine) -> bool:
    return not any(
        line.startswith((b"<<<<<<<", b">>>>>>>", b"======="))
        for data in machine.files().values()
        for line in data.splitlines()
    )


@pytest.fixture
def remote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch, tmp_path)
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    return bare


@pytest.fixture
def two_machines(tmp_path: Path, remote: Path) -> tuple[Machine, Machine]:
    laptop = make_machine(tmp_path, "laptop", remote)
    desktop = make_machine(tmp_path, "desktop", remote)
    return laptop, desktop
