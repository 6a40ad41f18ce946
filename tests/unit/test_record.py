"""weekplan.record: value classes that behave as frozen dataclasses do, without importing dataclasses."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import re
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

import pytest

from weekplan.record import FrozenInstanceError, Record, field, replace

T = TypeVar("T")


class Item(Record):
    """A record like the model's: required fields, plain defaults, and an uncompared extra."""

    id: str
    title: str
    done: bool = False
    tags: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    kind: ClassVar[str] = "item"  # a class variable, not a field


@dataclasses.dataclass(frozen=True)
class ItemAsDataclass:
    id: str
    title: str
    done: bool = False
    tags: tuple[str, ...] = ()
    extra: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)


class Week(Record, order=True):
    year: int
    week: int

    def __post_init__(self) -> None:
        if not 1 <= self.week <= 53:
            raise ValueError(f"no week {self.week}")


class Plan(Record):
    """Compared by its days, hashed without them (a dict cannot be hashed)."""

    name: str
    days: dict[str, int] = field(default_factory=dict, hash=False)


class Box(Record, Generic[T]):
    content: T


class Bag(Record, Generic[T], frozen=False):
    path: str
    items: dict[str, T] = field(default_factory=dict)


class LabelledItem(Item):
    label: str = ""


# -- building --------------------------------------------------------------------------


def test_fields_by_position_or_keyword_with_their_defaults() -> None:
    item = Item("a1", title="climbing")
    assert (item.id, item.title, item.done, item.tags, item.extra) == ("a1", "climbing", False, (), {})
    assert Item("a1", "climbing", True, ("x",), {"k": 1}).extra == {"k": 1}
    assert Item(id="a1", title="climbing", done=True).done is True


def test_a_default_factory_makes_a_new_value_for_each_instance() -> None:
    first, second = Item("a", "x"), Item("b", "y")
    first.extra["note"] = "mine"
    assert second.extra == {} and first.extra is not second.extra
    assert Bag("p").items is not Bag("p").items


