"""`weekplan dates`, `weekplan ideas` and `weekplan demo`, run on the sample data in a
temporary data directory with today pinned by conftest."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest

from weekplan import app as app_package
from weekplan.cli import main
from weekplan.record import replace
from weekplan.sample import sample_id, write_sample
from weekplan.store import Store

TODAY = date(2026, 11, 23)  # the Monday conftest pins WEEKPLAN_TODAY to (2026-W48)


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    write_sample(Store.open(root), TODAY)
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- dates ------------------------------------------------------------------------------------


def test_dates_json_lists_upcoming_with_countdown_and_prep(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "dates", "--json", "--data-dir", str(sample_dir))
    assert code == 0, err
    payload = json.loads(out)
    assert payload["today"] == "2026-11-23" and payload["errors"] == []
    soon, later = payload["dates"]
    assert soon == {
        "id": sample_id("date:night-market"),
        "date": "2026-11-28",
        "start": "19:00",
        "end": "22:30",
        "title": "Night market and street food",
        "place": "Old harbour",
        "status": "planned",
        "idea": sample_id("idea:night-market"),
        "rating": None,
        "prep": None,
        "days": 5,
        "countdown": "in 5 days",
        "notes": "Bring cash for the stalls.",
        "memory": "",
    }
    assert later["date"] == "2026-12-11" and later["countdown"] == "in 18 days"
    assert later["prep"] == {
        "what": "book a table",
        "due": "2026-11-27",
        "days": 4,
        "done": False,
        "label": "book a table — due in 4 days",
    }


def test_dates_all_adds_past_and_cancelled_oldest_first(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dates", "--all", "--json", "--data-dir", str(sample_dir))
    dates = json.loads(out)["dates"]
    assert code == 0 and len(dates) == 9
    assert [d["date"] for d in dates] == sorted(d["date"] for d in dates)
    assert {d["status"] for d in dates} == {"planned", "done", "cancelled"}
    stars = next(d for d in dates if d["title"] == "Stargazing by the lake")
    assert (stars["start"], stars["end"], stars["memory"]) == (
        "22:00",
        "01:00",
        "Eleven shooting stars; we lost count of the rest.",
    )


def test_dates_text(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dates", "--data-dir", str(sample_dir))
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[0].startswith("Sat 28 Nov 2026") and "in 5 days" in lines[0] and "@ Old harbour" in lines[0]
    assert lines[2].strip() == "book a table — due in 4 days"
    code, out, _ = run(capsys, "dates", "--all", "--data-dir", str(sample_dir))
    assert "22:00–01:00 (+1)" in out and "(cancelled)" in out and "(done, rated 4/5)" in out


def test_dates_with_nothing_planned_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dates")
    assert code == 0 and out.startswith("No dates planned from today on.")
    code, out, _ = run(capsys, "dates", "--json")
    assert json.loads(out)["dates"] == []


def test_a_broken_dates_file_is_reported_not_a_traceback(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = sample_dir / "dates" / "2026.toml"
    path.write_text(path.read_text() + "\n[dates.bad]\ndate = 2026-02-30\ntitle = 'x'\n")
    code, out, err = run(capsys, "dates", "--json", "--data-dir", str(sample_dir))
    assert code == 1
    assert json.loads(out)["errors"] and "Traceback" not in err
    assert err.startswith(f"{path}:")


# -- ideas ------------------------------------------------------------------------------------


def test_ideas_json_with_derived_statistics(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ideas", "--json", "--data-dir", str(sample_dir))
    assert code == 0, err
    payload = json.loads(out)
    assert "free_evening" not in payload and payload["tags"] == []
    ideas = payload["ideas"]
    assert len(ideas) == 12
    bowling = next(i for i in ideas if i["title"] == "Bowling")
    assert bowling == {
        "id": sample_id("idea:bowling"),
        "title": "Bowling",
        "kind": "activity",
        "tags": ["cheap", "indoor"],
        "notes": "",
        "times_done": 2,
        "last_done": "2026-11-07",
        "next_planned": None,
        "never_tried": False,
    }
    # Never tried first; those already planned at the very end.
    flags = [(i["next_planned"] is not None, not i["never_tried"]) for i in ideas]
    assert flags == sorted(flags)
    assert ideas[0]["never_tried"] and ideas[-1]["next_planned"] == "2026-12-11"
    cinema = next(i for i in ideas if i["title"] == "Open-air cinema")
    assert cinema["never_tried"]  # its only date was cancelled


def test_ideas_suggest_json_adds_a_free_evening_and_filters_by_tag(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "ideas", "--suggest", "--json", "--tag", "cheap", "--tag", "Indoor", "--data-dir", str(sample_dir)
    )
    payload = json.loads(out)
    assert code == 0
    assert payload["free_evening"] == {"date": "2026-11-27", "start": "18:00", "end": "22:00"}
    assert [i["title"] for i in payload["ideas"]] == ["Board-game café", "Bowling", "Museum late opening"]
    assert payload["tags"] == ["cheap", "Indoor"]


def test_ideas_suggest_text_and_a_week_without_a_free_evening(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "ideas", "--suggest", "--data-dir", str(sample_dir))
    assert code == 0
    assert out.splitlines()[1].startswith(" 1. Board-game café")
    assert out.rstrip().endswith("Free evening: Fri 27 Nov 18:00–22:00")
    for day in ("fri", "sun"):
        assert run(capsys, "add", f"{day} 18:00-22:00 reading #rest", "--data-dir", str(sample_dir))[0] == 0
    code, out, _ = run(capsys, "ideas", "--suggest", "--data-dir", str(sample_dir))
    assert out.rstrip().endswith("No free evening from today on in this week: every evening has something in it.")


def test_ideas_list_marks_never_tried_and_sorts(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ideas", "--sort", "title", "--data-dir", str(sample_dir))
    lines = out.splitlines()
    assert code == 0 and lines[0] == "12 ideas:"
    titles = [line[3:].split("  ")[0] for line in lines[1:]]
    assert titles == sorted(titles, key=str.casefold)
    board = next(line for line in lines if "Board-game café" in line)
    assert board.startswith(" ✦") and "never tried" in board and "#winter" in board
    bowling = next(line for line in lines if line[3:].startswith("Bowling "))
    assert "2×, last 2 weeks ago" in bowling
    code, out, _ = run(capsys, "ideas", "--tag", "underwater", "--data-dir", str(sample_dir))
    assert out.startswith("No ideas tagged #underwater yet.")


# -- demo -----------------------------------------------------------------------------------------


@pytest.fixture
def fake_planner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[Path, date, list[object]]]:
    """Stands in for the Textual planner; records what it was started on."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen: list[tuple[Path, date, list[object]]] = []

    def run_planner(store: Store, *, today: date) -> int:
        seen.append((store.root, today, list(store.check())))
        assert len(store.ideas().items) == 12
        return 0

    monkeypatch.setattr(app_package, "run_planner", run_planner)
    return seen


