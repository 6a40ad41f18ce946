"""Sharing the Together half with a partner, with real git: two people (each with a data
directory of their own), a bare shared remote, `weekplan partner` and `weekplan sync`."""

from __future__ import annotations

import os
import subprocess
import tomllib
from datetime import date
from pathlib import Path

import pytest
from test_sync_support import git

from git_support import isolate_git
from weekplan.atomic_files import atomic_write
from weekplan.cli import main
from weekplan.model import Activity, Category, Goal, Idea, SpecialDate, new_id
from weekplan.partner_setup import PartnerError, connect, leave, rename
from weekplan.partner_sync import sync_all
from weekplan.record import replace
from weekplan.routines import Routine
from weekplan.store import Store
from weekplan.sync import SyncError, init, sync
from weekplan.weeks import IsoWeek

W48 = IsoWeek(2026, 48)


def bare(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(path)], check=True)
    return path


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch, tmp_path)
    return bare(tmp_path / "together.git")


def person(tmp_path: Path, name: str, *, own_remote: bool = True) -> Path:
    """A data directory, synced with a remote of its own when `own_remote`."""
    root = tmp_path / name
    Store.open(root)
    if own_remote:
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.name", f"{name} Fullname")
        git(root, "config", "user.email", f"{name}@example.org")
        init(root, str(bare(tmp_path / f"{name}-own.git")))
    return root


def add_idea(root: Path, title: str) -> Idea:
    idea = Idea(new_id(), title)
    Store.open(root).put_idea(idea)
    return idea


def add_date(root: Path, title: str, day: date = date(2026, 12, 5)) -> SpecialDate:
    special = SpecialDate(new_id(), day, title, start=19 * 60, end=22 * 60)
    Store.open(root).put_date(special)
    return special


def ideas(root: Path) -> set[str]:
    return {idea.title for idea in Store.open(root).ideas().items.values()}


def dates(root: Path) -> dict[str, SpecialDate]:
    return {special.title: special for special in Store.open(root).dates().items.values()}


def tracked(root: Path) -> list[str]:
    return git(root, "ls-files").split()


def test_init_moves_the_together_files_into_the_shared_repository(tmp_path: Path, shared: Path) -> None:
    alex = person(tmp_path, "alex")
    add_idea(alex, "pottery class")
    add_date(alex, "jazz night")
    Store.open(alex).put_activity(Activity(new_id(), date(2026, 11, 27), 18 * 60, 19 * 60, "gym", "fitness"))
    sync(alex)

    assert main(["--data-dir", str(alex), "partner", "--init", str(shared), "--name", "Alex"]) == 0

    store = Store.open(alex)
    assert store.config.partner.remote == str(shared) and store.config.partner.me == "Alex"
    assert store.ideas_path == alex / "together" / "ideas.toml"
    assert store.dates_dir == alex / "together" / "dates"
    assert not (alex / "ideas.toml").exists() and not (alex / "dates").exists()
    assert ideas(alex) == {"pottery class"} and set(dates(alex)) == {"jazz night"}
    # The shared remote has them, and nothing else of this person's.
    on_remote = git(shared, "ls-tree", "-r", "--name-only", "main").split()
    assert sorted(on_remote) == [".gitattributes", ".gitignore", "dates/2026.toml", "ideas.toml"]
    # The own repository never carries together/, and its next sync says nothing of it.
    result = sync_all(alex)
    assert not any(path.startswith("together") for path in tracked(alex))
    assert "not synced:" not in result.summary
    # The own repository says where they went, not that they were deleted.
    subject = git(alex, "log", "-1", "--format=%s")
    assert "moved to the repository shared with a partner" in subject and "removed" not in subject
    assert result.together is not None and result.together.remote == "origin"
    # New Together items are written into the shared tree from now on.
    add_idea(alex, "night swim")
    assert "night swim" in (alex / "together" / "ideas.toml").read_text()
    assert not (alex / "ideas.toml").exists()


def test_ideas_and_dates_travel_both_ways_and_merge_item_by_item(tmp_path: Path, shared: Path) -> None:
    alex, sam = person(tmp_path, "alex"), person(tmp_path, "sam", own_remote=False)
    add_idea(alex, "pottery class")
    jazz = add_date(alex, "jazz night")
    add_idea(sam, "climbing gym")  # each had ideas of their own before
    add_date(sam, "picnic", date(2027, 5, 1))
    connect(alex, str(shared), "Alex")
    connect(sam, str(shared), "Sam")
    sync_all(alex)
    assert ideas(alex) == ideas(sam) == {"pottery class", "climbing gym"}
    assert set(dates(alex)) == set(dates(sam)) == {"jazz night", "picnic"}

    # Both change the same date at once, different fields; and each adds an idea.
    Store.open(alex).put_date(replace(dates(alex)["jazz night"], place="Blue Note"), replacing=jazz)
    Store.open(sam).put_date(replace(dates(sam)["jazz night"], notes="bring cash"), replacing=jazz)
    add_idea(alex, "sunrise hike")
    add_idea(sam, "cooking together")
    sync_all(alex)
    result = sync_all(sam)
    sync_all(alex)
    assert result.together is not None and not result.together.conflicts
    for root in (alex, sam):
        merged = dates(root)["jazz night"]
        assert (merged.place, merged.notes) == ("Blue Note", "bring cash")
        assert ideas(root) == {"pottery class", "climbing gym", "sunrise hike", "cooking together"}
    assert main(["--data-dir", str(sam), "check"]) == 0


def test_a_date_rated_by_both_keeps_both_ratings(tmp_path: Path, shared: Path) -> None:
    """Per-person values live in tables keyed by the person's name: two ratings at once merge."""
    alex, sam = person(tmp_path, "alex", own_remote=False), person(tmp_path, "sam", own_remote=False)
    special = add_date(alex, "jazz night", date(2026, 11, 20))
    connect(alex, str(shared), "Alex")
    connect(sam, str(shared), "Sam")
    for root, name, stars in ((alex, "Alex", 4), (sam, "Sam", 5)):
        path = root / "together" / "dates" / "2026.toml"
        text = path.read_text()
        atomic_write(path, f"{text}\n[dates.{special.id}.ratings]\n{name} = {stars}\n".encode())
    sync_all(alex)
    sync_all(sam)
    sync_all(alex)
    for root in (alex, sam):
        doc = tomllib.loads((root / "together" / "dates" / "2026.toml").read_text())
        assert doc["dates"][special.id]["ratings"] == {"Alex": 4, "Sam": 5}
        assert "conflicts" not in doc


SECRET = "Zephyr-secret-7Q"