def test_plain_defaults_stay_class_attributes_and_factories_do_not() -> None:
    assert Item.done is False and Item.tags == ()  # Config.from_toml reads its defaults this way
    assert "extra" not in Item.__dict__
    assert Item.kind == "item" and "kind" not in Item._record_names


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((), {"id": "a"}, "Item.__init__() missing 1 required positional argument: 'title'"),
        ((), {}, "Item.__init__() missing 2 required positional arguments: 'id' and 'title'"),
        (("a", "t"), {"colour": "red"}, "Item.__init__() got an unexpected keyword argument 'colour'"),
        (("a", "t"), {"id": "b"}, "Item.__init__() got multiple values for argument 'id'"),
        (
            ("a", "t", False, (), {}, "one too many"),
            {},
            "Item.__init__() takes 6 positional arguments but 7 were given",
        ),
    ],
)
def test_wrong_arguments_are_type_errors_as_for_a_dataclass(
    args: tuple[Any, ...], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(TypeError) as raised:
        Item(*args, **kwargs)
    assert str(raised.value) == message
    with pytest.raises(TypeError):  # the dataclass refuses the same arguments
        ItemAsDataclass(*args, **kwargs)


def test_three_missing_arguments_are_listed_as_python_lists_them() -> None:
    class Three(Record):
        a: int
        b: int
        c: int

    with pytest.raises(TypeError, match=r"missing 3 required positional arguments: 'a', 'b', and 'c'"):
        Three()


def test_post_init_checks_every_new_instance() -> None:
    assert Week(2026, 48).week == 48
    with pytest.raises(ValueError, match="no week 54"):
        Week(2026, 54)


# -- comparing, hashing, showing -----------------------------------------------------------


def test_equality_and_hash_ignore_a_field_left_out_of_comparison() -> None:
    plain, with_extra = Item("a", "x"), Item("a", "x", extra={"unknown": 1})
    assert plain == with_extra and hash(plain) == hash(with_extra)
    assert plain != Item("a", "x", done=True)
    assert len({plain, with_extra, Item("b", "x")}) == 2


def test_records_of_different_classes_are_never_equal() -> None:
    assert Item("a", "x") != LabelledItem("a", "x")
    assert Item("a", "x") != ItemAsDataclass("a", "x")
    assert Item("a", "x") != ("a", "x", False, ())


def test_a_compared_field_can_be_left_out_of_the_hash() -> None:
    assert Plan("gym", {"mon": 1}) != Plan("gym", {"tue": 1})
    assert hash(Plan("gym", {"mon": 1})) == hash(Plan("gym", {"tue": 1})) == hash(Plan("gym"))


def test_hash_and_equality_agree_with_the_dataclass_they_replace() -> None:
    pairs = [
        (Item("a", "x"), ItemAsDataclass("a", "x")),
        (Item("a", "x", True, ("t",)), ItemAsDataclass("a", "x", True, ("t",))),
    ]
    for record, data in pairs:
        assert hash(record) == hash(data)


def test_repr_reads_like_the_dataclass_one_without_hidden_fields() -> None:
    item = Item("a1", "climbing", tags=("friends",), extra={"secret": 1})
    assert repr(item) == "Item(id='a1', title='climbing', done=False, tags=('friends',))"
    assert repr(item) == repr(ItemAsDataclass("a1", "climbing", tags=("friends",))).replace("ItemAsDataclass", "Item")


def test_order_compares_the_fields_in_turn() -> None:
    weeks = [Week(2026, 48), Week(2025, 52), Week(2026, 1)]
    assert sorted(weeks) == [Week(2025, 52), Week(2026, 1), Week(2026, 48)]
    assert Week(2026, 1) < Week(2026, 2) <= Week(2026, 2) and Week(2027, 1) > Week(2026, 53) >= Week(2026, 53)
    with pytest.raises(TypeError):
        _ = Week(2026, 1) < (2026, 2)
    with pytest.raises(TypeError):  # no order unless asked for
        _ = Item("a", "x") < Item("b", "x")


# -- frozen and mutable ------------------------------------------------------------------------


def test_a_frozen_record_refuses_changes() -> None:
    item = Item("a", "x")
    with pytest.raises(FrozenInstanceError):
        item.title = "y"  # type: ignore[misc]
    with pytest.raises(AttributeError):  # FrozenInstanceError is one, as in dataclasses
        del item.title
    with pytest.raises(FrozenInstanceError):
        item.new_attribute = 1  # type: ignore[attr-defined]
    assert item.title == "x"


def test_a_mutable_record_can_change_and_has_no_hash() -> None:
    bag: Bag[int] = Bag("p")
    bag.path = "q"
    bag.items["a"] = 1
    assert bag == Bag("q", {"a": 1})
    with pytest.raises(TypeError):
        hash(bag)


def test_frozen_and_mutable_records_do_not_mix() -> None:
    with pytest.raises(TypeError):

        class MutableItem(Item, frozen=False):
            pass


# -- replace ---------------------------------------------------------------------------------


def test_replace_copies_with_changes_and_leaves_the_original() -> None:
    item = Item("a", "x", extra={"k": 1})
    changed = replace(item, title="y", done=True)
    assert (changed.id, changed.title, changed.done, changed.extra) == ("a", "y", True, {"k": 1})
    assert (item.title, item.done) == ("x", False)
    assert type(replace(LabelledItem("a", "x", label="l"), title="y")) is LabelledItem


def test_replace_refuses_a_name_that_is_not_a_field() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        replace(Item("a", "x"), colour="red")
    with pytest.raises(TypeError):
        replace(Item("a", "x"), kind="other")  # a class variable is not a field


def test_replace_runs_post_init_again() -> None:
    with pytest.raises(ValueError, match="no week 60"):
        replace(Week(2026, 48), week=60)


def test_replace_hands_a_dataclass_to_dataclasses_and_refuses_anything_else() -> None:
    assert replace(ItemAsDataclass("a", "x"), title="y") == ItemAsDataclass("a", "y")
    with pytest.raises(TypeError):
        replace(object(), title="y")


# -- classes built on records ----------------------------------------------------------------


def test_a_subclass_adds_its_fields_after_those_of_its_base() -> None:
    item = LabelledItem("a", "x", True, (), {}, "label")
    assert LabelledItem._record_names == ("id", "title", "done", "tags", "extra", "label")
    assert item.label == "label" and item == LabelledItem("a", "x", True, label="label")


def test_generic_records_can_be_built_through_their_parameterised_class() -> None:
    assert Box[int](3) == Box(3)  # typing's attempt to set __orig_class__ on a frozen record is ignored
    assert Bag[int]("p") == Bag("p")  # a mutable one takes __orig_class__, which is not a field


def test_declaring_fields_wrongly_fails_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        class DefaultFirst(Record):
            a: int = 0
            b: int

    with pytest.raises(ValueError, match="mutable default dict for field tags"):

        class SharedDefault(Record):
            tags: dict[str, int] = {}

    with pytest.raises(ValueError):
        field(default=0, default_factory=int)


def test_pattern_matching_takes_fields_by_position() -> None:
    match Week(2026, 48):
        case Week(year, week):
            assert (year, week) == (2026, 48)
        case _:
            pytest.fail("no match")


def test_records_pickle_and_copy_like_any_object() -> None:
    item = Item("a", "x", tags=("t",), extra={"k": [1]})
    for clone in (pickle.loads(pickle.dumps(item)), copy.copy(item), copy.deepcopy(item)):
        assert clone == item and clone.extra == {"k": [1]} and type(clone) is Item
        with pytest.raises(FrozenInstanceError):
            clone.title = "y"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(Week(2026, 48))) == Week(2026, 48)
    bag = pickle.loads(pickle.dumps(Bag("p", {"a": 1})))
    assert bag == Bag("p", {"a": 1})


def test_no_code_uses_dataclasses_replace() -> None:
    """dataclasses.replace refuses a record (TypeError); weekplan.record.replace takes both
    records and dataclasses, so it is the only one to use (it hands dataclasses over itself)."""
    root = Path(__file__).resolve().parents[2]
    uses = re.compile(r"from dataclasses import [^\n]*\breplace\b|dataclasses\.replace\(")
    offenders = [
        str(path.relative_to(root))
        for folder in ("src", "tests", "scripts", "bench")
        for path in sorted((root / folder).rglob("*.py"))
        if path.name not in ("record.py", "test_record.py") and uses.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
