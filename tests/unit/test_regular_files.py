"""weekplan.regular_files: the one opener of files weekplan reads, for the data files
(with a size limit) and the calendars it imports (a pipe allowed when named)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

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
    with pytest.raises(NotRegularFile, match="FIFO"):
        read_regular_file(fifo)  # refused at once, never waiting for a writer

    def write() -> None:
        with open(fifo, "wb") as writer:
            writer.write(b"BEGIN:VCALENDAR")

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert read_regular_file(fifo, pipe=True) == b"BEGIN:VCALENDAR"
    finally:
        writer.join(timeout=10)


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