def test_nothing_of_the_own_week_reaches_the_shared_remote(tmp_path: Path, shared: Path) -> None:
    """The attack: a distinctive own title everywhere the own week keeps words, synced
    many times both ways; then every commit, diff and object of the shared remote."""
    alex, sam = person(tmp_path, "alex"), person(tmp_path, "sam")
    connect(alex, str(shared), "Alex")
    connect(sam, str(shared), "Sam")
    store = Store.open(alex)
    for day in (23, 25, 27):
        store.put_activity(
            Activity(new_id(), date(2026, 11, day), 18 * 60, 19 * 60, f"{SECRET} {day}", "fitness", notes=SECRET)
        )
    store.put_goal(Goal(SECRET.lower(), count=3))
    store.set_week_note(W48, SECRET)
    store.put_routine(Routine(new_id(), f"{SECRET} routine", "hobby", (1,), 7 * 60, 8 * 60, date(2026, 11, 23)))
    categories = (*store.config.categories, Category(f"{SECRET}-cat", SECRET, "#123456"))
    store.save_config(replace(store.config, categories=categories))
    for round_ in range(4):
        add_idea(alex if round_ % 2 else sam, f"idea {round_}")
        first = next(iter(Store.open(alex).week(W48).items.values()))
        Store.open(alex).put_activity(replace(first, start=first.start + 30, end=first.end + 30), replacing=first)
        sync_all(alex)
        sync_all(sam)
    assert SECRET in git(tmp_path / "alex-own.git", "log", "-p", "--all")  # the own remote has it: the probe works
    history = git(shared, "log", "-p", "--all", "--format=%an %ae %cn %ce %s %b")
    assert SECRET not in history
    objects = subprocess.run(
        ["git", "-C", str(shared), "cat-file", "--batch-all-objects", "--batch"], capture_output=True, check=True
    ).stdout
    assert SECRET.encode() not in objects and SECRET.lower().encode() not in objects
    assert b"weeks/" not in objects and b"routines" not in objects
    names = set(git(shared, "log", "--all", "--format=%an%n%cn").split())
    assert names == {"Alex", "Sam"}
    assert set(git(shared, "log", "--all", "--format=%ae%n%ce").split()) == set()  # no address, no machine name
    assert git(shared, "for-each-ref", "--format=%(refname)").split() == ["refs/heads/main"]


def test_a_hostile_shared_remote_is_refused_like_the_own_one(tmp_path: Path, shared: Path) -> None:
    alex = person(tmp_path, "alex", own_remote=False)
    add_idea(alex, "pottery class")
    connect(alex, str(shared), "Alex")
    before = (alex / "together" / "ideas.toml").read_bytes()
    attacker = tmp_path / "attacker"
    git(tmp_path, "clone", "-q", str(shared), str(attacker))
    git(attacker, "config", "user.name", "x")
    git(attacker, "config", "user.email", "x@example.org")
    (attacker / "dates").mkdir()
    os.symlink("/etc/passwd", attacker / "dates" / "2027.toml")
    (attacker / "weeks").mkdir()
    (attacker / "weeks" / "2026-W48.toml").write_text("[activities]\n")
    git(attacker, "add", "-A")
    git(attacker, "commit", "-q", "-m", "hostile")
    git(attacker, "push", "-q", "origin", "main")

    with pytest.raises(SyncError) as refused:
        sync_all(alex)
    said = str(refused.value)
    assert "dates/2027.toml (a symbolic link)" in said and "weeks/2026-W48.toml (not a weekplan file)" in said
    assert "busy times in busy/" in said and "week files" not in said
    assert not os.path.lexists(alex / "together" / "dates" / "2027.toml")
    assert not (alex / "together" / "weeks").exists()
    assert (alex / "together" / "ideas.toml").read_bytes() == before


def test_a_remote_that_is_not_a_together_repository_is_refused(tmp_path: Path, shared: Path, capsys) -> None:
    alex = person(tmp_path, "alex")
    add_idea(alex, "pottery class")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(shared), str(other))
    (other / "README.md").write_text("a project\n")
    git(other, "add", "README.md")
    git(other, "-c", "user.name=x", "-c", "user.email=x@y", "commit", "-q", "-m", "readme")
    git(other, "push", "-q", "origin", "main")
    files_before = sorted(p.name for p in alex.iterdir())

    assert main(["--data-dir", str(alex), "partner", "--init", str(shared)]) == 1
    err = capsys.readouterr().err
    assert "is not a weekplan Together repository" in err and "README.md" in err and "Traceback" not in err
    assert sorted(p.name for p in alex.iterdir()) == files_before
    assert not Store.open(alex).config.partner.shared and ideas(alex) == {"pottery class"}


def test_unreachable_remote_and_init_twice_get_clear_words(tmp_path: Path, shared: Path, capsys) -> None:
    alex = person(tmp_path, "alex", own_remote=False)
    add_idea(alex, "pottery class")
    assert main(["--data-dir", str(alex), "partner", "--init", str(tmp_path / "nowhere.git")]) == 1
    err = capsys.readouterr().err
    assert "could not connect to" in err and "nothing was changed here" in err and "Traceback" not in err
    assert not (alex / "together").exists() and not (alex / ".together-clone.tmp").exists()
    assert (alex / "ideas.toml").exists() and not Store.open(alex).config.partner.shared

    assert main(["--data-dir", str(alex), "partner", "--init=--upload-pack=touch /tmp/x"]) == 1
    assert "not a git remote's URL" in capsys.readouterr().err
    assert not (alex / "together").exists() and not Store.open(alex).config.partner.shared

    assert main(["--data-dir", str(alex), "partner", "--init", str(shared)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(alex), "partner", "--init", str(shared)]) == 1
    assert "already shared through" in capsys.readouterr().err
    assert main(["--data-dir", str(alex), "partner", "--init", str(tmp_path / "another.git")]) == 1
    assert "--leave" in capsys.readouterr().err


