"""What a remote brings is contained, and only weekplan's own files are pushed: a hostile
remote is built in each test with plain git, as anyone with push access could."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from test_sync_support import Machine, git, remote, two_machines

from weekplan.cli import main
from weekplan.model import Activity, new_id
from weekplan.sync_paths import is_own_path
from weekplan.weeks import IsoWeek

__all__ = ["remote", "two_machines"]  # fixtures, used by name

W48, W49 = IsoWeek(2026, 48), IsoWeek(2026, 49)


def activity(title: str, day: date = date(2026, 11, 27)) -> Activity:
    return Activity(new_id(), day, 19 * 60, 20 * 60, title, "friends")


def push_from_elsewhere(
    tmp_path: Path, remote: Path, change: Callable[[Path], None], name: str = "elsewhere", paths: str = "."
) -> Path:
    """Clone the remote, let `change` do anything to the clone, commit it all, push."""
    clone = tmp_path / name
    subprocess.run(["git", "clone", "-q", str(remote), str(clone)], check=True, capture_output=True)
    git(clone, "config", "user.name", "Someone")
    git(clone, "config", "user.email", "someone@example.org")
    change(clone)
    git(clone, "add", "-f", "--ignore-removal", paths)  # what `change` removed, it staged itself
    git(clone, "commit", "-q", "-m", "tampered")
    git(clone, "push", "-q", "origin", "HEAD:main")
    return clone


def remote_paths(remote: Path) -> list[str]:
    return git(remote, "ls-tree", "-r", "--name-only", "main").split()


def refused_sync(machine: Machine, capsys: pytest.CaptureFixture[str]) -> str:
    """Run sync from the command line, which must fail; what it said."""
    capsys.readouterr()
    assert main(["--data-dir", str(machine.root), "sync"]) == 1
    return capsys.readouterr().err


def test_a_weeks_folder_replaced_by_a_symlink_is_refused_before_it_lands(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, _desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    outside = tmp_path / "outside"
    outside.mkdir()

    def weeks_points_outside(clone: Path) -> None:
        git(clone, "rm", "-rq", "weeks")
        (clone / "weeks").symlink_to(outside)

    push_from_elsewhere(tmp_path, remote, weeks_points_outside)
    laptop.store().put_activity(activity("guitar", date(2026, 11, 24)))
    head_before = git(laptop.root, "rev-parse", "HEAD")

    said = refused_sync(laptop, capsys)
    assert "weeks (a symbolic link)" in said
    assert "nothing from it was merged and nothing was pushed" in said
    assert "update weekplan here" not in said  # a link is no newer weekplan's file
    # The local edit is committed, the work tree is as it was, nothing arrived.
    assert git(laptop.root, "rev-parse", "HEAD^") == head_before
    assert not (laptop.root / "weeks").is_symlink()
    assert {a.title for a in laptop.store().week(W48).items.values()} == {"climbing", "guitar"}
    assert git(laptop.root, "status", "--porcelain") == ""
    # The next save stays inside the data directory.
    assert main(["--data-dir", str(laptop.root), "add", "2026-11-30 10:00-11:00 run #fitness"]) == 0
    assert list(outside.iterdir()) == []
    assert (laptop.root / "weeks" / "2026-W49.toml").is_file()


def test_submodules_and_foreign_paths_are_refused_and_named(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, _desktop = two_machines
    head = git(laptop.root, "rev-parse", "HEAD").strip()

    def bring_odd_things(clone: Path) -> None:
        git(clone, "update-index", "--add", "--cacheinfo", f"160000,{head},vendor")
        (clone / "run-me.sh").write_text("#!/bin/sh\necho hi\n")
        (clone / "weeks").mkdir(exist_ok=True)
        (clone / "weeks" / "notes.txt").write_text("hello\n")
        (clone / "bad\x1b[31mname.toml").write_text("")

    push_from_elsewhere(tmp_path, remote, bring_odd_things)
    said = refused_sync(laptop, capsys)
    for entry in (
        "vendor (a submodule)",
        "run-me.sh (not a weekplan file)",
        "weeks/notes.txt (not a weekplan file)",
        "bad\\x1b[31mname.toml (not a weekplan file)",
    ):
        assert entry in said
    assert "\x1b" not in said
    for name in ("vendor", "run-me.sh", "weeks/notes.txt"):
        assert not (laptop.root / name).exists()


def test_files_of_weeks_and_years_weekplan_never_reads_are_refused_from_a_remote(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, _desktop = two_machines

    def bring_weeks_nobody_has(clone: Path) -> None:
        (clone / "weeks").mkdir(exist_ok=True)
        for name in ("2025-W53.toml", "2026-W00.toml", "2026-W54.toml", "1899-W10.toml"):
            (clone / "weeks" / name).write_text("")
        (clone / "dates").mkdir(exist_ok=True)
        (clone / "dates" / "0000.toml").write_text("")

    push_from_elsewhere(tmp_path, remote, bring_weeks_nobody_has)
    said = refused_sync(laptop, capsys)
    for name in ("2025-W53.toml", "2026-W00.toml", "2026-W54.toml", "1899-W10.toml"):
        assert f"weeks/{name} (not a weekplan file)" in said
        assert not (laptop.root / "weeks" / name).exists()
    assert "dates/0000.toml (not a weekplan file)" in said


def test_a_newer_versions_file_is_refused_without_advice_to_remove_it_alone(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file a newer weekplan keeps is not this version's: refused like any other, and
    the way out names updating weekplan here, since removing the file would lose it."""
    laptop, _desktop = two_machines

    def write_as_a_newer_version(clone: Path) -> None:
        (clone / "habits.toml").write_text('[habits.a1]\ntitle = "stretch"\n')

    push_from_elsewhere(tmp_path, remote, write_as_a_newer_version)
    said = refused_sync(laptop, capsys)
    assert "habits.toml (not a weekplan file)" in said
    assert "when a newer weekplan there wrote a file this one does not know, update weekplan here" in said
    assert not (laptop.root / "habits.toml").exists()


