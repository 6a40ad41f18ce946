"""The processor time of reading a typed line with the words of time: quick add's
phrases, in English and in a planner that shows German names, against another
version of the code in the same run.

    python bench/words_speed.py                        # this checkout alone
    python bench/words_speed.py --other /work/main/src # and another version, in turns

Each version runs in a fresh interpreter, in turns, `--rounds` times; a round reads
every phrase `--repeat` times and reports the processor time per phrase read.  The
median of the rounds is printed, and with --other the ratio of this version's to the
other's.  The German names are loaded before the timing starts (a planner loads them
once).  The long lines (a paste into a field, read again on every key) are timed
apart, a round reading each `--repeat` / 100 times: their time grows with the
square of the words if any word rescans the rest of the line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

PHRASES = [
    "fri 19:00-21:00 climbing #friends",
    "tomorrow 7pm dinner with Sam",
    "24 dec 18:00 2h family dinner",
    "next tue 07:30 1h30 run",
    "in 3 days 12:00 lunch",
    "sat 10am 5 a side football",
    "mon 19:00 for 90 minutes Spanish class",
]

# A paste of numbers and words: thousands of words, most of them clock-shaped.
LONG_LINES = ["1 " * 3000, "3 x " * 2000, "2h " * 3000]

ROUND = """
import json, sys, time
from datetime import date
from weekplan.timewords import read_phrase
from weekplan.timewords import TimeWordError
phrases, language, repeat = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3])
today = date(2026, 11, 23)
try:
    read_phrase(phrases[0], today, language=language)  # names loaded once, as a planner does
except TypeError:
    language = None  # a version that reads no other language
phrase = (lambda text: read_phrase(text, today, language=language)) if language is not None else (
    lambda text: read_phrase(text, today))
def read(text):
    try:
        phrase(text)
    except TimeWordError:
        pass  # a long line may be refused: the time to say so counts
for text in phrases:
    read(text)
start = time.process_time()
for _ in range(repeat):
    for text in phrases:
        read(text)
print((time.process_time() - start) / (repeat * len(phrases)))
"""


def one_round(src: Path, phrases: list[str], language: str, repeat: int) -> float:
    done = subprocess.run(
        [sys.executable, "-c", ROUND, json.dumps(phrases), language, str(repeat)],
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", type=Path, help="another version's src folder")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    versions = {"this": SRC} | ({"other": args.other} if args.other else {})
    results: dict[tuple[str, str], list[float]] = {}
    cases = {
        "en": (PHRASES, "en", args.repeat),
        "de": (PHRASES, "de", args.repeat),
        "long": (LONG_LINES, "en", max(1, args.repeat // 100)),
    }
    for _ in range(args.rounds):
        for name, src in versions.items():
            for case, (phrases, language, repeat) in cases.items():
                results.setdefault((name, case), []).append(one_round(src, phrases, language, repeat))
    medians = {key: statistics.median(values) for key, values in results.items()}
    for (name, case), median in sorted(medians.items()):
        print(f"{name:5} {case:4}: {median * 1e6:10.1f} µs a phrase (median of {args.rounds})")
    if args.other:
        for case in cases:
            print(f"ratio {case}: {medians['this', case] / medians['other', case]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
