"""Value classes declared like dataclasses, without importing `dataclasses`.

Why this exists: `weekplan show` has a budget of 5x the bare interpreter's start
(docs/benchmarks.md).  On Python 3.11, importing `dataclasses` also imports
`inspect` (with `ast`, `dis` and `tokenize`), and every `@dataclass` writes its
methods as source text and compiles them with `exec`: together a large share of
that budget for the dozen classes the command line needs (the figures are in
docs/benchmarks.md).  A `Record` has the same
methods, written once here and shared by every class.  Every value class in
weekplan is a record, so there is one kind to know (and the planner starts sooner).

    class Activity(Record):
        id: str
        title: str
        done: bool = False
        extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

What a subclass gets, as `@dataclass(frozen=True)` would give it:

- its fields: the annotations of the class body, in order, after those of the
  record classes it derives from (a `ClassVar` annotation is not a field);
- `__init__` taking the fields by position or keyword, with their defaults; a
  `field(default_factory=...)` makes a new value for every instance; a missing,
  unknown or doubled argument is a TypeError worded as Python words it;
- `__post_init__`, when the class has one, called at the end of `__init__`;
- `__eq__` between instances of the same class over the fields that are
  compared, `__hash__` over those that are hashed, `__repr__` over those shown
  (`field(compare=False, repr=False, hash=False)` leaves one out);
- frozen instances: setting or deleting an attribute raises FrozenInstanceError
  (an AttributeError).  `class Collection(Record, frozen=False)` makes a mutable
  record, which, like a mutable dataclass, has no hash;
- `class IsoWeek(Record, order=True)`: `<`, `<=`, `>`, `>=` compare the fields in
  order, between instances of the same class.

`replace(obj, **changes)` is `dataclasses.replace`: a copy with some fields
changed, through `__init__` (so `__post_init__` checks it again); a name that is
not a field is a TypeError.  Given a real dataclass it hands over to
`dataclasses.replace`, so one `replace` serves code that holds both kinds.

Instances keep their fields in `__dict__`, so they pickle and copy like any object.
Type checkers see these classes as ordinary classes with class attributes; the
generic `__init__` takes any arguments as far as they are concerned.

For the same budget no module the command line loads imports `typing` at run time:
it was the largest single import of `show` and `sync` (docs/benchmarks.md).  Each
writes `TYPE_CHECKING = False` and imports what its annotations name under `if
TYPE_CHECKING:`, a name type checkers take as true; with `from __future__ import
annotations` no annotation is evaluated.  weekplan.item_file shows how a class stays
generic for type checkers.
"""

from __future__ import annotations

import operator

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    R = TypeVar("R", bound="Record")


_MISSING: Any = object()


class FrozenInstanceError(AttributeError):
    """An attempt to change a field of a frozen record."""


class Field:
    """How one field behaves, beyond its type: what `field(...)` returns."""

    __slots__ = ("compare", "default", "default_factory", "hash", "repr")

    def __init__(
        self,
        default: Any = _MISSING,
        default_factory: Any = _MISSING,
        compare: bool = True,
        repr: bool = True,  # the names dataclasses uses, though they shadow built-ins
        hash: bool | None = None,
    ) -> None:
        if default is not _MISSING and default_factory is not _MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr
        self.hash = compare if hash is None else hash


def field(
    *,
    default: Any = _MISSING,
    default_factory: Any = _MISSING,
    compare: bool = True,
    repr: bool = True,
    hash: bool | None = None,
) -> Any:
    """A field with a default factory (for mutable defaults such as `dict`), or one left
    out of comparison, hashing or repr; `hash=None` means "hashed if compared"."""
    return Field(default, default_factory, compare, repr, hash)


def _getter(names: tuple[str, ...]) -> Any:
    """A function from an instance to the tuple of these fields' values."""
    if not names:
        return lambda _obj: ()
    if len(names) == 1:
        only = names[0]
        return lambda obj: (getattr(obj, only),)
    return operator.attrgetter(*names)


