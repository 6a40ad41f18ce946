"""A sync whose git cannot write the files a merge brings (the disk is full) leaves this
machine's files as they were committed here, or puts them back at the next sync: a file
git wrote half of is never committed and pushed as this machine's edit.

git is given a limit on the size of the files it writes (RLIMIT_FSIZE, with the signal
that would end it ignored), so a write past it fails part-way, as on a full disk."""

from __future__ import annotations

import resource
import signal
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from test_sync_support import Machine, git, remote, two_machines

from weekplan.concurrent_edit import SyncStoppedError
from weekplan.model import Activity, new_id
from weekplan.sync import SyncError

__all__ = ["remote", "two_machines"]  # fixtures, used by name

FILE_SIZE_LIMIT = 4096


def activities(prefix: str, count: int) -> list[Activity]:
    return [
        Activity(new_id(), date(2026, 11, 23 + n % 7), (7 + n % 14) * 60, (8 + n % 14) * 60, f"{prefix} {n}", "hobby")
        for n in range(count)
    ]


def small_files_only(limit: int) -> Callable[[], None]:
    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed git

    return limited


class Disk:
    """From `fill()` on, every `git merge` cannot write a file past the limit; with
    `stays_full`, no git started after that merge can write at all.  `free()` ends it."""

    def __init__(self) -> None:
        self.full = False
        self.stays_full = False
        self.merged = False
        self.merge_limit = FILE_SIZE_LIMIT
        self.stopped = "merge"

    def fill(self, *, stays_full: bool, merge_limit: int = FILE_SIZE_LIMIT, stopped: str = "merge") -> None:
        """`stopped` is the git program that first meets the full disk."""
        self.full, self.stays_full, self.merge_limit, self.stopped = True, stays_full, merge_limit, stopped

    def free(self) -> None:
        self.full = False

    def limit(self, argv: list[str]) -> int | None:
        """How many bytes a file that this program writes may have; None: no limit."""
        if not self.full or argv[0] != "git":
            return None
        if self.stopped in argv and not self.merged:
            self.merged = True
            return self.merge_limit
        return 0 if self.merged and self.stays_full else None


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Disk:
    popen = subprocess.Popen
    disk = Disk()

    def limited_popen(argv: list[str], *args: object, **kwargs: object) -> object:
        limit = disk.limit(argv)
        if limit is not None:
            kwargs["preexec_fn"] = small_files_only(limit)
        return popen(argv, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", limited_popen)
    return disk


def synced_then_pushed_there(laptop: Machine, desktop: Machine, here: list[Activity], there: list[Activity]) -> None:
    """`here` saved on the laptop and synced to both; then `there` pushed from the desktop."""
    laptop.store().add_activities(here)
    laptop.sync()
    desktop.sync()
    desktop.store().add_activities(there)
    desktop.sync()


def titles(machine: Machine) -> set[str]:
    return {a.title for a in machine.store().all_activities()}


def week_file(machine: Machine) -> Path:
    return machine.root / "weeks" / "2026-W48.toml"


@pytest.mark.parametrize("stays_full", [False, True], ids=["space-again", "still-full"])
@pytest.mark.parametrize("both_changed", [False, True], ids=["fast-forward", "merged"])
def test_a_merge_git_cannot_write_leaves_the_files_as_committed_here(
    two_machines: tuple[Machine, Machine], disk: Disk, stays_full: bool, both_changed: bool
) -> None:
    laptop, desktop = two_machines
    synced_then_pushed_there(laptop, desktop, activities("laptop", 9), activities("desktop", 40))
    if both_changed:  # the driver merges the week file item by item
        laptop.store().add_activities(activities("laptop", 10)[9:])
    committed_here = week_file(laptop).read_bytes()
    assert len(committed_here) < FILE_SIZE_LIMIT < week_file(desktop).stat().st_size

    disk.fill(stays_full=stays_full)
    with pytest.raises(SyncError) as refused:
        laptop.sync()
    assert "could not write" in str(refused.value)
    if week_file(laptop).read_bytes() != committed_here:
        # git could not put the file back either: the next sync does, and until then
        # nothing is saved over what git left half-written.
        assert stays_full
        with pytest.raises(SyncStoppedError):
            laptop.store().add_activities(activities("meanwhile", 1))
    else:
        assert laptop.check() == 0

    disk.free()
    laptop.sync()
    desktop.sync()
    everything = {a.title for a in [*activities("laptop", 10 if both_changed else 9), *activities("desktop", 40)]}
    assert titles(laptop) == titles(desktop) == everything
    assert week_file(laptop).read_bytes() == week_file(desktop).read_bytes()


def test_a_merge_git_refuses_over_changes_not_committed_here_keeps_them(
    two_machines: tuple[Machine, Machine],
) -> None:
    """A week file `git add` could not take (a full disk, a lock) has changes not
    committed here; git refuses a merge that would overwrite it before writing anything.
    Putting the merge's files back as committed here must not put that one back."""
    from weekplan.sync_git import Git
    from weekplan.sync_merge import merge_ref
    from weekplan.sync_report import SyncResult

    laptop, desktop = two_machines
    synced_then_pushed_there(laptop, desktop, activities("laptop", 3), activities("desktop", 2))
    git = Git(laptop.root)
    git.run("fetch", "-q", "origin")
    laptop.store().add_activities(activities("not committed", 1))  # as if git add had failed
    edited = week_file(laptop).read_bytes()

    with pytest.raises(SyncError) as refused:
        merge_ref(git, "origin/main", "origin", SyncResult(laptop.root))

    said = str(refused.value)
    assert "could not write" not in said  # git wrote nothing: no disk to blame
    assert "files above" not in said and "put right what git says above, then sync again" in said
    assert week_file(laptop).read_bytes() == edited
    assert "not committed 0" in titles(laptop)


def test_a_merge_that_cannot_even_begin_on_a_full_disk_says_to_make_room(
    two_machines: tuple[Machine, Machine], disk: Disk
) -> None:
    """git fails before it writes a file of the merge: it cannot record where HEAD was
    (a commit id in .git/ORIG_HEAD), and says it "couldn't write" the lock: sync says
    the disk may be full, not to wait for a file to be fixed on the other machine."""
    laptop, desktop = two_machines
    synced_then_pushed_there(laptop, desktop, activities("laptop", 3), activities("desktop", 3))
    laptop.store().add_activities(activities("laptop", 4)[3:])
    committed_here = week_file(laptop).read_bytes()

    disk.fill(stays_full=False, merge_limit=16)  # not even a commit id fits
    with pytest.raises(SyncError) as refused:
        laptop.sync()

    said = str(refused.value)
    assert "is the disk full?" in said and "Make room and sync again" in said
    assert "readable again" not in said
    assert week_file(laptop).read_bytes() == committed_here
    disk.free()
    laptop.sync()
    desktop.sync()
    assert titles(laptop) == titles(desktop) == {a.title for a in [*activities("laptop", 4), *activities("desktop", 3)]}


# A person's language for messages: git speaks it where its translations are installed
# and the locale exists (de_DE may not; C.UTF-8 with LANGUAGE does wherever git's German
# is installed).  weekplan reads git's words, so git must speak one language to it.
LANGUAGES = {
    "english": {},
    "language-de": {"LANG": "C.UTF-8", "LANGUAGE": "de"},
    "lang-de": {"LANG": "de_DE.UTF-8", "LANGUAGE": "de"},
    "lc-all-de": {"LC_ALL": "C.UTF-8", "LANGUAGE": "de:fr"},
}


@pytest.mark.parametrize("language", LANGUAGES.values(), ids=LANGUAGES.keys())
def test_changes_git_cannot_stage_on_a_full_disk_are_never_said_to_be_committed(
    two_machines: tuple[Machine, Machine],
    remote: Path,
    disk: Disk,
    language: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """git cannot even take this machine's edit into its index: sync stops there and
    says so, rather than merge and push without it and call it committed, whatever
    language the person has git speak."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in language.items():
        monkeypatch.setenv(name, value)
    laptop, desktop = two_machines
    synced_then_pushed_there(laptop, desktop, activities("laptop", 3), activities("desktop", 3))
    laptop.store().add_activities(activities("laptop", 4)[3:])
    saved_here = week_file(laptop).read_bytes()
    pushed = git(remote, "rev-parse", "main")

    disk.fill(stays_full=True, merge_limit=16, stopped="add")
    with pytest.raises(SyncError) as refused:
        laptop.sync()

    said = str(refused.value)
    assert "is the disk full?" in said and "Make room and sync again" in said
    assert "are committed" not in said
    assert week_file(laptop).read_bytes() == saved_here
    assert git(remote, "rev-parse", "main") == pushed
    disk.free()
    laptop.sync()
    desktop.sync()
    assert titles(laptop) == titles(desktop) == {a.title for a in [*activities("laptop", 4), *activities("desktop", 3)]}


@pytest.mark.parametrize(
    "said",
    [
        "fatal: unable to write loose object file: File too large",
        "fatal: sha1 file '.git/index.lock' write error. Out of diskspace",
        "error: Unable to write new index file",
        "fatal: cannot update ref 'ORIG_HEAD': couldn't write '.git/ORIG_HEAD.lock'",
    ],
)
def test_each_of_gits_words_for_a_failed_write_is_known(said: str) -> None:
    from weekplan.sync_git import could_not_write

    assert could_not_write(said)


def test_a_refusal_that_is_not_a_failed_write_is_not_taken_for_one() -> None:
    from weekplan.sync_git import could_not_write

    assert not could_not_write("error: Your local changes to the following files would be overwritten by merge")