def test_init_takes_a_relative_remote_path_from_where_it_was_typed(
    tmp_path: Path, shared: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git reads the shared remote's path from the shared repository inside the data
    directory: the path typed beside the data directory is kept as the folder it names."""
    alex, sam = person(tmp_path, "alex", own_remote=False), person(tmp_path, "sam", own_remote=False)
    add_idea(alex, "pottery class")
    monkeypatch.chdir(tmp_path)
    assert main(["--data-dir", alex.name, "partner", "--init", shared.name, "--name", "Alex"]) == 0
    assert Store.open(alex).config.partner.remote == str(shared)
    assert git(alex / "together", "remote", "get-url", "origin").strip() == str(shared)
    assert "ideas.toml" in git(shared, "ls-tree", "--name-only", "main").split()
    # Typed again the same way, it is the remote already in use, not another one.
    capsys.readouterr()
    assert main(["--data-dir", alex.name, "partner", "--init", shared.name]) == 1
    assert "already shared through" in capsys.readouterr().err

    monkeypatch.chdir(sam)  # from inside the data directory, a path up one folder
    assert main(["--data-dir", ".", "partner", "--init", f"../{shared.name}", "--name", "Sam"]) == 0
    assert Store.open(sam).config.partner.remote == str(shared)
    assert ideas(sam) == {"pottery class"}


def test_partner_alone_says_how_things_stand(tmp_path: Path, shared: Path, capsys) -> None:
    alex, sam = person(tmp_path, "alex", own_remote=False), person(tmp_path, "sam", own_remote=False)
    assert main(["--data-dir", str(alex), "partner"]) == 0
    assert "not shared" in capsys.readouterr().out
    connect(alex, str(shared), "Alex")
    connect(sam, str(shared), "Sam")
    sync_all(alex)
    assert main(["--data-dir", str(alex), "partner"]) == 0
    out = capsys.readouterr().out
    assert f"shared through: {shared}" in out and "your name: Alex" in out and "your partner: Sam" in out
    assert "last sync: never" not in out
    assert main(["--data-dir", str(alex), "partner", "--name", "Alex B."]) == 0
    assert Store.open(alex).config.partner.me == "Alex B."


def test_leave_brings_the_together_files_back(tmp_path: Path, shared: Path, capsys) -> None:
    alex, sam = person(tmp_path, "alex"), person(tmp_path, "sam", own_remote=False)
    add_idea(alex, "pottery class")
    connect(alex, str(shared), "Alex")
    add_idea(sam, "climbing gym")
    connect(sam, str(shared), "Sam")
    sync_all(alex)

    add_idea(alex, "unsent idea")
    assert main(["--data-dir", str(alex), "partner", "--leave"]) == 0
    assert "did not reach your partner" in capsys.readouterr().out
    assert not (alex / "together").exists()
    assert not Store.open(alex).config.partner.shared and Store.open(alex).config.partner.me == "Alex"
    assert ideas(alex) == {"pottery class", "climbing gym", "unsent idea"}
    assert (alex / "ideas.toml").exists()
    result = sync_all(alex)
    assert result.together is None and "ideas.toml" in tracked(alex)
    with pytest.raises(PartnerError, match="not shared"):
        leave(alex)
    assert ideas(sam) == {"pottery class", "climbing gym"}  # the partner keeps everything


def busy_of_both(tmp_path: Path, shared: Path) -> tuple[Path, Path]:
    """Alex and Sam sharing, each with an evening busy, each seeing the other's."""
    from weekplan.partner_busy import partner_busy_times

    alex, sam = person(tmp_path, "alex"), person(tmp_path, "sam", own_remote=False)
    connect(alex, str(shared), "Alex")
    connect(sam, str(shared), "Sam")
    Store.open(alex).put_activity(Activity(new_id(), date(2026, 11, 25), 19 * 60, 21 * 60, "gym", "fitness"))
    Store.open(sam).put_activity(Activity(new_id(), date(2026, 11, 26), 18 * 60, 20 * 60, "choir", "hobby"))
    for root in (alex, sam, alex):
        sync_all(root, today=date(2026, 11, 23))
    assert [b.person for b in partner_busy_times(Store.open(sam), date(2026, 11, 23), date(2026, 11, 29))] == ["Alex"]
    return alex, sam


def test_leaving_takes_ones_busy_times_off_the_shared_remote(
    tmp_path: Path, shared: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weekplan.partner_busy import partner_busy_times

    alex, sam = busy_of_both(tmp_path, shared)
    add_idea(alex, "unsent idea")
    monkeypatch.chdir(tmp_path)  # the data directory named as a person would, from beside it

    assert main(["--data-dir", alex.name, "partner", "--leave"]) == 0
    said = capsys.readouterr().out
    assert "removed your busy times (busy/Alex.toml) from origin" in said
    assert "did not reach your partner" in said  # leaving sends nothing else
    on_remote = git(shared, "ls-tree", "-r", "--name-only", "main").split()
    assert [path for path in on_remote if path.startswith("busy/")] == ["busy/Sam.toml"]
    assert (
        git(shared, "log", "-1", "--format=%an: %s", "main").strip() == "Alex: Alex stopped sharing: busy times removed"
    )
    every_object = ["git", "-C", str(shared), "cat-file", "--batch-all-objects", "--batch"]
    assert b"unsent idea" not in subprocess.run(every_object, capture_output=True, check=True).stdout

    result = sync_all(sam, today=date(2026, 11, 23))
    assert "busy times of alex removed" in result.summary.lower()
    assert not (sam / "together" / "busy" / "Alex.toml").exists()
    assert partner_busy_times(Store.open(sam), date(2026, 11, 23), date(2026, 11, 29)) == []
    assert (sam / "together" / "busy" / "Sam.toml").exists()  # the partner's own stay


def test_leaving_while_the_shared_remote_is_out_of_reach_says_the_busy_times_stay(
    tmp_path: Path, shared: Path, capsys
) -> None:
    alex, _sam = busy_of_both(tmp_path, shared)
    shared.rename(tmp_path / "moved.git")

    assert main(["--data-dir", str(alex), "partner", "--leave"]) == 0
    said = capsys.readouterr().out
    assert "could not remove your busy times (busy/Alex.toml) from origin" in said
    assert "your partner still sees the ones you shared last" in said
    assert not (alex / "together").exists() and not Store.open(alex).config.partner.shared
    moved = tmp_path / "moved.git"
    assert "busy/Alex.toml" in git(moved, "ls-tree", "-r", "--name-only", "main").split()


def test_leaving_from_a_shared_copy_on_a_detached_head_says_so_and_leaves_whole(
    tmp_path: Path, shared: Path, capsys
) -> None:
    alex, _sam = busy_of_both(tmp_path, shared)
    git(alex / "together", "checkout", "-q", "--detach")

    assert main(["--data-dir", str(alex), "partner", "--leave"]) == 0
    said = capsys.readouterr().out
    assert "could not remove your busy times (busy/Alex.toml) from origin" in said
    assert not (alex / "together").exists() and not Store.open(alex).config.partner.shared


def test_a_second_machine_of_the_same_person_joins_through_its_own_sync(tmp_path: Path, shared: Path) -> None:
    laptop = person(tmp_path, "laptop")
    desktop = tmp_path / "desktop"
    git(tmp_path, "clone", "-q", str(tmp_path / "laptop-own.git"), str(desktop))
    add_idea(laptop, "pottery class")
    sync_all(laptop)
    sync_all(desktop)
    connect(laptop, str(shared), "Alex")
    sync_all(laptop)
    add_idea(desktop, "night market")  # on the desktop, before it knows of the partner

    result = sync_all(desktop)
    assert result.together is not None and "cloned the shared Together repository" in result.summary
    assert "busy times under the name Alex already" not in result.summary  # its own name, from the laptop
    assert (desktop / "together" / ".git").is_dir()
    assert ideas(desktop) == {"pottery class", "night market"}
    assert not (desktop / "ideas.toml").exists()
    sync_all(laptop)
    assert ideas(laptop) == {"pottery class", "night market"}
    assert "night market" in git(shared, "show", "main:ideas.toml")


def test_without_a_partner_nothing_changes(tmp_path: Path, shared: Path, capsys) -> None:
    alex = person(tmp_path, "alex")
    add_idea(alex, "pottery class")
    plain = sync(alex)
    add_idea(alex, "night swim")
    result = sync_all(alex)
    assert result.together is None
    assert result.summary.splitlines()[1:] == plain.summary.splitlines()[1:]
    assert "Together" not in result.summary and "partner" not in result.summary
    assert sorted(p.name for p in alex.iterdir()) == [
        ".git",
        ".gitattributes",
        ".gitignore",
        "config.toml",
        "ideas.toml",
    ]
    assert "[partner]" not in (alex / "config.toml").read_text()
    assert Store.open(alex).ideas_path == alex / "ideas.toml"
    assert main(["--data-dir", str(alex), "sync"]) == 0
    out = capsys.readouterr().out
    assert "Together" not in out and out.splitlines()[-1] == "origin is up to date"


def seen_once(root: Path, titles: set[str]) -> None:
    """What the planner reads: each of these items exactly once, and no conflict copies."""
    found = [idea.title for idea in Store.open(root).ideas().items.values()]
    found += [special.title for special in Store.open(root).dates().items.values()]
    assert sorted(found) == sorted(titles)


class Killed(BaseException):
    """Stands for a kill: nothing after it runs, no cleanup that catches Exception."""


@pytest.mark.parametrize("step", ["before the rename", "before the settings", "during the move"])
def test_a_kill_during_init_loses_and_doubles_nothing(
    tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    alex = person(tmp_path, "alex")
    titles = {add_idea(alex, "pottery class").title, add_idea(alex, "night swim").title}
    titles |= {add_date(alex, "jazz night").title, add_date(alex, "new year", date(2027, 1, 1)).title}
    import weekplan.partner_setup as setup

    def kill(*_args: object, **_kwargs: object) -> None:
        raise Killed

    with monkeypatch.context() as patched:
        if step == "before the rename":
            patched.setattr(setup.os, "rename", kill)
        elif step == "before the settings":
            patched.setattr(setup.Store, "save_config", kill)
        else:
            real_unlink = Path.unlink
            unlinked: list[Path] = []

            def unlink_once(path: Path, missing_ok: bool = False) -> None:
                if unlinked:
                    raise Killed
                unlinked.append(path)
                real_unlink(path, missing_ok=missing_ok)

            patched.setattr(Path, "unlink", unlink_once)
        with pytest.raises(Killed):
            connect(alex, str(shared), "Alex")
    seen_once(alex, titles)

    if step == "during the move":
        sync_all(alex)  # a sync finishes the move
    else:
        connect(alex, str(shared), "Alex")  # running it again carries on
    seen_once(alex, titles)
    assert not (alex / "ideas.toml").exists() and not (alex / "dates").exists()
    assert not (alex / ".together-clone.tmp").exists()
    sync_all(alex)
    assert {idea.title for idea in Store.open(alex).ideas().items.values()} <= titles
    assert "night swim" in git(shared, "show", "main:ideas.toml")


@pytest.mark.slow
def test_real_kills_during_init_lose_and_double_nothing(tmp_path: Path, shared: Path) -> None:
    import random
    import signal
    import sys
    import time

    chance = random.Random(20)
    for attempt in range(6):
        root = person(tmp_path, f"p{attempt}", own_remote=False)
        remote = bare(tmp_path / f"t{attempt}.git")
        titles = {add_idea(root, f"idea {n}").title for n in range(3)} | {add_date(root, "jazz night").title}
        command = [sys.executable, "-m", "weekplan", "--data-dir", str(root), "partner", "--init", str(remote)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.1, 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen_once(root, titles)
        assert subprocess.run(command, capture_output=True).returncode in (0, 1)
        if not Store.open(root).config.partner.shared:
            assert subprocess.run(command, capture_output=True).returncode == 0
        sync_all(root)
        seen_once(root, titles)
        assert not (root / "ideas.toml").exists()


def test_the_together_half_syncs_when_the_own_remote_fails(tmp_path: Path, shared: Path) -> None:
    alex = person(tmp_path, "alex")
    connect(alex, str(shared), "Alex")
    sync_all(alex)
    git(alex, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    add_idea(alex, "harbour walk")
    with pytest.raises(SyncError) as failed:
        sync_all(alex)
    said = str(failed.value)
    assert "could not" in said and "Together, shared with your partner, synced:" in said
    assert "harbour walk" in git(shared, "show", "main:ideas.toml")


def test_a_name_with_control_characters_is_refused(tmp_path: Path, shared: Path, capsys) -> None:
    alex = person(tmp_path, "alex", own_remote=False)
    assert main(["--data-dir", str(alex), "partner", "--init", str(shared), "--name", "Al\x1b[31mex"]) == 1
    assert "control characters" in capsys.readouterr().err
    assert not (alex / "together").exists() and not Store.open(alex).config.partner.shared


def test_busy_times_travel_with_start_and_end_only(tmp_path: Path, shared: Path) -> None:
    from weekplan.partner_busy import partner_busy_times

    alex, sam = person(tmp_path, "alex"), person(tmp_path, "sam", own_remote=False)
    connect(alex, str(shared), "Alex")
    connect(sam, str(shared), "Sam")
    store = Store.open(alex)
    store.put_activity(Activity(new_id(), date(2026, 11, 25), 19 * 60, 21 * 60, SECRET, "fitness", notes=SECRET))
    store.put_routine(Routine(new_id(), f"{SECRET} run", "fitness", (0,), 7 * 60, 8 * 60, date(2026, 11, 23)))
    Store.open(sam).put_activity(Activity(new_id(), date(2026, 11, 26), 18 * 60, 20 * 60, "choir", "hobby"))
    today = date(2026, 11, 23)
    sync_all(alex, today=today)
    sync_all(sam, today=today)
    sync_all(alex, today=today)

    from_alex = (sam / "together" / "busy" / "Alex.toml").read_text()
    assert SECRET not in from_alex and "fitness" not in from_alex and "notes" not in from_alex
    entries = tomllib.loads(from_alex)["busy"]
    assert all(set(entry) == {"date", "start", "end"} for entry in entries)
    seen_by_sam = partner_busy_times(Store.open(sam), date(2026, 11, 23), date(2026, 11, 29))
    assert [(b.day, b.start, b.end, b.title) for b in seen_by_sam] == [
        (date(2026, 11, 23), 7 * 60, 8 * 60, ""),
        (date(2026, 11, 25), 19 * 60, 21 * 60, ""),
    ]
    seen_by_alex = partner_busy_times(Store.open(alex), date(2026, 11, 23), date(2026, 11, 29))
    assert [(b.day, b.start, b.end, b.person) for b in seen_by_alex] == [(date(2026, 11, 26), 18 * 60, 20 * 60, "Sam")]
    assert (
        SECRET.encode()
        not in subprocess.run(
            ["git", "-C", str(shared), "cat-file", "--batch-all-objects", "--batch"], capture_output=True, check=True
        ).stdout
    )

    messages = git(shared, "log", "--format=%s%n%b", "main").lower()
    assert "busy times of alex added" in messages and "busy times of sam added" in messages
    # Turned off: the file leaves the shared repository, and the partner sees no busy times.
    store = Store.open(alex)
    store.save_config(replace(store.config, partner=replace(store.config.partner, share_busy=False)))
    sync_all(alex, today=today)
    sync_all(sam, today=today)
    assert not (sam / "together" / "busy" / "Alex.toml").exists()
    assert partner_busy_times(Store.open(sam), date(2026, 11, 23), date(2026, 11, 29)) == []


def test_half_written_saves_in_the_shared_tree_are_tidied(tmp_path: Path, shared: Path) -> None:
    import time

    from weekplan.atomic_files import STALE_AFTER_SECONDS

    alex = person(tmp_path, "alex", own_remote=False)
    add_idea(alex, "pottery class")
    connect(alex, str(shared), "Alex")
    stale = alex / "together" / ".ideas.toml.k2j4h1x9.tmp"
    stale.write_bytes(b"half a file")
    then = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(stale, (then, then))
    store = Store.open(alex)
    assert not stale.exists() and "removed 1 temporary file(s)" in " ".join(store.notes)
    assert ideas(alex) == {"pottery class"}
    assert "not synced:" not in sync_all(alex).summary


def test_leaving_on_one_machine_is_said_on_the_other(tmp_path: Path, shared: Path) -> None:
    laptop = person(tmp_path, "laptop")
    desktop = tmp_path / "desktop"
    git(tmp_path, "clone", "-q", str(tmp_path / "laptop-own.git"), str(desktop))
    add_idea(laptop, "pottery class")
    connect(laptop, str(shared), "Alex")
    sync_all(laptop)
    sync_all(desktop)
    add_idea(desktop, "only on the desktop")  # written into the desktop's together/, never synced
    leave(laptop)
    sync_all(laptop)

    result = sync_all(desktop)
    assert result.together is None and "run 'weekplan partner --leave' here too" in result.summary
    assert ideas(desktop) == {"pottery class"}
    assert main(["--data-dir", str(desktop), "partner", "--leave"]) == 0
    assert ideas(desktop) == {"pottery class", "only on the desktop"}
    assert not (desktop / "together").exists()
    sync_all(desktop)
    sync_all(laptop)
    assert ideas(laptop) == {"pottery class", "only on the desktop"}


def test_a_folder_of_ones_own_called_together_is_left_alone(tmp_path: Path, shared: Path, capsys) -> None:
    alex = person(tmp_path, "alex", own_remote=False)
    (alex / "together").mkdir()
    (alex / "together" / "letters.txt").write_text("mine\n")
    assert main(["--data-dir", str(alex), "partner", "--init", str(shared)]) == 1
    assert "is in the way" in capsys.readouterr().err
    assert main(["--data-dir", str(alex), "partner", "--leave"]) == 1
    assert (alex / "together" / "letters.txt").read_text() == "mine\n"


def test_unreadable_settings_stop_every_partner_command_with_words(tmp_path: Path, shared: Path, capsys) -> None:
    alex = person(tmp_path, "alex", own_remote=False)
    add_idea(alex, "pottery class")
    (alex / "config.toml").write_text("first_weekday = [\n")
    for args in ([], ["--name", "Alex"], ["--init", str(shared)], ["--leave"]):
        assert main(["--data-dir", str(alex), "partner", *args]) == 1
        err = capsys.readouterr().err
        assert "config.toml cannot be read" in err and "config.toml:1:" in err and "Traceback" not in err
    assert sorted(p.name for p in alex.iterdir()) == ["config.toml", "ideas.toml"]
    assert git(shared, "for-each-ref") == ""


def test_two_people_editing_and_syncing_at_random_end_up_with_the_same_together(tmp_path: Path, shared: Path) -> None:
    """A short randomised trial: each adds and deletes ideas, adds dates and changes
    their own field of any date, and syncs at random; once both have synced twice
    more, both hold the same files, every idea not deleted once, every change kept."""
    import random

    chance = random.Random(48)
    people = {"Alex": person(tmp_path, "alex"), "Sam": person(tmp_path, "sam", own_remote=False)}
    for name, root in people.items():
        connect(root, str(shared), name)
    field_of = {"Alex": "place", "Sam": "notes"}  # each changes a field of their own: no conflict to settle
    alive: set[str] = set()
    last_value: dict[tuple[str, str], str] = {}  # (date id, field) → the last value written
    for step in range(30):
        name = chance.choice(sorted(people))
        root = people[name]
        store = Store.open(root)
        action = chance.choice(["idea", "idea", "delete", "date", "edit", "edit", "sync", "sync"])
        seen_ideas = sorted(store.ideas().items.values(), key=lambda i: i.id)
        seen_dates = sorted(store.dates().items.values(), key=lambda d: d.id)
        if action == "idea":
            alive.add(add_idea(root, f"idea {step} by {name}").title)
        elif action == "delete" and seen_ideas:
            gone = chance.choice(seen_ideas)
            store.remove(gone)
            alive.discard(gone.title)
        elif action == "date":
            add_date(root, f"date {step}", date(2026, 12, 1 + step % 28))
        elif action == "edit" and seen_dates:
            special = chance.choice(seen_dates)
            value = f"{field_of[name]} {step}"
            store.put_date(replace(special, **{field_of[name]: value}), replacing=special)
            last_value[(special.id, field_of[name])] = value
        else:
            sync_all(root)
    for _ in range(2):
        for root in people.values():
            sync_all(root)
    alex, sam = people["Alex"], people["Sam"]
    for relpath in ("ideas.toml", *(f"dates/{p.name}" for p in (alex / "together" / "dates").glob("*.toml"))):
        assert (alex / "together" / relpath).read_bytes() == (sam / "together" / relpath).read_bytes(), relpath
    titles = [idea.title for idea in Store.open(sam).ideas().items.values()]
    assert sorted(titles) == sorted(alive)
    merged = Store.open(sam).dates().items
    for (date_id, field_name), value in last_value.items():
        assert getattr(merged[date_id], field_name) == value
    assert main(["--data-dir", str(alex), "check"]) == 0 and main(["--data-dir", str(sam), "check"]) == 0


def test_the_own_remote_cannot_bring_files_into_the_shared_tree(tmp_path: Path, shared: Path, capsys) -> None:
    alex = person(tmp_path, "alex")
    add_idea(alex, "pottery class")
    connect(alex, str(shared), "Alex")
    assert main(["--data-dir", str(alex), "sync"]) == 0
    out = capsys.readouterr().out
    assert "pushed to origin" in out and "Together, shared with your partner:\n  committed: " in out
    before = (alex / "together" / "ideas.toml").read_bytes()
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(tmp_path / "alex-own.git"), str(other))
    (other / "together").mkdir()
    (other / "together" / "ideas.toml").write_text('[ideas.x1]\ntitle = "planted"\n')
    git(other, "add", "together/ideas.toml")
    git(other, "-c", "user.name=x", "-c", "user.email=x@y", "commit", "-q", "-m", "planted")
    git(other, "push", "-q", "origin", "main")

    assert main(["--data-dir", str(alex), "sync"]) == 1
    assert "together/ideas.toml (not a weekplan file)" in capsys.readouterr().err
    assert (alex / "together" / "ideas.toml").read_bytes() == before
    assert not any(path.startswith("together") for path in tracked(alex))


def test_leaving_brings_back_a_dates_file_of_any_year_and_keeps_what_it_cannot(
    tmp_path: Path, shared: Path, capsys
) -> None:
    alex = person(tmp_path, "alex")
    add_date(alex, "jazz night")
    connect(alex, str(shared), "Alex")
    hand_made = b'[[dates]]\nid = "d1850"\ndate = 1850-06-01\ntitle = "great-grandparents wed"\n'
    (alex / "together" / "dates" / "1850.toml").write_bytes(hand_made)
    (alex / "together" / "notes.txt").write_text("plans for the trip\n")

    assert main(["--data-dir", str(alex), "partner", "--leave"]) == 0
    said = capsys.readouterr().out
    assert (alex / "dates" / "1850.toml").read_bytes() == hand_made
    assert "dates/1850.toml" in said and "jazz night" in {d.title for d in Store.open(alex).dates().items.values()}
    assert "notes.txt" in said and "left" in said
    assert (alex / "together" / "notes.txt").read_text() == "plans for the trip\n"
    assert not Store.open(alex).config.partner.shared


def two_machines_of_alex(tmp_path: Path, shared: Path) -> tuple[Path, Path]:
    """Alex's laptop and desktop, synced through Alex's own remote, both sharing Together."""
    laptop = person(tmp_path, "laptop")
    desktop = tmp_path / "desktop"
    git(tmp_path, "clone", "-q", str(tmp_path / "laptop-own.git"), str(desktop))
    connect(laptop, str(shared), "Alex")
    sync_all(laptop, today=date(2026, 11, 23))
    sync_all(desktop, today=date(2026, 11, 23))
    return laptop, desktop


def test_busy_times_from_two_machines_of_one_person_leave_no_conflict(tmp_path: Path, shared: Path) -> None:
    laptop, desktop = two_machines_of_alex(tmp_path, shared)
    today = date(2026, 11, 23)
    Store.open(laptop).put_activity(Activity(new_id(), date(2026, 11, 24), 18 * 60, 19 * 60, "doctor", "rest"))
    sync_all(laptop, today=today)
    Store.open(desktop).put_activity(Activity(new_id(), date(2026, 11, 25), 18 * 60, 19 * 60, "interview", "career"))

    result = sync_all(desktop, today=today)

    on_remote = tomllib.loads(git(shared, "show", "main:busy/Alex.toml"))
    assert "conflicts" not in on_remote  # what the partner would be shown, both ways
    assert [(entry["date"], entry["start"]) for entry in on_remote["busy"]] == [
        (date(2026, 11, 24), "18:00"),
        (date(2026, 11, 25), "18:00"),
    ]
    assert result.together is not None and result.together.conflicts == []
    assert (desktop / "together" / "busy" / "Alex.toml").read_text() == git(shared, "show", "main:busy/Alex.toml")


def test_a_new_name_takes_the_busy_times_under_the_old_one_off_the_remote(tmp_path: Path, shared: Path, capsys) -> None:
    from weekplan.partner_busy import partner_busy_times

    alex, sam = busy_of_both(tmp_path, shared)
    today = date(2026, 11, 23)

    assert main(["--data-dir", str(alex), "partner", "--name", "Alexander"]) == 0
    assert "busy times shared as Alex" in capsys.readouterr().out
    sync_all(alex, today=today)
    busy_on_remote = [p for p in git(shared, "ls-tree", "-r", "--name-only", "main").split() if p.startswith("busy/")]
    assert busy_on_remote == ["busy/Alexander.toml", "busy/Sam.toml"]
    sync_all(sam, today=today)
    assert [b.person for b in partner_busy_times(Store.open(sam), today, date(2026, 11, 29))] == ["Alexander"]

    # Renamed and left before any sync: leaving takes the busy times of both names off.
    assert main(["--data-dir", str(alex), "partner", "--name", "Al"]) == 0
    assert main(["--data-dir", str(alex), "partner", "--leave"]) == 0
    busy_on_remote = [p for p in git(shared, "ls-tree", "-r", "--name-only", "main").split() if p.startswith("busy/")]
    assert busy_on_remote == ["busy/Sam.toml"]
    sync_all(sam, today=today)
    assert partner_busy_times(Store.open(sam), today, date(2026, 11, 29)) == []


def test_joining_again_keeps_what_the_partner_changed_meanwhile(tmp_path: Path, shared: Path) -> None:
    alex, sam = person(tmp_path, "alex"), person(tmp_path, "sam", own_remote=False)
    connect(alex, str(shared), "Alex")
    connect(sam, str(shared), "Sam")
    add_date(alex, "jazz night")
    sync_all(alex)
    sync_all(sam)
    leave(alex)
    edited = replace(dates(sam)["jazz night"], place="Blue Note", ratings=(("Sam", 5),))
    Store.open(sam).put_date(edited)
    sync_all(sam)

    connect(alex, str(shared), "Alex")
    sync_all(alex)
    sync_all(sam)

    for root in (alex, sam):
        assert list(dates(root).values()) == [edited]
    assert 'place = "Blue Note"' in git(shared, "show", "main:dates/2026.toml")


def test_a_shared_history_rewritten_elsewhere_merges_with_merge_unrelated(tmp_path: Path, shared: Path) -> None:
    alex = person(tmp_path, "alex")
    connect(alex, str(shared), "Alex")
    add_idea(alex, "pottery class")
    sync_all(alex)
    elsewhere = tmp_path / "elsewhere"  # a history of its own, force-pushed over the shared one
    git(tmp_path, "init", "-q", "-b", "main", str(elsewhere))
    atomic_write(elsewhere / "ideas.toml", b'[ideas.x1]\ntitle = "night market"\nkind = "place"\n')
    git(elsewhere, "add", "ideas.toml")
    git(elsewhere, "-c", "user.name=Sam", "-c", "user.email=", "commit", "-q", "-m", "start again")
    git(elsewhere, "push", "-q", "-f", str(shared), "main")

    with pytest.raises(SyncError, match="weekplan sync --merge-unrelated"):
        sync_all(alex)
    assert main(["--data-dir", str(alex), "sync", "--merge-unrelated"]) == 0

    assert ideas(alex) == {"pottery class", "night market"}
    assert "pottery class" in git(shared, "show", "main:ideas.toml")


def test_a_file_too_big_to_read_is_refused_before_it_is_merged(tmp_path: Path, shared: Path) -> None:
    from weekplan.tomlfile import MAX_FILE_BYTES

    alex = person(tmp_path, "alex", own_remote=False)
    add_idea(alex, "pottery class")
    connect(alex, str(shared), "Alex")
    attacker = tmp_path / "attacker"
    git(tmp_path, "clone", "-q", str(shared), str(attacker))
    ideas_file = attacker / "ideas.toml"
    padding = "".join(f'[ideas.z{n:06d}]\ntitle = "{"x" * 60}"\n\n' for n in range(MAX_FILE_BYTES // 80))
    ideas_file.write_text(ideas_file.read_text() + padding)
    git(attacker, "-c", "user.name=x", "-c", "user.email=", "commit", "-q", "-a", "-m", "huge")
    git(attacker, "push", "-q", "origin", "main")
    pushed = git(shared, "rev-parse", "main")
    add_idea(alex, "night swim")  # changed on both sides: the merge would read the huge one

    with pytest.raises(SyncError) as refused:
        sync_all(alex)
    said = str(refused.value)
    assert "ideas.toml (" in said and "more than the 2 MB weekplan reads" in said
    assert ideas(alex) == {"pottery class", "night swim"}
    assert git(shared, "rev-parse", "main") == pushed  # nothing pushed back


def test_a_machine_whose_own_sync_failed_shares_no_busy_times_it_may_no_longer_share(
    tmp_path: Path, shared: Path
) -> None:
    laptop, desktop = two_machines_of_alex(tmp_path, shared)
    today = date(2026, 11, 23)
    for root in (laptop, desktop):
        Store.open(root).put_activity(Activity(new_id(), date(2026, 11, 24), 18 * 60, 19 * 60, "doctor", "rest"))
    sync_all(laptop, today=today)
    sync_all(desktop, today=today)
    assert "busy/Alex.toml" in git(shared, "ls-tree", "-r", "--name-only", "main")
    store = Store.open(laptop)  # busy times no longer shared, said on the laptop
    store.save_config(replace(store.config, partner=replace(store.config.partner, share_busy=False)))
    sync_all(laptop, today=today)
    assert "busy/Alex.toml" not in git(shared, "ls-tree", "-r", "--name-only", "main")
    (tmp_path / "laptop-own.git").rename(tmp_path / "out-of-reach.git")  # the desktop cannot learn of it
    Store.open(desktop).put_activity(Activity(new_id(), date(2026, 11, 25), 18 * 60, 19 * 60, "dentist", "rest"))

    with pytest.raises(SyncError, match="Together, shared with your partner, synced"):
        sync_all(desktop, today=today)

    assert "busy/Alex.toml" not in git(shared, "ls-tree", "-r", "--name-only", "main")


def test_busy_times_turned_off_on_one_machine_stay_off_when_another_changed_them(tmp_path: Path, shared: Path) -> None:
    laptop, desktop = two_machines_of_alex(tmp_path, shared)
    today = date(2026, 11, 23)
    store = Store.open(laptop)
    store.save_config(replace(store.config, partner=replace(store.config.partner, share_busy=False)))
    Store.open(desktop).put_activity(Activity(new_id(), date(2026, 11, 25), 18 * 60, 19 * 60, "dentist", "rest"))
    sync_all(desktop, today=today)  # before it knows: its busy times change on the shared remote
    assert "busy/Alex.toml" in git(shared, "ls-tree", "-r", "--name-only", "main")

    result = sync_all(laptop, today=today)

    assert "busy/Alex.toml" not in git(shared, "ls-tree", "-r", "--name-only", "main")
    assert not (laptop / "together" / "busy" / "Alex.toml").exists()
    assert result.together is not None and not any("busy" in line for line in result.together.decisions)
    sync_all(desktop, today=today)  # it learns of the setting, and shares nothing again
    assert "busy/Alex.toml" not in git(shared, "ls-tree", "-r", "--name-only", "main")


def busy_on_remote(shared: Path) -> dict[str, str]:
    """The busy files on the shared remote's main branch, by path, with what they say."""
    paths = [p for p in git(shared, "ls-tree", "-r", "--name-only", "main").split() if p.startswith("busy/")]
    return {path: git(shared, "show", f"main:{path}") for path in paths}


def test_joining_under_a_name_the_shared_repository_has_is_refused(tmp_path: Path, shared: Path, capsys) -> None:
    alex, sam = person(tmp_path, "alex"), person(tmp_path, "sam", own_remote=False)
    connect(alex, str(shared), "Alex")
    sync_all(alex)
    add_idea(sam, "night swim")

    assert main(["--data-dir", str(sam), "partner", "--init", str(shared), "--name", "Alex"]) == 1
    said = capsys.readouterr().err
    assert "busy times under the name Alex that this copy did not write" in said
    assert "--other-machine" in said
    assert not (sam / "together").exists() and not Store.open(sam).config.partner.shared
    assert ideas(sam) == {"night swim"}  # nothing moved
    kim = person(tmp_path, "kim", own_remote=False)
    connect(kim, str(shared), "Kim")
    sync_all(kim)
    connect(sam, str(shared), "Sam")
    sync_all(sam)
    with pytest.raises(PartnerError, match="busy times under the name Kim that this copy did not write"):
        rename(sam, "Kim")
    assert Store.open(sam).config.partner.me == "Sam"
    # Said to be this person's own, from another machine: taken.
    laptop = person(tmp_path, "laptop", own_remote=False)
    assert main(["--data-dir", str(laptop), "partner", "--init", str(shared), "--name", "Alex", "--other-machine"]) == 0
    assert Store.open(laptop).config.partner.me == "Alex"


def test_a_partners_busy_file_is_never_taken_away_by_a_name_that_was_theirs(
    tmp_path: Path, shared: Path, capsys
) -> None:
    _alex, sam = busy_of_both(tmp_path, shared)
    alex_busy = busy_on_remote(shared)["busy/Alex.toml"]

    # Sam says it is their name, wrongly, then goes back: Alex's file is not Sam's to remove.
    assert main(["--data-dir", str(sam), "partner", "--name", "Alex", "--other-machine"]) == 0
    assert main(["--data-dir", str(sam), "partner", "--name", "Sam"]) == 0
    capsys.readouterr()
    assert (sam / "together" / "busy" / "Alex.toml").exists()
    sync_all(sam, today=date(2026, 11, 23))
    assert busy_on_remote(shared)["busy/Alex.toml"] == alex_busy

    # Under the partner's name again, then leaving: only Sam's own file leaves the remote.
    assert main(["--data-dir", str(sam), "partner", "--name", "Alex", "--other-machine"]) == 0
    assert main(["--data-dir", str(sam), "partner", "--leave"]) == 0
    assert "busy/Alex.toml" not in capsys.readouterr().out
    assert busy_on_remote(shared) == {"busy/Alex.toml": alex_busy}


def test_leaving_keeps_a_partners_busy_file_missing_from_the_own_copy(tmp_path: Path, shared: Path, capsys) -> None:
    alex, _sam = busy_of_both(tmp_path, shared)
    (alex / "together" / "busy" / "Sam.toml").unlink()

    assert main(["--data-dir", str(alex), "partner", "--leave"]) == 0

    assert "removed your busy times (busy/Alex.toml) from origin" in capsys.readouterr().out
    assert sorted(busy_on_remote(shared)) == ["busy/Sam.toml"]


def test_joining_again_under_the_partners_name_is_refused(tmp_path: Path, shared: Path, capsys) -> None:
    alex, _sam = busy_of_both(tmp_path, shared)
    leave(alex)

    with pytest.raises(PartnerError, match="busy times under the name Sam that this copy did not write"):
        connect(alex, str(shared), "Sam")

    assert not (alex / "together").exists() and not Store.open(alex).config.partner.shared
    assert connect(alex, str(shared), "Alex")  # its own name, withdrawn at leaving, is free


def test_a_history_started_afresh_brings_the_partners_busy_times_not_a_stale_copy(tmp_path: Path, shared: Path) -> None:
    alex, _sam = busy_of_both(tmp_path, shared)
    mine = busy_on_remote(shared)["busy/Alex.toml"]
    elsewhere = tmp_path / "elsewhere"  # Sam starts the shared history again, with a fresh busy file
    git(tmp_path, "init", "-q", "-b", "main", str(elsewhere))
    fresh = 'version = 1\nname = "Sam"\nfirst = 2026-11-23\nlast = 2027-01-17\n'
    fresh += 'busy = [\n    { date = 2026-11-27, start = "10:00", end = "11:00" },\n]\n'
    atomic_write(elsewhere / "busy" / "Sam.toml", fresh.encode())
    atomic_write(elsewhere / "busy" / "Alex.toml", b'version = 1\nname = "Alex"\n')  # an old copy of Alex's
    git(elsewhere, "add", "busy")
    git(elsewhere, "-c", "user.name=Sam", "-c", "user.email=", "commit", "-q", "-m", "start again")
    git(elsewhere, "push", "-q", "-f", str(shared), "main")

    assert main(["--data-dir", str(alex), "sync", "--merge-unrelated"]) == 0

    assert busy_on_remote(shared) == {"busy/Alex.toml": mine, "busy/Sam.toml": fresh}
    assert (alex / "together" / "busy" / "Sam.toml").read_text() == fresh


def test_joining_again_after_the_partner_changed_a_field_one_had_set_keeps_both_to_choose(
    tmp_path: Path, shared: Path
) -> None:
    alex, sam = person(tmp_path, "alex"), person(tmp_path, "sam", own_remote=False)
    connect(alex, str(shared), "Alex")
    connect(sam, str(shared), "Sam")
    Store.open(alex).put_date(replace(add_date(alex, "jazz night"), place="Old Place"))
    sync_all(alex)
    sync_all(sam)
    leave(alex)
    Store.open(sam).put_date(replace(dates(sam)["jazz night"], place="Blue Note"))
    sync_all(sam)

    said = "\n".join(connect(alex, str(shared), "Alex"))

    # The joining copy has no record of what it left with: both versions are kept, to choose from.
    conflict = [line for line in said.splitlines() if line.startswith("conflict, both kept: ")]
    assert len(conflict) == 1 and "jazz night" in conflict[0]
    assert f"{alex / 'together' / 'dates' / '2026.toml'}: " in conflict[0]
    assert ".together-clone.tmp" not in said
    places = sorted(d.place for d in Store.open(alex).dates().items.values())
    assert places == ["Blue Note", "Old Place"]


def test_a_new_name_the_partner_took_since_the_last_sync_is_refused(tmp_path: Path, shared: Path) -> None:
    alex, sam = person(tmp_path, "alex"), person(tmp_path, "sam", own_remote=False)
    connect(alex, str(shared), "Alex")
    sync_all(alex)
    connect(sam, str(shared), "Sam")
    sync_all(sam)  # Alex has not synced since: busy/Sam.toml is on the remote only
    assert not (alex / "together" / "busy" / "Sam.toml").exists()

    with pytest.raises(PartnerError, match="busy times under the name Sam that this copy did not write"):
        rename(alex, "Sam")

    assert Store.open(alex).config.partner.me == "Alex"
    assert (alex / "together" / "busy" / "Alex.toml").exists()


def test_leaving_after_the_shared_branch_was_renamed_takes_the_busy_times_off_the_new_one(
    tmp_path: Path, shared: Path, capsys
) -> None:
    alex, sam = busy_of_both(tmp_path, shared)
    git(shared, "branch", "-m", "main", "trunk")  # renamed where the remote is kept; HEAD follows

    assert main(["--data-dir", str(alex), "partner", "--leave"]) == 0

    assert "removed your busy times (busy/Alex.toml) from origin" in capsys.readouterr().out
    assert git(shared, "for-each-ref", "--format=%(refname:short)", "refs/heads").split() == ["trunk"]
    on_remote = git(shared, "ls-tree", "-r", "--name-only", "trunk").split()
    assert [path for path in on_remote if path.startswith("busy/")] == ["busy/Sam.toml"]
    result = sync_all(sam, today=date(2026, 11, 23))
    assert not (sam / "together" / "busy" / "Alex.toml").exists(), result.summary


def test_a_new_name_the_partner_took_on_a_renamed_shared_branch_is_refused(tmp_path: Path, shared: Path) -> None:
    alex, sam = person(tmp_path, "alex"), person(tmp_path, "sam", own_remote=False)
    connect(alex, str(shared), "Alex")
    sync_all(alex)
    git(shared, "branch", "-m", "main", "trunk")
    connect(sam, str(shared), "Sam")
    sync_all(sam)  # busy/Sam.toml is on trunk only, which Alex has never synced on

    with pytest.raises(PartnerError, match="busy times under the name Sam that this copy did not write"):
        rename(alex, "Sam")

    assert Store.open(alex).config.partner.me == "Alex"


def test_a_partner_under_a_name_of_thousands_of_characters_is_named_in_a_line(
    tmp_path: Path, shared: Path, capsys
) -> None:
    """The names `weekplan partner` lists come from the shared history too, where a
    commit may carry any author: a name of 5 000 characters is cut, as any one-line
    place cuts a text."""
    alex = person(tmp_path, "alex", own_remote=False)
    connect(alex, str(shared), "Alex")
    sync_all(alex)
    clone = tmp_path / "elsewhere"
    git(tmp_path, "clone", "-q", str(shared), str(clone))
    (clone / "ideas.toml").write_text('[ideas.aaaaaaaaaaaa]\ntitle = "picnic"\n', "utf-8")
    git(clone, "add", "ideas.toml")
    long_name = "N" * 5000
    git(clone, "-c", f"user.name={long_name}", "-c", "user.email=n@example.org", "commit", "-qm", "an idea")
    git(clone, "push", "-q", "origin", "HEAD:main")
    sync_all(alex)
    capsys.readouterr()

    assert main(["--data-dir", str(alex), "partner"]) == 0

    (line,) = [line for line in capsys.readouterr().out.splitlines() if line.startswith("your partner:")]
    assert "NNNN" in line and len(line) < 400


def test_a_shared_history_of_many_authors_is_named_in_a_line(tmp_path: Path, shared: Path, capsys) -> None:
    """Each name is cut to a line, and so is the list: a shared history with dozens of
    authors names the first few and says how many more."""
    alex = person(tmp_path, "alex", own_remote=False)
    connect(alex, str(shared), "Alex")
    sync_all(alex)
    clone = tmp_path / "elsewhere"
    git(tmp_path, "clone", "-q", str(shared), str(clone))
    authors = [f"Person {n:02d} " + "x" * 150 for n in range(40)]
    for author in authors:
        git(
            clone,
            "-c",
            f"user.name={author}",
            "-c",
            "user.email=n@example.org",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "hi",
        )
    git(clone, "push", "-q", "origin", "HEAD:main")
    sync_all(alex)
    capsys.readouterr()

    assert main(["--data-dir", str(alex), "partner"]) == 0

    (line,) = [line for line in capsys.readouterr().out.splitlines() if line.startswith("your partner:")]
    assert line.startswith(f"your partner: {authors[0]}, {authors[1]}, {authors[2]} and 37 more")
    assert len(line) < 1000


def test_the_name_a_person_is_given_is_their_own_gits_not_another_repositorys(
    tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from a git hook or with GIT_CONFIG naming another settings file, the name
    weekplan gives a person by default is still the one of their own git settings."""
    from weekplan.partner_setup import default_name

    own = tmp_path / "own-gitconfig"
    own.write_text("[user]\n\tname = Alex Own\n", "utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(own))
    elsewhere = tmp_path / "elsewhere.cfg"
    elsewhere.write_text("[user]\n\tname = Someone Else\n", "utf-8")
    monkeypatch.setenv("GIT_CONFIG", str(elsewhere))

    assert default_name() == "Alex Own"
