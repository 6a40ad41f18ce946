"""Two spellings of one tag written by hand in an idea's list are read as one tag;
`weekplan check` names them at their line, and the file is not rewritten unasked."""

from __future__ import annotations

from pathlib import Path

from weekplan.store import Store

IDEAS = b'[ideas.iiiiiiiiiiii]\ntitle = "museum"\nkind = "place"\ntags = ["Friends", "cheap", "friends"]\n'


def test_check_names_one_tag_written_twice_and_leaves_the_file(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    store.ideas_path.write_bytes(IDEAS)
    fresh = Store.open(private_data_dir)
    assert fresh.ideas().items["iiiiiiiiiiii"].tags == ("Friends", "cheap")
    [problem] = fresh.check(layout=True)
    assert (problem.path, problem.line, problem.col) == (fresh.ideas_path, 4, 8)
    assert problem.message.startswith("ideas.iiiiiiiiiiii: tags 'Friends' and 'friends' are one tag")
    assert fresh.check() == []  # sync does not wait for it
    assert store.ideas_path.read_bytes() == IDEAS


def test_tags_written_once_each_are_fine(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    store.ideas_path.write_bytes(IDEAS.replace(b', "friends"', b', "outdoor"'))
    assert Store.open(private_data_dir).check(layout=True) == []