def test_only_week_and_year_files_the_planner_reads_are_weekplans_own() -> None:
    assert is_own_path("weeks/2026-W53.toml")  # 2026 has 53 weeks
    assert is_own_path("weeks/3000-W01.toml")  # begins on 30 December 2999
    for name in ("2025-W53", "2026-W00", "2026-W54", "2026-W59", "1899-W52", "3000-W02"):
        assert not is_own_path(f"weeks/{name}.toml"), name
    assert is_own_path("dates/1900.toml") and is_own_path("dates/2999.toml")
    for year in ("0000", "1899", "3000", "9999"):
        assert not is_own_path(f"dates/{year}.toml"), year
        assert not is_own_path(f"dates/{year}.toml", together=True), year
    # Digits of other scripts read as numbers by int(), but the planner writes and
    # reads only ASCII names: a remote's "２０２６-W49" would be a second file of W49.
    assert not is_own_path("weeks/\uff12\uff10\uff12\uff16-W49.toml")
    assert not is_own_path("weeks/2026-W\u0664\u0669.toml")
    assert not is_own_path("dates/\u0662\u0660\u0662\u0666.toml")


def test_ignore_rules_from_anywhere_never_stop_weekplans_files(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path
) -> None:
    laptop, desktop = two_machines

    def ignore_everything(clone: Path) -> None:
        (clone / ".gitignore").write_text("weeks/\n*.toml\n")
        (clone / ".gitattributes").write_text("*.toml -merge working-tree-encoding=UTF-16LE eol=crlf\n")

    push_from_elsewhere(tmp_path, remote, ignore_everything, paths=".git*")
    laptop.sync()
    desktop.sync()
    assert (laptop.root / ".gitignore").read_text() == "weeks/\n*.toml\n"
    # A new week file on each machine, and both edit the same week: still merged item by item.
    laptop.store().put_activity(activity("climbing", date(2026, 12, 1)))
    desktop.store().put_activity(activity("guitar", date(2026, 12, 2)))
    laptop.sync()
    result = desktop.sync()
    laptop.sync()
    assert result.pushed and not result.conflicts
    assert laptop.check() == 0 and desktop.check() == 0  # the files still read well on both
    # Pinned where no remote reaches: .git/info/attributes outranks any .gitattributes.
    pinned = (desktop.root / ".git" / "info" / "attributes").read_text().splitlines()
    assert "*.toml merge=weekplan -text -filter -ident !eol !working-tree-encoding" in pinned
    assert "weeks/2026-W49.toml" in remote_paths(remote)
    for machine in (laptop, desktop):
        assert {a.title for a in machine.store().week(W49).items.values()} == {"climbing", "guitar"}