def test_demo_runs_the_planner_on_sample_data_and_cleans_up(
    fake_planner: list[tuple[Path, date, list[object]]], capsys: pytest.CaptureFixture[str], private_data_dir: Path
) -> None:
    code, out, _ = run(capsys, "demo")
    assert code == 0
    ((root, today, errors),) = fake_planner
    assert today == TODAY and errors == []
    assert str(root) in out and root.name.startswith("weekplan-demo-")
    assert not root.exists()
    assert not private_data_dir.exists()  # the person's own data directory is never touched


def test_demo_keep_leaves_the_directory(
    fake_planner: list[tuple[Path, date, list[object]]], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "demo", "--keep")
    ((root, _today, _errors),) = fake_planner
    assert code == 0 and (root / "ideas.toml").is_file()
    assert f"weekplan --data-dir {root}" in out


def test_demo_cleans_up_when_the_planner_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    roots: list[Path] = []

    def crash(store: Store, *, today: date) -> int:
        roots.append(store.root)
        raise KeyboardInterrupt

    monkeypatch.setattr(app_package, "run_planner", crash)
    assert main(["demo"]) == 130
    assert roots and not roots[0].exists()


# -- speed and layering ---------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["weekplan.together", "weekplan.sample", "weekplan.cli_together"])
def test_together_modules_do_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("argv", [["dates", "--json"], ["ideas", "--json", "--suggest"]])
def test_together_commands_run_without_textual(sample_dir: Path, argv: list[str]) -> None:
    code = (
        "import sys, weekplan.cli as c; rc = c.main(sys.argv[1:]);"
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), 'textual loaded';"
        "sys.exit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *argv, "--data-dir", str(sample_dir)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ideas" if argv[0] == "ideas" else "dates"]


