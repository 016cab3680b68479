"""Words of English temporal expressions and the regular-expression pieces built from them.

Month and weekday names must be capitalised (or in capitals), as news prints them:
that keeps the modal "may" and the verb "march" out. Other words match in any case.
"""

from __future__ import annotations

from storyline.enrich.numwords import NUMBER, ORDINALS

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
# Abbreviations need their full stop ("Aug.", "Sept."), except the unambiguous four-letter ones.
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7,
}  # fmt: skip
# TimeML season codes; ``values.season_start`` says which months each covers.
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
# TimeML part-of-day codes.
DAY_PARTS = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
    "overnight": "NI", "midday": "MI", "noon": "MI", "midafternoon": "AF", "mid-afternoon": "AF",
    "midmorning": "MO", "mid-morning": "MO",
}  # fmt: skip
# Units of calendar time: TimeML duration letter and the granularity they name.
UNITS = {
    "second": ("S", "second"), "minute": ("M", "minute"), "hour": ("H", "hour"),
    "day": ("D", "day"), "night": ("D", "day"), "week": ("W", "week"),
    "weekend": ("WE", "weekend"), "fortnight": ("W", "week"), "month": ("M", "month"),
    "quarter": ("Q", "quarter"), "year": ("Y", "year"), "decade": ("DE", "decade"),
    "century": ("CE", "century"), "centurie": ("CE", "century"),
}  # fmt: skip
# Vague amounts: the number is unknown, TimeML writes X ("several years" = PXY).
VAGUE = ("a few", "few", "several", "some", "many", "a number of", "a couple of", "couple of")


def _cased(words: list[str]) -> str:
    """Capitalised and upper-case spellings of each word, longest first."""
    forms = {form for word in words for form in (word.capitalize(), word.upper())}
    return "|".join(sorted(forms, key=lambda form: (-len(form), form)))


_FULL_MONTH = _cased(list(MONTHS))
_ABBREVIATION = _cased(list(MONTH_ABBREVIATIONS))
MONTH = rf"(?:(?:{_ABBREVIATION})\.|(?:{_FULL_MONTH})\b|(?:Sept|SEPT)\b)"
WEEKDAY = rf"(?:(?:{_cased(list(WEEKDAYS))})\b|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.)"
WEEKDAY_PLURAL = rf"(?:{_cased([day + 's' for day in WEEKDAYS])})"
DAY_NUMBER = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# "nineteen ninety-six", "two thousand (and) five": years said aloud in broadcast news.
SPOKEN_YEAR = (
    r"(?i:(?:nineteen|eighteen|twenty)\s+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|oh-\w+)"
    r"|two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten))?)"
)
ORDINAL_WORD = "|".join(ORDINALS)
UNIT_WORD = (
    r"(?i:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|"
    r"quarters?|years?|decades?|centur(?:y|ies))"
)
_WHITESPACE = r"\s+"
VAGUE_AMOUNT = "(?i:" + "|".join(word.replace(" ", _WHITESPACE) for word in VAGUE) + ")"
AMOUNT = rf"(?:{NUMBER}|(?i:an?|one|a\s+half))"
# Words that narrow a period without changing its value (TimeML's mod attribute).
PART = r"(?i:early|earlier|mid|middle|late|later|the\s+(?:start|beginning|middle|end)\s+of)"
APPROXIMATELY = (
    r"(?i:about|around|almost|nearly|roughly|approximately|some|more\s+than|less\s+than|"
    r"over|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than|within|only|just)"
)
