"""The short way of reading an item (model.py, `_plain_*`): the usual valid table takes
it, and whatever it takes comes out exactly as the full reader makes it, so it can
never let through what the full reader refuses or read a value differently."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weekplan import model
from weekplan.model import DATE_STATUSES, IDEA_KINDS, Activity, Idea, ItemError, SpecialDate
from weekplan.record import Record
from weekplan.weeks import format_time, parse_time

# -- values -----------------------------------------------------------------------------

plannable_days = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))
times = st.one_of(
    st.integers(0, 24 * 60 - 1).map(format_time),
    st.sampled_from([" 7:05", "7:05 ", "9:30", "0:00"]),  # valid, though the store writes none of them
)
texts = st.text(max_size=6)
titles = texts.filter(lambda text: text.strip() != "")
junk = st.one_of(  # what TOML can hold (so no None), of every kind
    st.booleans(),
    st.integers(-3, 400),
    st.floats(allow_nan=False),
    texts,
    st.sampled_from(["", " ", "24:00", "23:59", "24:01", "7:5", "25:00", "19:30", "\u0661\u0669:\u0663\u0660", "²:30"]),
    st.sampled_from(["2026-11-27", "2026-13-01", "planned", "done", "place", "activity"]),
    plannable_days,
    st.dates(max_value=date(1899, 12, 31)),
    st.dates(min_value=date(3000, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2999, 1, 1)),
    st.lists(texts, max_size=3),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(texts, st.integers(), max_size=2),
)


class Text(str):
    """Text that is not exactly `str`: the full reader takes it, the short way leaves it."""


class Table(dict):  # type: ignore[type-arg]
    """A table that is not exactly `dict`."""


# Each field of each kind, and the values it may hold.
VALID: dict[type[Record], dict[str, st.SearchStrategy[Any]]] = {
    Activity: {
        "date": plannable_days,
        "start": times,
        "end": st.one_of(times, st.just("24:00")),
        "title": titles,
        "category": texts,  # optional, may be empty: an activity without a category
        "done": st.booleans(),
        "skipped": st.booleans(),
        "notes": texts,
    },
    SpecialDate: {
        "date": plannable_days,
        "title": titles,
        "start": times,
        "end": st.one_of(times, st.just("24:00")),
        "status": st.sampled_from((*DATE_STATUSES, "")),
        "place": texts,
        "idea": texts,
        "prep": texts,
        "prep_days": st.integers(0, 365),
        "notes": texts,
        "rating": st.integers(1, 5),
        "memory": texts,
        "prep_done": st.booleans(),
    },
    Idea: {
        "title": titles,
        "kind": st.sampled_from((*IDEA_KINDS, "")),
        "tags": st.lists(texts, max_size=4),
        "notes": texts,
    },
}
PLAIN = {Activity: model._plain_activity, SpecialDate: model._plain_special_date, Idea: model._plain_idea}
KINDS = list(VALID)


def fields_of(kind: type[Record]) -> set[str]:
    return set(kind._record_names) - {"id", "extra"}


def valid_table(kind: type[Record]) -> st.SearchStrategy[dict[str, Any]]:
    """A table the full reader takes: the fields it needs there, the others missing or valid."""
    fields = VALID[kind]
    required = {"date", "start", "end", "title"} if kind is Activity else {"date", "title"} & set(fields)
    optional = {name: value for name, value in fields.items() if name not in required}
    known = fields_of(kind)
    unknown = st.dictionaries(texts.filter(lambda key: key not in known), junk, max_size=2)
    tables = st.fixed_dictionaries({name: fields[name] for name in required}, optional=optional)
    return st.builds(lambda table, more: {**more, **table}, tables, unknown).filter(lambda table: readable(kind, table))


# Values on either side of every rule, for spoiling one field of a valid table.
EDGES = st.sampled_from(
    [
        *(0, 1, 5, 6, -1, 365, 366, True, False, 1.0, "", " ", "\t", "00:00", "23:59", "24:00", "x"),
        *(date(1899, 12, 31), date(1900, 1, 1), date(2999, 12, 31), date(3000, 1, 1), datetime(2026, 11, 27, 19)),
    ]
)


@st.composite
def nearly_valid(draw: st.DrawFn, kind: type[Record]) -> Any:
    """A valid table with a field or two spoilt (dropped, junk, a value at a rule's edge,
    exact type lost), or all that is not a table at all."""
    if draw(st.integers(0, 15)) == 0:
        return draw(junk)
    table = dict(draw(valid_table(kind)))
    names = sorted(fields_of(kind))
    for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=2)):
        how = draw(st.sampled_from(["drop", "junk", "edge", "edge", "same as start", "not exactly str"]))
        if how == "drop":
            table.pop(name, None)
        elif how == "junk":
            table[name] = draw(junk)
        elif how == "edge":
            table[name] = draw(EDGES)
        elif how == "same as start":
            table[name] = table.get("start", "19:00")
        elif isinstance(table.get(name), str):
            table[name] = Text(table[name])
    return Table(table) if draw(st.integers(0, 9)) == 0 else table


def readable(kind: type[Record], table: dict[str, Any]) -> bool:
    if kind is Activity and parse_time(table["end"], allow_24=True) <= parse_time(table["start"]):
        return False
    return not (kind is SpecialDate and "end" in table and "start" not in table)


def full_read(kind: type[Record], raw: Any) -> Any:
    """What the full reader makes of `raw`: every field with its exact type, or the problems."""
    try:
        item = kind._read_checking("x1", raw)  # type: ignore[attr-defined]
    except ItemError as exc:
        return ("refused", exc.problems)
    return exact(item)


def exact(item: Record) -> list[tuple[str, type, Any]]:
    return [(name, type(value), value) for name, value in item.__dict__.items()]


# -- tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_these_tests_cover_every_field_the_file_holds(kind: type[Record]) -> None:
    assert set(VALID[kind]) == fields_of(kind)
    # The full reader asks for just these fields: anything else is kept as an unknown field.
    table = {"date": date(2026, 11, 27), "start": "19:00", "end": "20:00", "title": "t", "category": "c"}
    table = {name: value for name, value in table.items() if name in fields_of(kind)}
    assert kind._read_checking("x1", {**table, "zzz": 1}).extra == {"zzz": 1}  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
@settings(max_examples=300)
@given(data=st.data())
def test_what_the_short_way_takes_is_what_the_full_reader_makes(kind: type[Record], data: st.DataObject) -> None:
    raw = data.draw(nearly_valid(kind))
    plain = PLAIN[kind](kind, "x1", raw)
    full = full_read(kind, raw)
    if plain is not None:
        assert exact(plain) == full
    try:
        read = exact(kind.from_toml("x1", raw))  # type: ignore[attr-defined]
    except ItemError as exc:
        read = ("refused", exc.problems)
    assert read == full


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
@settings(max_examples=200)
@given(data=st.data())
def test_a_valid_table_takes_the_short_way(kind: type[Record], data: st.DataObject) -> None:
    raw = data.draw(valid_table(kind))
    plain = PLAIN[kind](kind, "x1", raw)
    assert plain is not None
    assert exact(plain) == full_read(kind, raw)


# Every field of these tables, in turn, is dropped or set to each of SPOILERS.
BASES: dict[type[Record], list[dict[str, Any]]] = {
    Activity: [
        {"date": date(2026, 11, 27), "start": "19:00", "end": "20:00", "title": "t", "category": "c"},
        {"date": date(2026, 11, 27), "start": "19:00", "end": "24:00", "title": "t", "category": "c"}
        | {"done": True, "skipped": False, "notes": "n", "unknown": 1},
    ],
    SpecialDate: [
        {"date": date(2026, 11, 27), "title": "t"},
        {"date": date(2026, 11, 27), "title": "t", "start": "19:00", "end": "20:00", "status": "done"}
        | {"place": "p", "idea": "i", "prep": "p", "prep_days": 3, "notes": "n", "rating": 4, "memory": "m"}
        | {"prep_done": True, "unknown": [1]},
    ],
    Idea: [{"title": "t"}, {"title": "t", "kind": "place", "tags": ["a", "b"], "notes": "n", "unknown": "u"}],
}
DROP = object()
SPOILERS = [
    *(DROP, 0, 1, 4, 5, 6, -1, 365, 366, True, False, 1.0, 0.5, 2**70),
    *("", " ", "\t", "x", "00:00", "19:00", "23:59", "24:00", "24:01", "7:5", "2026-11-27"),
    *(*DATE_STATUSES, *IDEA_KINDS, Text("x"), Text("19:00"), Text("done"), Text("place")),
    *(date(1899, 12, 31), date(1900, 1, 1), date(2999, 12, 31), date(3000, 1, 1), datetime(2026, 11, 27, 19)),
    *([], ["a"], ["a", 2], [1], [Text("a")], {}, {"a": 1}),
]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_each_field_spoilt_each_way_reads_alike_both_ways(kind: type[Record]) -> None:
    taken = refused = 0
    for base in BASES[kind]:
        assert PLAIN[kind](kind, "x1", base) is not None
        for name in [*fields_of(kind), "unknown"]:
            for value in SPOILERS:
                table = {key: held for key, held in base.items() if key != name}
                if value is not DROP:
                    table[name] = value
                for raw in (table, Table(table)):
                    plain = PLAIN[kind](kind, "x1", raw)
                    full = full_read(kind, raw)
                    if plain is None:
                        refused += 1
                    else:
                        taken += 1
                        assert exact(plain) == full, (name, value, raw)
    assert taken and refused  # both ways were tried


def test_a_time_of_day_reads_alike_both_ways_and_24_00_only_as_an_end() -> None:
    for text in ("19:30", " 7:05", "24:00", "7:5", "24:01", "\u0661\u0669:\u0663\u0660", "²:30"):
        for allow_24 in (False, True):
            try:
                expected = parse_time(text, allow_24=allow_24)
            except ValueError:
                expected = None
            for _ in range(2):  # the second time from what the first one kept
                assert model._plain_time(text, allow_24) == expected, (text, allow_24)