def _is_class_var(annotation: Any) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _arguments(names: list[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return " and ".join(quoted)
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


class Record:
    """Base of the immutable value classes; see the module's docstring."""

    # Set for each subclass by __init_subclass__.
    _record_fields: dict[str, Field] = {}
    _record_names: tuple[str, ...] = ()
    _record_defaults: dict[str, Any] = {}
    _record_factories: dict[str, Any] = {}
    _record_compared: Any = staticmethod(_getter(()))
    _record_hashed: Any = staticmethod(_getter(()))
    _record_shown: tuple[str, ...] = ()
    _record_compares_all: bool = True
    _record_frozen: bool = True
    _record_post_init: bool = False

    def __init_subclass__(cls, *, frozen: bool = True, order: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: dict[str, Field] = {}
        for base in reversed(cls.__mro__[1:]):
            if issubclass(base, Record) and base is not Record:
                if base._record_frozen != frozen:
                    raise TypeError(f"{cls.__qualname__}: a frozen and a mutable record cannot derive from each other")
                fields.update(base._record_fields)
        own_annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 - inspect is what we avoid
        for name, annotation in own_annotations.items():
            if _is_class_var(annotation):
                continue
            value = cls.__dict__.get(name, _MISSING)
            spec = value if isinstance(value, Field) else Field(default=value)
            if spec.default is not _MISSING and type(spec.default).__hash__ is None:
                raise ValueError(
                    f"mutable default {type(spec.default).__name__} for field {name} is not allowed: "
                    "use default_factory"
                )
            if isinstance(value, Field):
                if spec.default is _MISSING:
                    delattr(cls, name)  # as in dataclasses: no class attribute without a plain default
                else:
                    setattr(cls, name, spec.default)
            fields.pop(name, None)  # a redeclared field moves to the end, as in dataclasses
            fields[name] = spec

        names = tuple(fields)
        seen_default = False
        for name, spec in fields.items():
            has_default = spec.default is not _MISSING or spec.default_factory is not _MISSING
            if seen_default and not has_default:
                raise TypeError(f"non-default argument {name!r} follows default argument")
            seen_default = seen_default or has_default

        cls._record_fields = fields
        cls._record_names = names
        cls._record_defaults = {n: f.default for n, f in fields.items() if f.default is not _MISSING}
        cls._record_factories = {n: f.default_factory for n, f in fields.items() if f.default_factory is not _MISSING}
        cls._record_compared = staticmethod(_getter(tuple(n for n, f in fields.items() if f.compare)))
        cls._record_hashed = staticmethod(_getter(tuple(n for n, f in fields.items() if f.hash)))
        cls._record_shown = tuple(n for n, f in fields.items() if f.repr)
        # A frozen record's __dict__ holds its fields and nothing else (a mutable one may be given
        # more, as typing gives __orig_class__), so equality can compare it whole when every field counts.
        cls._record_compares_all = frozen and all(f.compare for f in fields.values())
        cls._record_frozen = frozen
        cls._record_post_init = hasattr(cls, "__post_init__")
        cls.__match_args__ = names
        if frozen:
            cls.__setattr__ = _refuse_setattr  # type: ignore[method-assign, assignment]
            cls.__delattr__ = _refuse_delattr  # type: ignore[method-assign, assignment]
        elif "__hash__" not in cls.__dict__:
            cls.__hash__ = None  # type: ignore[assignment]  # mutable and compared by value: unhashable
        if order:
            cls.__lt__ = _lt  # type: ignore[method-assign]
            cls.__le__ = _le  # type: ignore[method-assign]
            cls.__gt__ = _gt  # type: ignore[method-assign]
            cls.__ge__ = _ge  # type: ignore[method-assign]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        names = cls._record_names
        if kwargs or len(args) != len(names):
            self.__dict__.update(cls._record_values(args, kwargs))
        else:  # every field by position: the usual way the model's readers build them
            self.__dict__.update(zip(names, args))  # noqa: B905 - as many as names, just counted
        if cls._record_post_init:
            self.__post_init__()  # type: ignore[attr-defined]

    @classmethod
    def _record_values(cls, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """Every field's value from arguments given by keyword, left out (defaults) or wrong."""
        names = cls._record_names
        if len(args) > len(names):
            raise TypeError(
                f"{cls.__qualname__}.__init__() takes {len(names) + 1} positional arguments "
                f"but {len(args) + 1} were given"
            )
        values = dict(cls._record_defaults)
        values.update(zip(names, args, strict=False))  # fewer args than fields: the rest by keyword or default
        if kwargs:
            given = names[: len(args)]
            for name in kwargs:
                if name not in cls._record_fields:
                    raise TypeError(f"{cls.__qualname__}.__init__() got an unexpected keyword argument {name!r}")
                if name in given:
                    raise TypeError(f"{cls.__qualname__}.__init__() got multiple values for argument {name!r}")
            values.update(kwargs)
        if len(values) < len(names):
            for name, factory in cls._record_factories.items():
                if name not in values:
                    values[name] = factory()
            if len(values) < len(names):
                missing = [name for name in names if name not in values]
                plural = "s" if len(missing) > 1 else ""
                raise TypeError(
                    f"{cls.__qualname__}.__init__() missing {len(missing)} required positional "
                    f"argument{plural}: {_arguments(missing)}"
                )
        return values

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        if self._record_compares_all:
            return self.__dict__ == other.__dict__
        compared = self._record_compared
        return bool(compared(self) == compared(other))

    def __hash__(self) -> int:
        return hash(self._record_hashed(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self)._record_shown)
        return f"{type(self).__qualname__}({shown})"


def _refuse_setattr(self: Record, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delattr(self: Record, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _ordering(compare: Any) -> Any:
    """An ordering method comparing the compared fields in order, within one class."""

    def method(self: Record, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        compared = type(self)._record_compared
        return bool(compare(compared(self), compared(other)))

    return method


_lt, _le, _gt, _ge = (_ordering(compare) for compare in (operator.lt, operator.le, operator.gt, operator.ge))


def replace(obj: R, /, **changes: Any) -> R:
    """A copy of `obj` with `changes` to its fields, made through its class's `__init__`
    (so `__post_init__` runs again); a name that is not a field is a TypeError.  A real
    dataclass is handed to `dataclasses.replace`."""
    if not isinstance(obj, Record):
        import dataclasses  # only for code that still holds dataclasses

        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]  # TypeError for anything else
    cls = type(obj)
    for name in changes:
        if name not in cls._record_fields:
            raise TypeError(f"{cls.__qualname__}.__init__() got an unexpected keyword argument {name!r}")
    state = obj.__dict__
    return cls(*[changes[name] if name in changes else state[name] for name in cls._record_names])