def test_dates_carry_each_partners_rating_and_memory(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(sample_dir)
    stars = store.dates().items[sample_id("date:stars")]
    both = {"ratings": (("Alex", 4), ("Sam", 5)), "memories": (("Sam", "cold feet"),), "added_by": "Alex"}
    store.put_date(replace(stars, rating=None, memory="", **both), replacing=stars)
    code, out, err = run(capsys, "dates", "--all", "--json", "--data-dir", str(sample_dir))
    assert code == 0, err
    by_id = {d["id"]: d for d in json.loads(out)["dates"]}
    shared = by_id[sample_id("date:stars")]
    assert shared["ratings"] == {"Alex": 4, "Sam": 5} and shared["rating"] is None
    assert shared["memories"] == {"Sam": "cold feet"} and shared["added_by"] == "Alex"
    alone = by_id[sample_id("date:picnic")]
    assert alone["rating"] == 3 and "ratings" not in alone and "added_by" not in alone
    code, out, err = run(capsys, "dates", "--all", "--data-dir", str(sample_dir))
    [line] = [line for line in out.splitlines() if "Stargazing" in line]
    assert line.endswith("(done, rated ★4 Alex · ★5 Sam)")


def test_dates_say_who_took_a_preparation(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(sample_dir)
    rooftop = store.dates().items[sample_id("date:rooftop")]
    store.put_date(replace(rooftop, prep_by="Sam"), replacing=rooftop)
    code, out, err = run(capsys, "dates", "--data-dir", str(sample_dir))
    assert code == 0, err
    assert "book a table — due in 4 days · taken by Sam" in out
    code, out, err = run(capsys, "dates", "--json", "--data-dir", str(sample_dir))
    by_id = {d["id"]: d for d in json.loads(out)["dates"]}
    assert by_id[rooftop.id]["prep"]["by"] == "Sam"
    assert "by" not in (by_id[sample_id("date:night-market")]["prep"] or {})


def test_ideas_suggest_finds_an_evening_free_for_both_in_the_week_asked_for(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from weekplan.model import PartnerSettings
    from weekplan.record import replace

    store = Store.open(sample_dir)
    store.save_config(replace(store.config, partner=PartnerSettings("Alex", "/srv/together.git")))
    args = ("ideas", "--suggest", "--json", "--week", "2026-W49", "--data-dir", str(sample_dir))
    payload = json.loads(run(capsys, *args)[1])
    assert payload["week"] == "2026-W49" and payload["free_for_both"] is False
    alone = [e["date"] for e in payload["free_evenings"]]
    assert len(alone) >= 2 and "has shared no busy times" in payload["note"]
    busy = store.shared_dir / "busy"
    busy.mkdir(parents=True)
    (busy / "Sam.toml").write_text(
        f'name = "Sam"\nlast = 2027-01-31\nbusy = [{{ date = {alone[0]}, start = "19:00", end = "23:00" }}]\n'
    )
    code, out, err = run(capsys, *args)
    payload = json.loads(out)
    assert (code, err) == (0, "")
    assert payload["free_for_both"] is True and payload["note"] is None
    assert [e["date"] for e in payload["free_evenings"]] == alone[1:]
    assert payload["free_evening"]["date"] == alone[1]
    code, out, _ = run(capsys, "ideas", "--suggest", "--week", "2026-W49", "--data-dir", str(sample_dir))
    assert f"Free evening for both: {date.fromisoformat(alone[1]):%a %-d %b} 18:00–22:00" in out


def test_ideas_suggest_says_when_no_evening_is_free_for_both(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from weekplan.model import PartnerSettings
    from weekplan.record import replace

    store = Store.open(sample_dir)
    store.save_config(replace(store.config, partner=PartnerSettings("Alex", "/srv/together.git")))
    every_evening = ", ".join(f'{{ date = 2026-12-{day:02d}, start = "17:00", end = "23:30" }}' for day in range(1, 8))
    busy = store.shared_dir / "busy"
    busy.mkdir(parents=True)
    (busy / "Sam.toml").write_text(f'name = "Sam"\nlast = 2027-01-31\nbusy = [{every_evening}]\n')
    code, out, _ = run(capsys, "ideas", "--suggest", "--json", "--week", "2026-W49", "--data-dir", str(sample_dir))
    payload = json.loads(out)
    assert code == 0
    assert payload["free_evening"] is None and payload["free_evenings"] == []
    assert payload["note"].startswith("No evening free for both from today on in this week: you are free on")
    assert "but Sam is busy then" in payload["note"]


def test_ideas_suggest_week_in_words_and_a_bad_one(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = json.loads(
        run(capsys, "ideas", "--suggest", "--json", "--week", "next", "--data-dir", str(sample_dir))[1]
    )
    assert payload["week"] == "2026-W49"
    code, _, err = run(capsys, "ideas", "--suggest", "--week", "someday soon", "--data-dir", str(sample_dir))
    assert code != 0 and err and "Traceback" not in err
