"""The scanner of the words of time: splits a line into words (a quoted stretch is
one), reads each phrase of time at its place, and sorts every word into a Reading.
The grammar it reads is written in weekplan.timewords."""

from __future__ import annotations

import re
from datetime import date, timedelta

from weekplan.language_names import names_to_read
from weekplan.record import Record
from weekplan.timewords.words import (
    DAY_GROUPS,
    ENGLISH_WORDS,
    MAX_WEEKS_APART,
    MONTHS,
    PLURAL_WEEKDAYS,
    WEEKDAYS,
    DaySet,
    Reading,
    TimeWordError,
)
from weekplan.weeks import (
    FIRST_YEAR,
    LAST_YEAR,
    MINUTES_PER_DAY,
    YEARS_HELP,
    IsoWeek,
    coming_weekday,
    plannable,
    view_start,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from collections.abc import Callable


# -- tokens -----------------------------------------------------------------------------


class _Token(Record):
    text: str  # as typed (a title keeps it)
    word: str  # for matching: see _matching_form
    quoted: bool = False


def _tokens(text: str) -> list[_Token]:
    """Words split on spaces; a double-quoted stretch is one literal token."""
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
        elif char in '"“”':
            closing = "”" if char == "“" else '"'
            literal, position = _quoted(text, position + 1, closing, char)
            tokens.append(_Token(literal, "", quoted=True))
        else:
            end = position
            while end < len(text) and not text[end].isspace() and text[end] not in '"“':
                end += 1
            word = text[position:end]
            tokens.append(_Token(word, _matching_form(word)))
            position = end
    return tokens


def _matching_form(word: str) -> str:
    """The word as the rules match it: lower case, without a trailing comma, its
    accents composed (NFC: "ä" typed as "a" and a combining mark is the "ä" of
    "märz"), and its digits in ASCII.  `re`'s \\d matches the digits of every script
    but `isdigit` checks and literal digits do not, so "in ٣ days" stayed title (and
    put the entry on today) while "١٠:٠٠" was read as 10:00; one form for all the rules."""
    word = word.lower().rstrip(",;")
    if word.isascii():
        return word
    from unicodedata import normalize  # a C library of its own, loaded for words beyond ASCII only

    return re.sub(r"\d", lambda digit: str(int(digit.group())), normalize("NFC", word))


def _quoted(text: str, position: int, closing: str, opening: str) -> tuple[str, int]:
    chars: list[str] = []
    while position < len(text):
        char = text[position]
        if char == "\\" and position + 1 < len(text):
            chars.append(text[position + 1])
            position += 2
        elif char == closing or (closing == "”" and char == '"'):
            return "".join(chars), position + 1
        else:
            chars.append(char)
            position += 1
    raise TimeWordError(f"the quote {opening}{''.join(chars)} is never closed")


def quote_title(title: str) -> str:
    """The title in double quotes, as the readers here take it back literally."""
    return '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- single words -------------------------------------------------------------------------

# Patterns are kept as text and compiled by `re` on first use (it keeps what it
# compiled): loading this module stays cheap for a command like `show 2026-W48`,
# which needs two of them.
_CLOCK = r"^(\d{1,2})(?:([:.])(\d{1,2}))?(am|pm|a\.m\.|p\.m\.|a|p)?$"
_MERIDIEM = {"am": "am", "a.m.": "am", "a": "am", "pm": "pm", "p.m.": "pm", "p": "pm"}
_HOURS = r"h|hr|hrs|hour|hours"
_MINUTES = r"m|min|mins|minute|minutes"
# "1.5h", "1,5h" (a decimal comma, as much of Europe writes it) and ".5h".  A comma
# is a decimal mark only with one or two digits after it: "1,500m" separates
# thousands (a distance, title) and is never read as a length nor refused as one.
_DECIMAL = r"(?:\d+(?:\.\d+|,\d{1,2})?|\.\d+|,\d{1,2})"
_LENGTH = rf"^({_DECIMAL})({_HOURS})(?:(\d+)(?:{_MINUTES})?)?$|^(\d+)({_MINUTES})$"
# "19h", "12h30": a time of day as French (and others) write it, where no length can
# stand; beside a start time or after "for" the same word is a length.
_HOUR_CLOCK = r"^(\d{1,2})h(\d{2})?$"
_LENGTH_UNIT = rf"^(?:{_HOURS}|{_MINUTES})$"
_WHOLE_HOURS = rf"^\d+(?:{_HOURS})$|^(?:{_HOURS})$"
_MINUTES_WORD = rf"^\d+(?:{_MINUTES})$"
_MINUTES_UNIT = rf"^(?:{_MINUTES})$"
_NUMBER = rf"^{_DECIMAL}$"
_ISO_DATE = r"^(\d{4})-(\d{1,2})-(\d{1,2})$"
_SLASH_DATE = r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$"
_YEAR_FIRST_SLASH = r"^(\d{4})/(\d{1,2})/(\d{1,2})$"
_DASH_DATE = r"^(\d{1,2})-(\d{1,2})-(\d{4})$"
_DOT_DATE = r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?$"
_DAY_OF_MONTH = r"^(\d{1,2})(st|nd|rd|th|\.)?$"  # "24." as German writes it, only before another language's month
_YEAR = r"^\d{4}$"
_SHIFT = r"^([+-])(\d+)(d|day|days|w|wk|wks|week|weeks)?$"
_WEEK = r"^(?:(\d{4})-?)?w(\d{1,2})$"
_BARE_RANGE = r"^\d{1,2}[-–]\d{1,2}$"
_DAY_LIST = r"^[a-z]+(?:[,/+&][a-z]+)+$|^[a-z]+[-–][a-z]+$"
# Shapes that can only be meant as time: read them or refuse them, never title them.
_TIMELIKE = (
    r"\d:\d",
    r"\d(?:am|pm|a\.m\.|p\.m\.)(?![a-z])",  # "7pm", and "2pm-ish" or "(7pm)" too
    r"^\d{1,2}-\d{1,2}-\d+$",
    rf"^{_DECIMAL}(h|hr|hrs|hours?|m|min|mins|minutes?)\d*(m|min|mins)?$",
    r"^\d{4}-\d{1,2}-\d{1,2}$",
    r"^\d{1,4}/\d{1,4}(/\d+)*$",
    r"^\d{1,2}\.\d{1,2}\.(\d+)?$",
)


def _clock(word: str, *, meridiem: str | None = None) -> int | None:
    """Minutes of a clock word ("19:00", "7pm", "7:30pm", "7.30pm", "noon"); None when
    the word is not shaped like one; TimeWordError when shaped like one but wrong.
    Midnight is 0 however it is written: whether an end there is the day's end is
    decided once, by words.end_of.  A bare hour ("7") is read only with a `meridiem`
    borrowed from the other end of a range."""
    if word in ("noon", "midday"):
        return 12 * 60
    if word == "midnight":
        return 0
    match = re.match(_CLOCK, word)
    if not match:
        return None
    hours, separator, minutes_text, suffix = match.groups()
    # A meridiem borrowed from the other end fits only an hour from 1 to 12: the
    # "13:00" of "13:00-2pm" is already an afternoon hour.
    suffix = _MERIDIEM[suffix] if suffix else (meridiem if 1 <= int(hours) <= 12 else None)
    if separator == "." and not suffix:
        return None  # "3.12" is a version number or a score, not a time
    if separator and len(minutes_text) != 2:
        raise TimeWordError(f"{word!r} is not a time like 19:30")
    hour, minute = int(hours), int(minutes_text or 0)
    if suffix is None:
        if not separator:
            return None  # a bare number is title
        if minute > 59 or hour > 24 or (hour == 24 and minute):
            raise TimeWordError(f"{word!r} is not a time of day (00:00 to 24:00)")
        return hour * 60 + minute  # 24:00 is read here; only an end may be it
    if not 1 <= hour <= 12 or minute > 59:
        raise TimeWordError(f"{word!r} is not a time of day (1 to 12 with am or pm)")
    return (hour % 12 + (12 if suffix == "pm" else 0)) * 60 + minute


def hour_clock(word: str) -> int | None:
    """Minutes of "19h" or "12h30" read as a time of day; None for any other word, and
    for an hour past 23 or minutes past 59 (a length then, or refused as one)."""
    match = re.match(_HOUR_CLOCK, word)
    if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        return None
    return int(match.group(1)) * 60 + int(match.group(2) or 0)


def lone_hour_clock(word: str) -> int | None:
    """Minutes of "19h" or "21h30" standing alone, with no word to say it is a time:
    only an hour from 13 on, as no one plans a length like that; "2h" and "10h" are
    lengths unless a time must stand there (after "at", in a range, as an end)."""
    minutes = hour_clock(word)
    return minutes if minutes is not None and minutes >= 13 * 60 else None


def _names_a_clock(word: str, nxt: str) -> bool:
    """Whether a word (with the one after it) is a time of day in another shape:
    "19:00", "7pm", "10 am", "noon", "19:00-21:00", "(7pm)", "19h"."""
    if _is_clock_word(word) or lone_hour_clock(word) is not None:
        return True
    for part in re.split(r"[-–]", word.strip("(),.!?;")):
        if not _clock_shaped(part):
            continue
        try:
            if _clock(part) is not None:
                return True
        except TimeWordError:
            return True  # "25:00" is a time refused, not a title
    return word.isascii() and word.isdigit() and nxt in ("am", "pm", "a.m.", "p.m.")


_TOO_MANY = 10**9  # more days, weeks or minutes than any rule here takes


def _bounded(digits: str) -> int:
    """The number the digits write, or _TOO_MANY for more digits than any count here
    has: the rule then refuses it with its own message ("beyond the calendar", "a
    length between …"), where int() would stop at 4,300 digits with a traceback and
    float() would give an infinity."""
    return int(digits) if len(digits) <= 9 else _TOO_MANY


def _length(word: str, longest: int = MINUTES_PER_DAY) -> int | None:
    match = re.match(_LENGTH, word)
    if not match:
        return None
    hours, _unit, minutes, only_minutes, _minute_unit = match.groups()
    if only_minutes is not None:
        total = _bounded(only_minutes)
    else:
        if minutes is not None and _bounded(minutes) > 59:
            raise TimeWordError(f"{word!r}: minutes after the hours go up to 59")
        whole = re.split(r"[.,]", hours)[0]
        total = _TOO_MANY if len(whole) > 9 else round(float(hours.replace(",", ".")) * 60) + int(minutes or 0)
    return _checked_length(word, total, longest)


def _checked_length(word: str, minutes: int, longest: int = MINUTES_PER_DAY) -> int:
    if not 0 < minutes <= longest:
        raise TimeWordError(f"{word!r}: a length between 1 minute and {longest // 60} hours, please")
    return minutes


def _calendar_day(word: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise TimeWordError(f"{word!r} is not a date: there is no month {month} (day first, like 31/12)")
    try:
        found = date(year, month, day)
    except ValueError:
        raise TimeWordError(f"{word!r} is not a date in the calendar") from None
    if not plannable(found):
        raise TimeWordError(f"{word!r}: give {YEARS_HELP}")
    return found


def _next_date(word: str, month: int, day: int, year: int | None, today: date) -> date:
    """The day with that month and day: in `year`, or the next one from today on."""
    if year is not None:
        return _calendar_day(word, year, month, day)
    for candidate_year in range(today.year, today.year + 9):  # 29 February comes back within 8 years
        try:
            found = date(candidate_year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    raise TimeWordError(f"{word!r} is not a date in the calendar")


def _full_year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _numeric_date(word: str, today: date) -> date | None:
    if match := re.match(_ISO_DATE, word) or re.match(_YEAR_FIRST_SLASH, word):
        return _calendar_day(word, *(int(part) for part in match.groups()))
    if match := re.match(_SLASH_DATE, word) or re.match(_DOT_DATE, word) or re.match(_DASH_DATE, word):
        day, month, year = match.groups()
        if not 1 <= int(month) <= 12:
            raise TimeWordError(f"{word!r} is not a date: there is no month {int(month)} (day first, like 31/12)")
        return _next_date(word, int(month), int(day), None if year is None else _full_year(year), today)
    return None


def _shifted(word: str, today: date, days: int) -> date:
    try:
        found = today + timedelta(days=days)
    except OverflowError:
        found = date.max
    if not plannable(found):
        raise TimeWordError(f"{word!r} is beyond the calendar ({YEARS_HELP})")
    return found


def _weekday_word(word: str, weekdays: _NamesRead | dict[str, int] = WEEKDAYS) -> int | None:
    return weekdays.get(word.rstrip("."))


class _NamesRead:
    """The month or weekday names a reading knows: English's, and the language's
    besides (`language_names`, which loads them from babel's data), asked only for a
    word that could be one of them (`_may_name`): a text of digits and English words,
    like 2026-W48, loads none.  English's win where the two share a name, and a name
    of the language that is an English word or a count of words stays a title's word
    whatever the planner's language.  The one place the two are combined."""

    def __init__(self, english: dict[str, int], language_names: Callable[[], dict[str, int]]) -> None:
        self.english = english
        self.language_names = language_names

    def get(self, word: str) -> int | None:
        found = self.english.get(word)
        if found is not None or not _may_name(word):
            return found
        return self.language_names().get(word)


def _may_name(word: str) -> bool:
    """Whether a word could be another language's name of a month or day: one with a
    letter (the empty word past the end has none), no digit, and not an English word
    or a count of words (ENGLISH_WORDS, _COUNT_WORDS)."""
    stem = word.rstrip(".")
    return (
        any(char.isalpha() for char in stem)
        and not any(char.isdigit() for char in stem)
        and stem not in ENGLISH_WORDS
        and stem not in _COUNT_WORDS
    )


# Counts in words, read where a count is followed by its unit ("in two weeks", "for
# two hours", "every two weeks"), as "in a week" and "for an hour" are: left in the
# title there, they put the entry on today or made it an hour long without a word.
# Bare, without "in", "for" or "every", they are title: "Two Minute Drill", "Sixty
# Minutes" and "seven minutes in heaven" are names, not lengths.
_COUNT_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}


def _count(word: str) -> int | None:
    """A count written in digits ("2") or in a word ("two"); None for anything else."""
    if word.isascii() and word.isdigit():
        return _bounded(word)
    return _COUNT_WORDS.get(word)


# -- the scanner ------------------------------------------------------------------------


def _ranges_in_a_day(first: int, last: int) -> list[tuple[int, int]]:
    """The hours a bare range like "7-9" or "9-5" can mean within one day and at most
    twelve hours long: an hour from 1 to 12 in the morning or the afternoon, a later
    one as it is, and 12 as an end also midnight."""

    def hours(hour: int) -> set[int]:
        return {hour % 12, hour % 12 + 12} if 1 <= hour <= 12 else {hour}

    ends = hours(last) | ({24} if last == 12 else set())
    return sorted((start, end) for start in hours(first) for end in ends if 0 <= start < end <= min(24, start + 12))


class Scanner:
    """Walks the tokens once, taking the longest phrase of time at each place.
    `first_weekday` (0 = Monday) is the first day of the planner's week, the week that
    "this fri" and "next tue" name; `language` the one its names are shown in, whose
    month and full weekday names are read besides English's.  Without `hour_clocks`
    (a field that takes only a length) "19h" and "1h30" are always lengths.  Without
    `titled` (a field of time words only, like a date field) no word is left to a
    title for want of a time after it: "end of month fri" is two days there."""

    def __init__(
        self,
        text: str,
        today: date,
        longest: int = MINUTES_PER_DAY,
        *,
        first_weekday: int = 0,
        language: str = "",
        hour_clocks: bool = True,
        titled: bool = True,
    ) -> None:
        self.longest = longest  # the longest length the words may say
        self.hour_clocks = hour_clocks  # whether "19h" may be a time (not in a length field)
        self.months = _NamesRead(MONTHS, lambda: names_to_read(language)[0])
        self.weekdays = _NamesRead(WEEKDAYS, lambda: names_to_read(language)[1])
        self.tokens = _tokens(text)
        self.today = today
        self.first_weekday = first_weekday
        self.reading = Reading()
        self.at = 0
        self.clock_from: list[bool] | None = None  # see clock_follows
        self.titled = titled
        self.period_ends = True  # whether "end of month" may be a day (see run)
        self.period_ends_read = 0

    def weekday_of(self, word: str) -> int | None:
        return _weekday_word(word, self.weekdays)

    def month_of(self, word: str) -> int | None:
        """The month a word names: "dez." as typed (another language's short name is
        read only with its dot), or without its dot ("dezember.", "dec.")."""
        month = self.months.get(word)
        return month if month is not None else self.months.get(word.rstrip("."))

    def beside_a_time_word(self) -> bool:
        """Whether the word before or after the current one holds a digit or names a
        time: another language's weekday is read only there ("Freitag 19:00", not
        "Domingo concert" or "rapat minggu depan")."""
        around = [self.tokens[index] for index in (self.at - 1, self.at + 1) if 0 <= index < len(self.tokens)]
        return any(
            not token.quoted and (any(char.isdigit() for char in token.word) or _is_clock_word(token.word))
            for token in around
        )

    def ends_the_phrase(self, offset: int) -> bool:
        """Whether the token at `offset` ends a phrase rather than going on with a
        name: none, a quoted title, a category, a word with a digit or of a time, or
        one that leads to a time ("at", "from").  In a field of time words only,
        every token does."""
        index = self.at + offset
        if not self.titled or index >= len(self.tokens) or self.tokens[index].quoted:
            return True
        word = self.tokens[index].word
        if word in ("at", "from") or word.startswith("#"):
            return True
        return any(char.isdigit() for char in word) or _is_clock_word(word)

    def day_list(self, offset: int) -> tuple[int, ...] | None:
        return _day_list(self.tokens[self.at + offset].text, self.word(offset), self.weekdays)

    def word(self, offset: int = 0) -> str:
        index = self.at + offset
        if index >= len(self.tokens) or self.tokens[index].quoted:
            return ""
        return self.tokens[index].word

    def said(self, count: int) -> str:
        return " ".join(t.text for t in self.tokens[self.at : self.at + count]).rstrip(",;")

    def run(self) -> Reading:
        """What the line says.  "end of month" is a day only when it is the line's one
        day: beside another ("fri 19:00 end of year party") it is the title's words,
        so the line is read again with them as title."""
        self.scan()
        others = len(self.reading.days) - self.period_ends_read
        if self.titled and self.period_ends_read and (others or self.reading.day_sets or self.reading.weeks):
            self.period_ends, self.reading, self.at = False, Reading(), 0
            self.scan()
        return self.reading

    def scan(self) -> None:
        while self.at < len(self.tokens):
            token = self.tokens[self.at]
            if token.quoted:
                self.reading.title.append(token.text)  # quoted: taken as it is
                self.at += 1
                continue
            taken = self.step()
            if taken == 0:
                self.title_word(token)
                taken = 1
            self.at += taken

    def title_word(self, token: _Token) -> None:
        word = token.word
        if any(re.search(shape, word) for shape in _TIMELIKE):
            raise TimeWordError(f"{token.text!r} looks like a date or a time but is not one I can read")
        if re.match(_BARE_RANGE, word):
            first, last = (int(part) for part in re.split(r"[-–]", word))
            readings = " or ".join(f"{start:02d}:00-{end:02d}:00" for start, end in _ranges_in_a_day(first, last))
            if not readings:
                said = "looks like a range of hours but is not one in a day"
            elif " or " in readings:
                said = f"could be morning or evening: write {readings}"
            else:
                said = f"has no {'minutes' if first > 12 else 'am or pm'}: write {readings}"
            raise TimeWordError(f"{token.text!r} {said} (or put the title in quotes)")
        self.reading.title.append(token.text)

    def step(self) -> int:
        """How many tokens a phrase of time at this place takes (0: none)."""
        word = self.word()
        if word.startswith("#"):
            if len(word) == 1:
                raise TimeWordError("a lone '#': write the category right after it, like #friends")
            self.reading.categories.append(self.tokens[self.at].text.rstrip(",;")[1:])
            return 1
        for reader in (self.day_set, self.week, self.day, self.time, self.length):
            taken = reader()
            if taken:
                return taken
        if word in ("and", "&") and self.reading.weekdays and self.weekday_of(self.word(1)) is not None:
            return 1  # "tue and thu"
        return 0

    # -- days -------------------------------------------------------------------------

    def add_day(self, count: int, day: date) -> int:
        self.reading.days.append((self.said(count), day))
        return count

    def day(self) -> int:
        word, today = self.word(), self.today
        simple = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "yesterday": -1}
        if word in simple:
            return self.add_day(1, today + timedelta(days=simple[word]))
        if word == "day" and self.word(1) == "after" and self.word(2) == "tomorrow":
            return self.add_day(3, today + timedelta(days=2))
        if word in ("end", "at", "by", "on") and (taken := self.period_end()):
            return taken
        if word == "on" and (taken := self.after_connector()):
            return taken
        weekday = self.weekday_of(word)
        if weekday is not None and (word.rstrip(".") in WEEKDAYS or self.beside_a_time_word()):
            self.reading.weekdays.append((self.said(1), weekday, len(self.reading.days)))
            return self.add_day(1, coming_weekday(today, weekday))
        if word in ("this", "next", "last", "coming") and (weekday := self.weekday_of(self.word(1))) is not None:
            this = view_start(today, self.first_weekday) + timedelta(days=(weekday - self.first_weekday) % 7)
            found = {
                "this": this,
                "coming": coming_weekday(today, weekday),
                "next": this + timedelta(days=7),
                "last": today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1),
            }[word]
            return self.add_day(2, found)
        if word in ("this", "next", "coming", "last") and self.word(1) in ("weekend", "weekends"):
            raise TimeWordError(f"{self.said(2)!r} is two days: give one, like sat or sun")
        if word in ("next", "last", "this") and self.word(1) == "week":
            return self.add_day(2, today + timedelta(days={"next": 7, "last": -7, "this": 0}[word]))
        if word == "in" and (taken := self.in_some_days()):
            return taken
        # "+2" alone (in go to) is two weeks; in a longer line it needs its unit, joined
        # or as the next word ("+2d", "+2 days"), so that a title's "+1" (a guest) stays
        # in the title.
        for taken in (1, 2, 3) if word[:1] in ("+", "-") else ():
            joined = "".join(self.word(offset) for offset in range(taken))
            if taken > 1 and not self.word(taken - 1):
                break
            if taken == 3 and word not in ("+", "-"):
                break  # "+ 2 days" only: "+2 days" is read at two
            match = re.match(_SHIFT, joined)
            if match and (match.group(3) or len(self.tokens) == 1):
                sign, count, unit = match.groups()
                days = _bounded(count) * (1 if (unit or "w").startswith("d") else 7)
                return self.add_day(taken, _shifted(self.said(taken), today, days if sign == "+" else -days))
        found = _numeric_date(word, today)
        if found is not None:
            return self.add_day(1, found)
        return self.named_month()

    def after_connector(self) -> int:
        """'on fri', 'on 24 dec': the connector goes with the day after it."""
        self.at += 1
        try:
            before = len(self.reading.days)
            taken = self.day() if self.word() else 0
            if taken and len(self.reading.days) > before:
                words, day = self.reading.days[-1]
                self.reading.days[-1] = ("on " + words, day)
        finally:
            self.at -= 1
        return taken + 1 if taken else 0

    def period_end(self) -> int:
        """ "end of week", "end of the month", "end of year": the last day of the
        planner's week (from first_weekday), of this month or of this year.  Before a
        word of the title the words are that title's ("end of year party"), as a
        person names a thing so; at the end of the line, or before a time or a
        category ("pay rent end of month 10:00"), they are the day.  A connector
        before them goes with them ("meeting at the end of the week", "report due
        by end of month"), so that it is not left dangling at the title's end."""
        lead = 0
        if self.word() in ("at", "by", "on"):
            lead = 2 if self.word(1) == "the" else 1
        the = 1 if self.word(lead + 2) == "the" else 0
        period = self.word(lead + 2 + the).rstrip(".!?:")
        if not self.period_ends or self.word(lead) != "end" or self.word(lead + 1) != "of":
            return 0
        if period not in ("week", "month", "year"):
            return 0
        closed = self.tokens[self.at + lead + 2 + the].text[-1:] in ",;:.!?"  # "end of month, pay rent"
        if not closed and not self.ends_the_phrase(lead + 3 + the):
            return 0
        today = self.today
        if period == "week":
            last = view_start(today, self.first_weekday) + timedelta(days=6)
        elif period == "month":
            last = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        else:
            last = today.replace(month=12, day=31)
        self.period_ends_read += 1
        return self.add_day(lead + 3 + the, last)

    def in_some_days(self) -> int:
        count, unit = self.word(1), self.word(2)
        number = 1 if count in ("a", "an") else _count(count)
        if number is None:
            if re.match(r"^[+-]\d", count) and unit in ("day", "days", "week", "weeks", "wk", "wks"):
                raise TimeWordError(f"{self.said(3)!r}: in counts from today on; -1d is the day before")
            return 0
        if unit in ("day", "days"):
            return self.add_day(3, _shifted(self.said(3), self.today, number))
        if unit in ("week", "weeks", "wk", "wks"):
            return self.add_day(3, _shifted(self.said(3), self.today, 7 * number))
        return 0

    def named_month(self) -> int:
        """'31 dec', '31st of december 2026', 'dec 31', 'dec 31st, 2026'."""
        word = self.word()
        day_match = re.match(_DAY_OF_MONTH, word)
        if day_match:
            offset = 2 if self.word(1) == "of" else 1
            month = self.month_of(self.word(offset))
            # "24." is German's way, before another language's month alone: an English
            # "Top 10. May" is a title
            german_dot = day_match.group(2) == "."
            if month is None or (german_dot and (offset == 2 or self.word(offset).rstrip(".") in MONTHS)):
                return 0
            return self.month_day(offset + 1, month, int(day_match.group(1)))
        # the month first is English's order: "Juni 10 Teilnehmer" is a title
        month = MONTHS.get(word.rstrip("."))
        if month is None:
            return 0
        day_match = re.match(_DAY_OF_MONTH, self.word(1))
        if day_match and day_match.group(2) != ".":
            return self.month_day(2, month, int(day_match.group(1)))
        if re.match(_YEAR, self.word(1)):
            raise TimeWordError(f"{self.said(2)!r}: which day? like 15 {self.said(1)} {self.word(1)}")
        return 0

    def month_day(self, taken: int, month: int, day: int) -> int:
        year = None
        if re.match(_YEAR, self.word(taken)):
            year = int(self.word(taken))
            taken += 1
        words = self.said(taken)
        return self.add_day(taken, _next_date(words, month, day, year, self.today))

    # -- day sets and weeks -------------------------------------------------------------

    def add_set(self, count: int, days: tuple[int, ...], interval: int = 1) -> int:
        self.reading.day_sets.append((self.said(count), DaySet(tuple(sorted(set(days))), interval)))
        return count

    def day_set(self) -> int:
        word = self.word()
        if word in DAY_GROUPS:
            return self.add_set(1, DAY_GROUPS[word])
        if word in PLURAL_WEEKDAYS:
            return self.add_set(1, (PLURAL_WEEKDAYS[word],))
        if word == "every":
            return self.every()
        if re.match(_DAY_LIST, word) and (days := self.day_list(0)) is not None:
            return self.add_set(1, days)
        return 0

    def every(self) -> int:
        nxt, interval, taken = self.word(1), 1, 1
        if nxt in ("other", "second"):
            interval, taken = 2, 2
        elif (count := _count(nxt)) is not None and self.word(2) in ("weeks", "wks"):
            interval = count
            if not 1 <= interval <= MAX_WEEKS_APART:
                raise TimeWordError(f"{self.said(3)!r}: every 1 to {MAX_WEEKS_APART} weeks")
            return self.every_weeks(3, interval)
        what = self.word(taken)
        if what in ("day", "days") and interval == 1:
            return self.add_set(taken + 1, tuple(range(7)))
        if what == "week" and interval == 2:
            return self.every_weeks(taken + 1, 2)
        weekday = self.weekday_of(what)
        if weekday is None:
            weekday = PLURAL_WEEKDAYS.get(what)
        if weekday is not None:
            return self.add_set(taken + 1, (weekday,), interval)
        if what in DAY_GROUPS:
            return self.add_set(taken + 1, DAY_GROUPS[what], interval)
        if re.match(_DAY_LIST, what) and (days := self.day_list(taken)) is not None:
            return self.add_set(taken + 1, days, interval)
        return 0

    def every_weeks(self, taken: int, interval: int) -> int:
        """'every 2 weeks', 'every other week': the days come from the other words."""
        self.reading.day_sets.append((self.said(taken), DaySet((), interval)))
        return taken

    def week(self) -> int:
        word = self.word()
        if match := re.match(_WEEK, word):
            year, number = match.groups()
            taken = 1
        elif word == "week" and self.word(1).isascii() and self.word(1).isdigit():
            year, number, taken = None, self.word(1), 2
        else:
            return 0
        week_year = int(year) if year else self.nearest_week_year(_bounded(number))
        try:
            # (a week of 3000 can still begin in 2999: its Monday decides, as for a date)
            monday = IsoWeek(week_year, _bounded(number)).monday if FIRST_YEAR <= week_year <= LAST_YEAR + 1 else None
        except ValueError as exc:
            raise TimeWordError(f"{self.said(taken)!r}: {exc}") from None
        if monday is None or not plannable(monday):
            raise TimeWordError(f"{self.said(taken)!r}: give {YEARS_HELP}")
        self.reading.weeks.append((self.said(taken), monday))
        return taken

    def nearest_week_year(self, number: int) -> int:
        """The year of the week `number` nearest to today: this ISO year's, or at the
        year's turn the next or last one's ("w1" on 30 December is the coming week,
        "w53" on 4 January the one just gone), as a date without a year is the next."""
        this_year = IsoWeek.of(self.today).year
        found: list[tuple[int, int]] = []
        for year in (this_year - 1, this_year, this_year + 1):
            try:
                found.append((abs((IsoWeek(year, number).monday - self.today).days), year))
            except ValueError:
                continue  # no such week that year (or beyond the calendar)
        return min(found)[1] if found else this_year  # none: the error names this year's weeks

    # -- times and lengths --------------------------------------------------------------

    def add_time(self, count: int, minutes: int, role: str = "") -> int:
        self.reading.times.append((self.said(count), minutes, role))
        return count

    def time(self) -> int:
        word, nxt = self.word(), self.word(1)
        if word in ("at", "from") and (taken := self.time_after(1, "start")):
            return taken
        if word in ("until", "till", "til", "to", "-", "–") and (taken := self.time_after(1, "end")):
            return taken
        if word == "at" and (bare := re.match(_DAY_OF_MONTH, nxt)) and not bare.group(2):
            hour = int(bare.group(1))
            if 13 <= hour <= 23 or hour == 0:
                return self.add_time(2, hour * 60, "start")
            if 5 <= hour <= 11 and any(token.word == "tonight" for token in self.tokens if not token.quoted):
                return self.add_time(2, (hour + 12) * 60, "start")  # "tonight at 7" is the evening
            raise TimeWordError(f"{self.said(2)!r} could be morning or evening: write {hour:02d}:00 or {hour}pm")
        if any(sep in word.strip("-–") for sep in "-–") and (taken := self.range_word(word)):
            return taken
        # "7 - 9pm", "7 to 9pm", "19h - 21h30": a range over three words
        ends = self.word(2)
        if self.word(1) in ("-", "–", "to", "until", "till") and (_clock_shaped(ends) or hour_clock(ends) is not None):
            try:
                if taken := self.range_word(f"{word}-{self.word(2)}", count=3):
                    return taken
            except TimeWordError:
                pass  # each time is read (or refused) on its own below
        return self.clock_words(0, "")

    def time_after(self, offset: int, role: str) -> int:
        self.at += offset
        try:
            taken = self.clock_words(0, role) or (
                self.range_word(self.word()) if any(s in self.word() for s in "-–") else 0
            )
        finally:
            self.at -= offset
        if taken:
            _words, minutes, said_role = self.reading.times[-1]
            self.reading.times[-1] = (self.said(offset + taken), minutes, said_role or role)
        return offset + taken if taken else 0

    def clock_words(self, offset: int, role: str) -> int:
        """'19:00', '7pm', and '11:00 PM' (the meridiem as the next word)."""
        word = self.word(offset)
        nxt = self.word(offset + 1)
        # A lone "a" or "p" after a number is a word of the title ("5 a side").
        if nxt in ("am", "pm", "a.m.", "p.m.") and _clock_shaped(word) and _suffix(word) is None:
            minutes = _clock(word + nxt)
            if minutes is not None:
                return self.add_time(offset + 2, minutes, role)
        minutes = _clock(word)
        if minutes is None and word[-1:] in (".", "!", "?", ")"):
            minutes = _clock(word.rstrip(".!?)"))  # "dinner at 7pm."
        if minutes is None:
            minutes = self.hour_clock_at(offset, role)
        if minutes is None:
            return 0
        return self.add_time(offset + 1, minutes, role)

    def hour_clock_at(self, offset: int, role: str) -> int | None:
        """ "19h", "12h30" as a time of day: as the end of a range, after "at" or "from",
        or alone when it can be no length (lone_hour_clock) and no other time of day is
        before or after it in the line ("19:00 2h" and "2h fri 19:00" are lengths)."""
        if not self.hour_clocks:
            return None
        word = self.word(offset)
        minutes = hour_clock(word) if role else lone_hour_clock(word)
        if minutes is None:
            return None
        if role != "end" and (self.reading.times or (not role and self.clock_follows(offset + 1))):
            return None
        try:
            if self.minutes_after(offset + 1)[1]:
                return None  # "1h 30", "2h 15 min": a length, with its minutes
        except TimeWordError:
            return None  # "2h 90m": the length refuses it
        return minutes

    def clock_follows(self, offset: int) -> bool:
        """Whether a word from `offset` on names a time of day, worked out once a scan."""
        if self.clock_from is None:
            self.clock_from = self.clock_positions()
        return self.clock_from[min(self.at + offset, len(self.tokens))]

    def clock_positions(self) -> list[bool]:
        """For each token index, whether that token or a later one names a time of day."""
        unquoted = [index for index, token in enumerate(self.tokens) if not token.quoted]
        clock_from = [False] * (len(self.tokens) + 1)
        for place, index in enumerate(unquoted):
            nxt = self.tokens[unquoted[place + 1]].word if place + 1 < len(unquoted) else ""
            clock_from[index] = _names_a_clock(self.tokens[index].word, nxt)
        for index in range(len(self.tokens) - 1, -1, -1):
            clock_from[index] = clock_from[index] or clock_from[index + 1]
        return clock_from

    def range_word(self, word: str, count: int = 1) -> int:
        """'19:00-21:00', '7pm-9pm', '7-9pm', '11am-1pm' as one start and one end."""
        parts = re.split(r"[-–]", word)
        if len(parts) != 2 or not all(parts):
            return 0
        first, second = parts
        first_suffix, second_suffix = _suffix(first), _suffix(second)
        hours = self.hour_clocks and hour_clock(first) is not None and hour_clock(second) is not None
        plain = first_suffix is None and second_suffix is None and ":" not in word and not hours
        if plain and not all(_is_clock_word(p) for p in parts):
            return 0
        try:
            end = _clock(second, meridiem=first_suffix)
            start = _clock(first, meridiem=second_suffix)
            if hours:  # "19h-21h", "12h30-14h"
                start, end = hour_clock(first), hour_clock(second)
            if end is not None and start is not None and second_suffix and not first_suffix and start >= end:
                start = _clock(first, meridiem="am")  # "11-1pm" is 11am to 1pm
        except TimeWordError:
            if _clock_shaped(first) and _clock_shaped(second):
                raise
            return 0
        if start is None or end is None:
            if _clock_shaped(first) and _clock_shaped(second) and (first_suffix or second_suffix or ":" in word):
                raise TimeWordError(f"{self.said(count)!r} is not a time range like 19:00-21:00 or 7pm-9pm")
            return 0
        said = self.said(count)
        self.reading.times.append((said, start, "start"))
        self.reading.times.append((said, end, "end"))
        return count

    def length(self) -> int:
        word, nxt = self.word(), self.word(1)
        if word == "for" and nxt and (taken := self.length_at(1)):
            words, minutes = self.reading.lengths[-1]
            self.reading.lengths[-1] = ("for " + words, minutes)
            return taken
        return self.length_at(0)

    def length_at(self, offset: int) -> int:
        word, nxt = self.word(offset), self.word(offset + 1)
        minutes: int | None = None
        taken = 0
        if word in ("an", "a", "one") and nxt == "hour":
            minutes, taken = 60, 2
        elif word == "half" and nxt == "an" and self.word(offset + 2) == "hour":
            minutes, taken = 30, 3
        elif re.match(_NUMBER, word) and re.match(_LENGTH_UNIT, nxt):
            minutes, taken = _length(word + nxt, self.longest), 2
        elif offset == 1 and word in _COUNT_WORDS and re.match(_LENGTH_UNIT, nxt):  # after "for" only
            minutes, taken = _length(f"{_COUNT_WORDS[word]}{nxt}", self.longest), 2
        elif (minutes := _length(word, self.longest)) is not None:
            taken = 1
        if minutes is None:
            return 0
        if re.search(_WHOLE_HOURS, self.word(offset + taken - 1)):
            more, count = self.minutes_after(offset + taken)
            minutes += more
            taken += count
        said = " ".join(t.text for t in self.tokens[self.at + offset : self.at + offset + taken]).rstrip(",;")
        self.reading.lengths.append((said, _checked_length(said, minutes, self.longest)))
        return offset + taken

    def minutes_after(self, offset: int) -> tuple[int, int]:
        """The minutes that follow whole hours ("1h 30m", "1h 30", "2 hours 15 min") and
        how many words they take."""
        word, unit = self.word(offset), self.word(offset + 1)
        if re.match(_MINUTES_WORD, word):
            minutes, count = _bounded(re.sub(r"\D", "", word)), 1
        elif word.isascii() and word.isdigit() and re.match(_MINUTES_UNIT, unit):
            minutes, count = _bounded(word), 2
        elif word.isascii() and word.isdigit() and len(word) == 2 and self.bare_minutes_may_follow(offset):
            minutes, count = int(word), 1
        else:
            return 0, 0
        if minutes > 59:
            raise TimeWordError(f"{self.said(offset + count)!r}: minutes after the hours go up to 59")
        return minutes, count

    def bare_minutes_may_follow(self, offset: int) -> bool:
        """Whether a bare number after hours is their minutes: only right after a short
        "1h", and not when it is a day of a month or an hour ("1h 24 dec", "2h 10 am")."""
        after = self.word(offset + 1)
        taken_elsewhere = self.month_of(after) is not None or after.rstrip(".") in ("of", "am", "pm", "a.m.", "p.m.")
        return bool(re.match(r"^\d+h$", self.word(offset - 1))) and not taken_elsewhere


