"""The command line's parser asks the terminal's width only when it writes, and then
writes exactly what argparse's own formatter writes (weekplan.cli_parser)."""

from __future__ import annotations

import argparse

import pytest

from weekplan import cli_parser
from weekplan.cli import build_parser

LINES = [
    ["--help"],
    ["show", "--help"],
    ["sync", "--help"],
    ["routine", "add", "--help"],
    ["show", "--no-such-option"],  # an error: the usage line, wrapped
    ["no-such-command"],
]


def written(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        build_parser(argv).parse_args(argv)
    out, err = capsys.readouterr()
    return out + err


@pytest.mark.parametrize("columns", ["34", "60", "100", "200"])
@pytest.mark.parametrize("argv", LINES, ids=" ".join)
def test_help_and_errors_are_argparses_own_at_every_width(
    argv: list[str], columns: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    ours = written(argv, capsys)
    monkeypatch.setattr(cli_parser, "LateWidthFormatter", argparse.HelpFormatter)
    theirs = written(argv, capsys)

    assert ours == theirs
    assert "usage: weekplan" in ours


def test_the_width_is_asked_when_help_is_written_not_before(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    parser = build_parser(["--help"])
    wide = parser.format_help()
    monkeypatch.setenv("COLUMNS", "60")  # the terminal was narrowed after the parser was built
    narrow = parser.format_help()

    assert max(len(line) for line in wide.splitlines()) > 60
    assert max(len(line) for line in narrow.splitlines()) <= 60
    monkeypatch.setattr(cli_parser, "LateWidthFormatter", argparse.HelpFormatter)
    assert narrow == build_parser(["--help"]).format_help()
