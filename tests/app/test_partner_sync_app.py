"""The planner with a partner: its sync key syncs the shared Together repository too,
and the disk watcher reloads what changes in the shared tree."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from planner_support import Notes, make_app

from git_support import isolate_git
from weekplan.app.together_panel import TogetherPanel
from weekplan.atomic_files import atomic_write
from weekplan.model import Idea, new_id
from weekplan.partner_setup import connect
from weekplan.partner_sync import sync_all
from weekplan.store import Store


def shown(app: object) -> str:
    panel = app.query_one(TogetherPanel)  # type: ignore[attr-defined]
    return "\n".join(panel.render_line(y).text for y in range(panel.size.height))


@pytest.fixture
def partners(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    isolate_git(monkeypatch, tmp_path)
    shared = tmp_path / "together.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(shared)], check=True)
    roots = []
    for name in ("Alex", "Sam"):
        root = tmp_path / name.lower()
        Store.open(root).put_idea(Idea(new_id(), f"{name}'s first idea"))
        connect(root, str(shared), name)
        roots.append(root)
    return roots[0], roots[1]


async def test_the_sync_key_brings_the_partners_ideas(partners: tuple[Path, Path]) -> None:
    alex, sam = partners
    Store.open(sam).put_idea(Idea(new_id(), "lantern festival"))
    sync_all(sam)
    app = make_app(Store.open(alex))
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "lantern festival" not in shown(app)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Together, shared with your partner:" in notes.last
        assert "received: 2 ideas added" in notes.last
        assert "lantern festival" in shown(app) and "Sam's first idea" in shown(app)


async def test_a_change_in_the_shared_tree_is_reloaded(partners: tuple[Path, Path]) -> None:
    alex, _sam = partners
    app = make_app(Store.open(alex))
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Alex's first idea" in shown(app)
        path = alex / "together" / "ideas.toml"
        atomic_write(path, path.read_bytes().replace(b"Alex's first idea", b"moonlit kayak"))
        assert path in app.check_disk()
        await pilot.pause()
        assert "moonlit kayak" in shown(app)
