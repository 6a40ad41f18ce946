"""How quickly the planner's search answers, in a real terminal (tmux), on ten and on a
hundred years of data, next to a cursor move in the same run; and the planner's
memory after a search next to the empty Textual app's.

    python bench/search_speed.py [--rounds 5] [--query "pottery studio"] [--years 10 100]

For each data set, one planner is started at 120x40 and, in turns:

1. cursor moves ("l" / "h"), from the key press until the screen changes: the baseline;
2. `/` from the key press until the search dialog is on the screen;
3. the query typed letter by letter, each letter from the key press until the dialog
   says how many were found for that text (the count is worked out beforehand in this
   process with weekplan.search, so a line left from the letter before is never
   taken for the answer), then escape.

Then the planner's resident memory (VmRSS) is read with the dialog closed, next to
that of the empty Textual app (bench/empty_textual_app.py) started the same way (and
the planner's own right after it started, to tell what the searches added: checked
against the 0.1x of the empty app that the budget allows over it).

The data sets are generated on first use: bench/data (ten years) and bench/data-100y
(a hundred years), both git-ignored.  The planner keeps its caches in bench/results,
so the first round of a fresh checkout also times building them; `--rounds` rounds
follow one untimed warm-up round.  termbench.py (../shared/bench from the repository
root, or --termbench PATH) is the terminal driver.  Budgets: typing p95 within 30 ms
on ten years and 100 ms on a hundred, opening p95 within 30 ms, memory within 1.1x.
Exit status: 0 within every budget, 1 over one of them.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from cli_speed import environment
from generate_data import generate
from planner_speed import TERMBENCH, WEEK_LABEL, baseline_command, planner_command

BENCH = Path(__file__).resolve().parent
DIALOG_TITLE = "Search all weeks"
TYPING_BUDGET_MS = {10: 30.0, 100: 100.0}
OPEN_BUDGET_MS = 30.0
MEMORY_BUDGET = 1.1
TIMEOUT = 30.0


def data_dir(years: int) -> Path:
    path = BENCH / ("data" if years == 10 else f"data-{years}y")  # data-100y: planner_speed.py's too
    if not ((path / "weeks").is_dir() and any((path / "weeks").iterdir())):
        summary = generate(path, years=years)
        print(f"generated {path}: {summary.activities} activities in {summary.weeks} week files")
    return path


def expected_counts(data: Path, query: str) -> list[int]:
    """How many each prefix of the query finds, by weekplan.search in this process."""
    os.environ.update({k: v for k, v in environment().items() if k.startswith("WEEKPLAN_")})
    from weekplan.search import search
    from weekplan.store import Store

    store = Store.open(data)
    return [len(search(store, query[:n])) for n in range(1, len(query) + 1)]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def figures(values: list[float]) -> str:
    return f"p50 {statistics.median(values):.1f} ms  p95 {p95(values):.1f} ms  max {max(values):.1f}  n {len(values)}"


class Planner:
    """One program in a tmux terminal, driven through termbench's Terminal."""

    def __init__(self, termbench: object, command: str) -> None:
        self.tb = termbench
        self.term = termbench.Terminal(command, 120, 40)  # type: ignore[attr-defined]

    def screen(self) -> str:
        return self.tb._capture(self.term.session)  # type: ignore[attr-defined]

    def press(self, key: str) -> float:
        """Send one key; the moment it was sent."""
        started = time.perf_counter()
        literal = ["-l"] if len(key) == 1 else []  # a letter as typed, not a key name
        subprocess.run(["tmux", "send-keys", "-t", self.term.session, *literal, key])
        return started

    def until(self, started: float, done: object) -> float:
        """Milliseconds from `started` until done(screen) holds."""
        while True:
            screen = self.screen()
            if done(screen):  # type: ignore[operator]
                return (time.perf_counter() - started) * 1000
            if time.perf_counter() - started > TIMEOUT:
                sys.exit(f"the screen never got there; it was:\n{screen}")

    def rss_kb(self) -> int:
        pid = subprocess.run(
            ["tmux", "display-message", "-p", "-t", self.term.session, "#{pane_pid}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError(f"no VmRSS for {pid}")

    def close(self) -> None:
        self.term.close()  # type: ignore[attr-defined]


def status_line(screen: str) -> str:
    for line in screen.splitlines():
        if " found" in line or "Nothing found" in line or "Searching" in line:
            return line
    return ""


def typed_text(screen: str) -> str:
    """The search field: the line under the dialog's title."""
    lines = screen.splitlines()
    at = next((i for i, line in enumerate(lines) if DIALOG_TITLE in line), None)
    return "" if at is None or at + 1 >= len(lines) else lines[at + 1].strip(" │┃▌▐|")


def answered(prefix: str, count: int, before: str, same_count: bool) -> object:
    """Whether the dialog shows the answer for `prefix`: its count, on a status line that
    names the text; or, for a dialog that does not name it, on a line that changed since
    the letter before, or (when the count is the same as for the letter before) with
    the field showing the new text and no 'Searching…' line."""

    def done(screen: str) -> bool:
        line = status_line(screen)
        if count == 0:
            return f"Nothing found for {prefix.strip()!r}" in line
        if not re.search(rf"(?<![\d,]){count} found", line):
            return False
        if " for '" in line or ' for "' in line:
            # A dialog that names the text it counts for: only its answer for this text
            # will do (the field showing the letter over the last letter's count is not
            # the answer, though the count is the same).
            return repr(prefix.strip()) in line
        if line != before:
            return True
        return same_count and typed_text(screen).endswith(prefix.strip())

    return done


def measure_one(termbench: object, years: int, query: str, rounds: int) -> dict[str, object]:
    data = data_dir(years)
    counts = expected_counts(data, query)
    print(f"# {years} years ({data}): query {query!r}, counts per letter {counts}")
    planner = Planner(termbench, planner_command(data))
    moves: list[float] = []
    opens: list[float] = []
    typing: list[float] = []
    try:
        planner.until(time.perf_counter(), lambda s: WEEK_LABEL in s)
        time.sleep(1.0)
        rss_start = planner.rss_kb()
        for round_ in range(rounds + 1):
            timed = round_ > 0
            for key in "lh" * 5:
                before = planner.screen()
                ms = planner.until(planner.press(key), lambda s, before=before: s != before)
                if timed:
                    moves.append(ms)
                time.sleep(0.05)
            ms = planner.until(planner.press("/"), lambda s: DIALOG_TITLE in s)
            if timed:
                opens.append(ms)
            time.sleep(0.2)
            for n, count in enumerate(counts, start=1):
                before = status_line(planner.screen())
                same = n > 1 and counts[n - 2] == count
                ms = planner.until(planner.press(query[n - 1]), answered(query[:n], count, before, same))
                if timed:
                    typing.append(ms)
                time.sleep(0.05)
            planner.until(planner.press("Escape"), lambda s: DIALOG_TITLE not in s)
            time.sleep(0.2)
        time.sleep(1.0)
        rss = planner.rss_kb()
    finally:
        planner.close()
    print(f"cursor move        {figures(moves)}")
    print(f"open search (/)    {figures(opens)}")
    print(f"typing, per letter {figures(typing)}")
    letters = len(counts)
    by_letter = [statistics.median(typing[n::letters]) for n in range(letters)]
    print("  median by letter  " + "  ".join(f"{query[n]!r} {ms:.0f}" for n, ms in enumerate(by_letter)))
    print(f"memory             {rss_start / 1024:.1f} MB after start, {rss / 1024:.1f} MB after the searches")
    return {"moves": moves, "opens": opens, "typing": typing, "rss": rss, "rss_start": rss_start}


def empty_app_rss(termbench: object) -> int:
    app = Planner(termbench, baseline_command())
    try:
        app.until(time.perf_counter(), lambda s: "empty app ready" in s)
        time.sleep(1.5)
        return app.rss_kb()
    finally:
        app.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per data set (default 5)")
    parser.add_argument("--query", default="pottery studio", help="what is typed (default 'pottery studio')")
    parser.add_argument("--years", type=int, nargs="+", default=[10, 100], help="data sets (default 10 100)")
    parser.add_argument("--termbench", type=Path, default=TERMBENCH, help=f"path to termbench.py (default {TERMBENCH})")
    args = parser.parse_args(argv)
    if not args.termbench.is_file():
        sys.exit(f"termbench.py is not at {args.termbench}; give its path with --termbench PATH")
    sys.path.insert(0, str(args.termbench.parent))
    import termbench

    keepalive = f"search-bench-{os.getpid()}"  # keeps the tmux server up between sessions
    subprocess.run(["tmux", "new-session", "-d", "-s", keepalive, "sleep 3600"], check=True)
    try:
        results = {years: measure_one(termbench, years, args.query, args.rounds) for years in args.years}
        empty = empty_app_rss(termbench)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keepalive], capture_output=True)

    checks = []
    for years, got in results.items():
        move = statistics.median(got["moves"])  # type: ignore[arg-type]
        typing = p95(got["typing"])  # type: ignore[arg-type]
        opening = p95(got["opens"])  # type: ignore[arg-type]
        budget = TYPING_BUDGET_MS.get(years, TYPING_BUDGET_MS[100])
        checks.append(
            (
                f"{years} years: typing p95 {typing:.1f} ms ({typing / move:.1f}x a cursor move's p50 {move:.1f})",
                typing <= budget,
            )
        )
        checks.append(
            (
                f"{years} years: open search p95 {opening:.1f} ms ({opening / move:.1f}x a cursor move)",
                opening <= OPEN_BUDGET_MS,
            )
        )
        rss = int(got["rss"])  # type: ignore[call-overload]
        ratio = rss / empty
        checks.append(
            (
                f"{years} years: memory after a search {rss / 1024:.1f} MB, "
                f"empty app {empty / 1024:.1f} MB: {ratio:.2f}x",
                ratio <= MEMORY_BUDGET,
            )
        )
        # The planner is over that before any search (docs/benchmarks.md): what the
        # searches themselves added, against the share of the empty app the budget allows.
        added = rss - int(got["rss_start"])  # type: ignore[call-overload]
        checks.append(
            (
                f"{years} years: the searches added {added / 1024:.1f} MB, {added / empty:.2f}x the empty app "
                f"(the budget allows {MEMORY_BUDGET - 1:.2f}x over it)",
                added / empty <= MEMORY_BUDGET - 1,
            )
        )
    for text, ok in checks:
        print(("ok    " if ok else "OVER  ") + text)
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
