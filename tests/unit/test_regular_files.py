"""weekplan.regular_files: the one opener of files weekplan reads, for the data files
(with a size limit) and the calendars it imports (a pipe allowed when named)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from time_limit import at_most
from weekplan import regular_files
from weekplan.calendar_files import CalendarFileError, read_sources
from weekplan.regular_files import NotRegularFile, TooLargeFile, read_regular_file
from weekplan.tomlfile import MAX_FILE_BYTES, DataFileError, read_data_file


def test_a_regular_file_is_read_whole_and_a_missing_one_is_none(tmp_path: Path) -> None:
    path = tmp_path / "a.ics"
    path.write_bytes(b"x" * 3_000_000)  # past one read's worth
    assert read_regular_file(path) == b"x" * 3_000_000
    (tmp_path / "link.ics").symlink_to(path)
    assert read_regular_file(tmp_path / "link.ics", limit=3_000_000) == b"x" * 3_000_000
    assert read_regular_file(tmp_path / "none.ics") is None


def test_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(b"x" * 11)
    assert read_regular_file(path, limit=11) == b"x" * 11
    with pytest.raises(TooLargeFile) as caught:
        read_regular_file(path, limit=10)
    assert (caught.value.size, caught.value.limit) == (11, 10)


@pytest.mark.parametrize("pipe", [False, True])
def test_a_folder_or_a_device_is_never_read(tmp_path: Path, pipe: bool) -> None:
    with pytest.raises(NotRegularFile, match="a folder"):
        read_regular_file(tmp_path, pipe=pipe)
    with pytest.raises(NotRegularFile, match="a device"):
        read_regular_file(Path("/dev/zero"), pipe=pipe)


def test_a_fifo_is_refused_unless_named_as_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "cal.ics"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile, match="FIFO"), at_most(10, "reading a FIFO not named as a pipe"):
        read_regular_file(fifo)  # refused at once, never waiting for a writer

    def write() -> None:
        with open(fifo, "wb") as writer:
            writer.write(b"BEGIN:VCALENDAR")

    writer = threading.Thread(target=write, daemon=True)  # never keeps a failed run from ending
    writer.start()
    try:
        with at_most(10, "reading a FIFO named as a pipe"):
            assert read_regular_file(fifo, pipe=True) == b"BEGIN:VCALENDAR"
    finally:
        writer.join(timeout=10)


def looked_at_as(monkeypatch: pytest.MonkeyPatch, path: Path, stand_in: Path) -> None:
    """The first look (os.stat) at `path` sees `stand_in`: what is opened afterwards is
    something else, as when another program takes the file's place in between."""
    real_stat = os.stat

    def stat_seeing_the_stand_in(place: object, *args: object, **kwargs: object) -> os.stat_result:
        return real_stat(stand_in) if Path(place) == path else real_stat(place, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(regular_files.os, "stat", stat_seeing_the_stand_in)


def test_a_fifo_that_takes_a_files_place_after_the_look_is_refused_without_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    regular, fifo = tmp_path / "week.toml", tmp_path / "now-a-fifo.toml"
    regular.write_bytes(b"abc")
    os.mkfifo(fifo)
    looked_at_as(monkeypatch, fifo, regular)
    with pytest.raises(NotRegularFile, match="FIFO") as caught, at_most(10, "opening a FIFO after the look"):
        read_regular_file(fifo)
    assert stat.S_ISFIFO(caught.value.mode)  # what was opened, not what was looked at


def test_a_file_that_grew_past_the_limit_after_the_look_is_refused_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small, grown = tmp_path / "small.toml", tmp_path / "grown.toml"
    small.write_bytes(b"abc")
    grown.write_bytes(b"x" * 100)
    looked_at_as(monkeypatch, grown, small)
    with pytest.raises(TooLargeFile) as caught:
        read_regular_file(grown, limit=10)
    assert (caught.value.size, caught.value.limit) == (100, 10)


def test_the_store_and_the_calendar_reader_word_the_same_refusal_their_own_way(tmp_path: Path) -> None:
    fifo = tmp_path / "x.toml"
    os.mkfifo(fifo)
    with pytest.raises(DataFileError, match=r"x\.toml:1:1: a FIFO \(named pipe\), not a file"):
        read_data_file(fifo)
    with pytest.raises(CalendarFileError, match=r"is a FIFO \(named pipe\), not a calendar file"):
        read_sources([fifo])
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(DataFileError, match="more than the 2 MB weekplan reads"):
        read_data_file(big)
    assert read_sources([big]) == [(big, b"#" * (MAX_FILE_BYTES + 1), str(big))]  # a calendar has no limit
    with pytest.raises(CalendarFileError, match=r"cannot read .*none\.ics: No such file"):
        read_sources([tmp_path / "none.ics"])