def _suffix(part: str) -> str | None:
    match = re.match(_CLOCK, part)
    return _MERIDIEM[match.group(4)] if match and match.group(4) else None


def _is_clock_word(part: str) -> bool:
    return part in ("noon", "midnight", "midday")


def _clock_shaped(part: str) -> bool:
    return bool(re.match(_CLOCK, part)) or _is_clock_word(part)


def _day_list(text: str, word: str, weekdays: _NamesRead) -> tuple[int, ...] | None:
    """'mon,wed,fri', 'Mon/Wed/Fri', 'mon-fri' (a run of days, wrapping past Sunday);
    None when the first part is no day ('t-shirt', 'salt/pepper': title)."""
    parts = re.split(r"[-–]", word) if re.match(r"^[a-z]+[-–][a-z]+$", word) else re.split(r"[,/+&]", word)
    if _weekday_word(parts[0], weekdays) is None and parts[0] not in DAY_GROUPS and parts[0] not in PLURAL_WEEKDAYS:
        return None
    if len(parts) == 2 and "," not in word and "/" not in word and "+" not in word and "&" not in word:
        a, b = _weekday_word(parts[0], weekdays), _weekday_word(parts[1], weekdays)
        if a is None or b is None:
            return _not_days(text, parts[1] if a is not None else parts[0])
        return tuple((a + i) % 7 for i in range((b - a) % 7 + 1))
    days: list[int] = []
    for part in parts:
        if part in DAY_GROUPS:
            days.extend(DAY_GROUPS[part])
            continue
        weekday = _weekday_word(part, weekdays)
        if weekday is None:
            weekday = PLURAL_WEEKDAYS.get(part)
        if weekday is None:
            return _not_days(text, part)
        days.append(weekday)
    return tuple(days)


def _not_days(text: str, part: str) -> tuple[int, ...]:
    raise TimeWordError(f"{part!r} in {text!r} is not a day like mon, tuesday, weekdays or daily")