def test_a_remote_cannot_change_the_bytes_of_the_set_up_files_on_their_way(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path
) -> None:
    """A remote's .gitattributes names an encoding, line endings and a filter for the
    set-up files themselves: git would write .gitignore here in UTF-16 (or run the
    filter), and weekplan could not read it.  The pinned lines win over them."""
    laptop, desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    ran = tmp_path / "filter-ran"
    git(laptop.root, "config", "filter.elsewhere.smudge", f"touch {ran}; cat")
    git(laptop.root, "config", "filter.elsewhere.clean", f"touch {ran}; cat")

    def recode_the_set_up_files(clone: Path) -> None:
        with (clone / ".gitattributes").open("a", encoding="utf-8") as attributes:
            attributes.write("/.gitignore working-tree-encoding=UTF-16LE-BOM eol=crlf filter=elsewhere ident\n")
            attributes.write("/.gitattributes eol=crlf filter=elsewhere\n")
        ignore = clone / ".gitignore"
        lines = ignore.read_text("utf-8") + "notes/\n"
        ignore.write_bytes(("\ufeff" + lines.replace("\n", "\r\n")).encode("utf-16-le"))

    push_from_elsewhere(tmp_path, remote, recode_the_set_up_files, paths=".git*")
    laptop.sync()

    for name in (".gitignore", ".gitattributes"):
        said = git(laptop.root, "check-attr", "-a", name)  # lists what is set or unset, not what is left unspecified
        assert f"{name}: filter: unset" in said and f"{name}: ident: unset" in said and f"{name}: merge: union" in said
        assert "working-tree-encoding" not in said and "eol" not in said
        assert (laptop.root / name).read_bytes() == git(laptop.root, "cat-file", "blob", f"HEAD:{name}").encode()
    assert "notes/" in (laptop.root / ".gitignore").read_text("utf-8").splitlines()
    assert not ran.exists()
    laptop.store().put_activity(activity("pottery", date(2026, 11, 28)))
    assert laptop.sync().pushed
    desktop.sync()
    assert {a.title for a in desktop.store().week(W48).items.values()} == {"climbing", "pottery"}


def test_a_set_up_file_in_another_encoding_from_a_remote_is_kept_and_syncs(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path
) -> None:
    """git reads .gitignore as bytes: a line written in Latin-1 ("café") is a rule like
    any other.  weekplan adds its own lines to it as bytes too, and syncs on."""
    laptop, desktop = two_machines
    own_line = "caf\xe9/\n".encode("latin-1")

    def latin_1_line(clone: Path) -> None:
        with (clone / ".gitignore").open("ab") as ignore:
            ignore.write(own_line)

    push_from_elsewhere(tmp_path, remote, latin_1_line, paths=".gitignore")
    laptop.sync()
    laptop.store().put_activity(activity("climbing"))
    result = laptop.sync()

    assert result.pushed
    assert own_line in (laptop.root / ".gitignore").read_bytes()
    desktop.sync()
    assert [a.title for a in desktop.store().week(W48).items.values()] == ["climbing"]


