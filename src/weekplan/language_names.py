"""The names of weekdays and months in a language: whether the planner can show them
(the one rule for config.toml's `language`: weekplan.display shows them; Config.from_toml
warns of a language it cannot show, which would otherwise fall back to English without
a word), and the same names for the words of time to read.

English needs nothing; every other language comes from babel's copy of the Unicode
CLDR, loaded only when such a language is asked for.  Plain Python, no Textual.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any


def is_english(language: str) -> bool:
    """Whether `language` ("en", "en_GB", "" for none) is read as English."""
    return not language or language.split("_")[0].split("-")[0].lower() == "en"


def locale_of(language: str) -> Any:
    """babel's Locale for `language` ("de", "pt_BR", "fr-CA"), or None when it knows none."""
    try:
        from babel import Locale, UnknownLocaleError
    except ImportError:  # pragma: no cover - babel is a dependency; a broken install still plans
        return None
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def can_show(language: str) -> bool:
    """Whether the planner shows names in `language` rather than English's: babel has
    the language itself, not another it stands for ("und", undetermined, is read as
    English, as are "iw" or "tl", which babel reads as he or fil).  A language babel
    keeps a file for is known without loading babel, which every command reading
    config.toml would otherwise pay for."""
    if is_english(language) or _has_locale_file(language):
        return True
    found = locale_of(language)  # aliases and likely subtags: zh_TW is zh_Hant_TW
    return found is not None and found.language == _parts(language)[0].lower()


def shown_in_english(language: str) -> bool:
    """Whether the planner shows English names and dates for `language` ("" for none):
    English itself, or a language it cannot show (can_show), as config.toml's warning
    says.  The one rule weekplan.display and the words of time to read follow."""
    return is_english(language) or not can_show(language)


def _parts(language: str) -> list[str]:
    return language.replace("-", "_").split("_")


def _has_locale_file(language: str) -> bool:
    """Whether babel's copy of the CLDR has a file for `language` as written (de, pt_BR,
    zh_Hant_TW), found without importing babel."""
    from importlib.util import find_spec
    from pathlib import Path

    first, *rest = _parts(language)
    name = "_".join([first.lower(), *(part.title() if len(part) == 4 else part.upper() for part in rest)])
    try:
        spec = find_spec("babel")
    except ValueError:  # pragma: no cover - a babel module without a spec
        return False
    places = spec.submodule_search_locations if spec is not None else None
    return any((Path(place) / "locale-data" / f"{name}.dat").is_file() for place in places or ())


def names_to_read(language: str) -> tuple[dict[str, int], dict[str, int]]:
    """The month names (1 = January) and full weekday names (0 = Monday) of `language`
    as the planner shows them, from the same CLDR data, for the words of time to read:
    lower case, and also without accents ("février", "fevrier").  A short month name
    is kept with its dot ("déc.", "dez.") and without it ("dez"); one that is an
    English word ("set", "out", "mar") is left out where the names are merged with
    English's (weekplan.timewords.scanner), to stay a title's word.  Empty for English
    (the words of time know English's) or a language shown in English (shown_in_english).
    Abbreviated weekdays are left out: "mar." is Tuesday in French and March in
    English, "So" and "Do" are English words."""
    if shown_in_english(language):
        return {}, {}
    return _names_to_read(language)


_read_names: dict[str, tuple[dict[str, int], dict[str, int]]] = {}


def _names_to_read(language: str) -> tuple[dict[str, int], dict[str, int]]:
    if language in _read_names:
        return _read_names[language]
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    found = locale_of(language)
    if found is not None:
        for context in ("format", "stand-alone"):
            for width in ("abbreviated", "wide"):
                for number, name in found.months[context][width].items():
                    _add_name(months, name, number, short=width == "abbreviated")
            for number, name in found.days[context]["wide"].items():
                _add_name(weekdays, name, number)
    _read_names[language] = (months, weekdays)
    return months, weekdays


# Letters with a mark that Unicode does not decompose, as typed without it ("aralik",
# which is also what "ARALIK".lower() gives, and "poniedzialek").
_UNMARKED = str.maketrans("ıłøđ", "ilod")


def _add_name(names: dict[str, int], name: str, number: int, *, short: bool = False) -> None:
    from unicodedata import combining, normalize

    word = name.lower().rstrip(".")
    plain = "".join(char for char in normalize("NFD", word) if not combining(char)).translate(_UNMARKED)
    for form in (word, normalize("NFC", word), plain):
        if not form or " " in form:
            continue
        if short:
            names.setdefault(f"{form}.", number)
        if not short or len(form) >= 3:
            names.setdefault(form, number)
