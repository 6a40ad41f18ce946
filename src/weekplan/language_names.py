"""Whether the planner can show weekday and month names in a language: the one rule
for config.toml's `language` (weekplan.display shows them; Config.from_toml warns of
a language it cannot show, which would otherwise fall back to English without a word).

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
    """Whether the planner shows names in `language` rather than English's."""
    return is_english(language) or locale_of(language) is not None