def test_a_set_up_file_git_cannot_read_line_by_line_is_refused_and_named(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A remote's .gitignore stored as UTF-16: no line of it is one git reads, and
    weekplan's own could not be added to it.  sync names the file and says what to do,
    and syncs once it is saved as plain text here."""
    laptop, desktop = two_machines

    def utf_16(clone: Path) -> None:
        (clone / ".gitignore").write_bytes("\ufeffnotes/\n".encode("utf-16-le"))

    push_from_elsewhere(tmp_path, remote, utf_16, paths=".gitignore")
    laptop.sync()
    laptop.store().put_activity(activity("climbing"))

    said = refused_sync(laptop, capsys)

    assert ".gitignore" in said and "UTF-8" in said and "Traceback" not in said
    (laptop.root / ".gitignore").write_text("notes/\n", encoding="utf-8")
    assert laptop.sync().pushed
    desktop.sync()
    assert [a.title for a in desktop.store().week(W48).items.values()] == ["climbing"]
    assert "notes/" in (desktop.root / ".gitignore").read_text("utf-8").splitlines()


def test_only_weekplans_files_are_committed_and_the_rest_is_named_once(
    two_machines: tuple[Machine, Machine], remote: Path
) -> None:
    laptop, _desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    (laptop.root / "secret-notes.txt").write_text("mine only\n")
    (laptop.root / "weeks" / "2026-W48.toml~").write_bytes((laptop.root / "weeks" / "2026-W48.toml").read_bytes())
    (laptop.root / "photos").mkdir()
    (laptop.root / "photos" / "us.jpg").write_bytes(b"\xff\xd8")

    first = laptop.sync()
    assert first.pushed
    said = [line for line in first.summary.splitlines() if line.startswith("not synced:")]
    assert said == [
        "not synced: photos/us.jpg (not a weekplan file), secret-notes.txt (not a weekplan file), "
        "weeks/2026-W48.toml~ (not a weekplan file)"
    ]
    paths = remote_paths(remote)
    assert "weeks/2026-W48.toml" in paths
    assert not [p for p in paths if "secret" in p or p.endswith("~") or p.startswith("photos")]
    # Said once: the next sync does not repeat it, a new stray file is named on its own.
    laptop.store().put_activity(activity("guitar"))
    assert "not synced" not in laptop.sync().summary
    (laptop.root / "todo.md").write_text("x\n")
    assert [line for line in laptop.sync().summary.splitlines() if "not synced" in line] == [
        "not synced: todo.md (not a weekplan file)"
    ]


def test_a_week_file_that_is_a_symlink_here_is_named_and_not_pushed(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path
) -> None:
    laptop, _desktop = two_machines
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text("")
    (laptop.root / "weeks").mkdir(exist_ok=True)
    (laptop.root / "weeks" / "2026-W50.toml").symlink_to(elsewhere)
    result = laptop.sync()
    assert "not synced: weeks/2026-W50.toml (a symbolic link)" in result.summary
    assert "weeks/2026-W50.toml" not in remote_paths(remote)


def test_what_a_remote_says_through_git_reaches_no_terminal_as_control_characters() -> None:
    # A server's "remote:" lines come back in git's own messages, which sync shows.
    from weekplan.sync_git import git_message

    said = subprocess.CompletedProcess(["git", "push"], 1, "", "remote: \x1b]0;owned\x07\x1b[2Jgone\nsecond line\n")
    shown = git_message(said)
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown == "remote: \\x1b]0;owned\\x07\\x1b[2Jgone\nsecond line"


def test_a_week_file_renamed_on_the_remote_keeps_every_activity_in_its_week(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path
) -> None:
    """A week's file renamed by hand elsewhere (`git mv` to the next week's name): git's
    merge follows the rename and would carry this machine's new activity into a file
    whose week is not the activity's, which can then be neither read nor written.  Every
    activity ends up in its own week's file, readable, on both machines."""
    laptop, desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.store().put_activity(activity("reading", date(2026, 11, 26)))
    laptop.sync()
    desktop.sync()
    desktop.store().put_activity(activity("run", date(2026, 11, 25)))
    desktop.sync()
    call = activity("call home", date(2026, 11, 24))
    laptop.store().put_activity(call)

    def rename_the_week(clone: Path) -> None:
        git(clone, "mv", "weeks/2026-W48.toml", "weeks/2026-W49.toml")

    push_from_elsewhere(tmp_path, remote, rename_the_week, paths="weeks")
    laptop.sync()
    desktop.sync()

    for machine in (laptop, desktop):
        assert machine.check() == 0
        week = machine.store().week(W48)
        assert {a.title for a in week.items.values()} == {"climbing", "reading", "run", "call home"}
        assert not machine.store().week(W49).items


def test_a_file_nested_past_any_reader_is_refused_as_a_problem_not_a_traceback(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, _desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()

    def nest_deeply(clone: Path) -> None:
        with (clone / "weeks" / "2026-W48.toml").open("ab") as week:
            week.write(b"deep = " + b"[" * 10_000 + b"]" * 10_000 + b"\n")

    push_from_elsewhere(tmp_path, remote, nest_deeply, paths="weeks")
    capsys.readouterr()
    assert main(["--data-dir", str(laptop.root), "sync"]) == 1
    said = capsys.readouterr()
    assert "brings files that cannot be read" in said.err
    assert "weeks/2026-W48.toml:8:40: values nested more than" in said.err
    capsys.readouterr()
    assert laptop.check() == 0  # nothing of it arrived


def test_one_rule_says_what_a_busy_file_is_for_syncing_and_reading() -> None:
    from weekplan.data_places import is_busy_file

    for name in ("Alex", "Zo%C3%AB", "Ev*il[1]"):
        path = f"busy/{name}.toml"
        assert is_busy_file(path) and is_own_path(path, together=True), path
        assert not is_own_path(path), path  # the own repository carries no busy times
    for name in (".x", "", "a\x1b]0;x\x07", "a\x85b", "a\x7f", "a\nb", "a/b"):
        path = f"busy/{name}.toml"
        assert not is_busy_file(path), path
        assert not is_own_path(path, together=True), path
    assert not is_busy_file("busy/Alex.txt") and not is_busy_file("dates/Alex.toml")
