"""German words for speech cues, titles, dates and amounts."""

from __future__ import annotations

import re

from storyline.enrich.de.pipeline import TITLES
from storyline.enrich.multilingual.lexicon import Lexicon, NumberWords
from storyline.enrich.multilingual.times import TimeWords, build_rules

_MONTHS = {
    "januar": 1, "jänner": 1, "jan.": 1, "februar": 2, "feber": 2, "feb.": 2, "märz": 3,
    "april": 4, "apr.": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8, "aug.": 8,
    "september": 9, "sept.": 9, "sep.": 9, "oktober": 10, "okt.": 10, "november": 11,
    "nov.": 11, "dezember": 12, "dez.": 12,
}  # fmt: skip

TIME_WORDS = TimeWords(
    months=_MONTHS,
    weekdays={
        "montag": 1, "dienstag": 2, "mittwoch": 3, "donnerstag": 4, "freitag": 5, "samstag": 6,
        "sonnabend": 6, "sonntag": 7,
    },
    weekday_before={
        "am": "tense", "vergangenen|letzten|vorigen|am vergangenen|am letzten": "before",
        "kommenden|nächsten|am kommenden|am nächsten": "after", "diesen|an diesem": "nearest",
    },
    days={"gestern": -1, "heute": 0, "vorgestern": -2, "übermorgen": 2},
    relative={
        r"(?:im\s+)?(?:vergangenen|letzten|vorigen)\s+Jahr|(?:vergangenes|letztes|voriges)\s+Jahr":
            ("year", -1),
        r"(?:in\s+)?diesem\s+Jahr|im\s+laufenden\s+Jahr|dieses\s+Jahr": ("year", 0),
        r"(?:im\s+)?(?:nächsten|kommenden)\s+Jahr|nächstes\s+Jahr": ("year", 1),
        r"(?:in\s+der\s+)?(?:vergangenen|letzten|vorigen)\s+Woche|(?:vergangene|letzte|vorige)\s+Woche":
            ("week", -1),
        r"(?:in\s+)?dieser\s+Woche|diese\s+Woche": ("week", 0),
        r"(?:in\s+der\s+)?(?:nächsten|kommenden)\s+Woche|nächste\s+Woche": ("week", 1),
        r"(?:im\s+)?(?:vergangenen|letzten|vorigen)\s+Monat": ("month", -1),
        r"(?:in\s+)?diesem\s+Monat": ("month", 0),
        r"(?:im\s+)?(?:nächsten|kommenden)\s+Monat": ("month", 1),
    },
    year_relative={
        "(?:des )?(?:vergangenen|letzten|vorigen) jahres": -1,
        "(?:des )?laufenden jahres|dieses jahres": 0, "(?:des )?nächsten jahres": 1,
    },
    units={
        "jahr": "year", "jahre": "year", "jahren": "year", "jahres": "year", "monat": "month",
        "monate": "month", "monaten": "month", "woche": "week", "wochen": "week", "tag": "day",
        "tage": "day", "tagen": "day", "stunde": "hour", "stunden": "hour",
    },
    numbers={
        "ein": 1, "eine": 1, "einem": 1, "einer": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4,
        "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
        "zwölf": 12, "fünfzehn": 15, "zwanzig": 20, "dreißig": 30,
    },
    ago=r"vor\s+{amount}\s+{unit}",
    later=r"in\s+{amount}\s+{unit}",
    year_before=r"(?:im\s+Jahr(?:e)?|seit|bis|Anfang|Ende|Mitte)",
    month_before=r"(?:im|seit|bis|Anfang|Ende|Mitte)",
    day_suffix=r"\.",
)

NUMBER_WORDS = NumberWords(
    scales={
        "tsd.": 1e3, "tausend": 1e3, "mio.": 1e6, "mio": 1e6, "million": 1e6, "millionen": 1e6,
        "mrd.": 1e9, "mrd": 1e9, "milliarde": 1e9, "milliarden": 1e9, "bio.": 1e12,
        "billion": 1e12, "billionen": 1e12,
    },
    currencies_after={
        "euro": "EUR", "eur": "EUR", "us-dollar": "USD", "dollar": "USD", "usd": "USD",
        "franken": "CHF", "schweizer franken": "CHF", "rubel": "RUB", "pfund": "GBP",
        "yen": "JPY", "yuan": "CNY", "złoty": "PLN", "zloty": "PLN", "kronen": "SEK",
        "hrywnja": "UAH",
    },
    percent=("prozent",),
)

LEXICON = Lexicon(
    code="de",
    speech_lemmas=frozenset(
        "sagen erklären betonen mitteilen berichten schreiben meinen warnen ankündigen "
        "fordern kritisieren versichern bestätigen antworten erläutern hinzufügen "
        "unterstreichen behaupten ergänzen zitieren bekräftigen äußern sprechen "
        "verkünden beteuern einräumen zugeben versprechen".split()
    ),
    according=("laut", "nach angaben von", "nach angaben des", "nach angaben der",
               "nach worten von", "wie"),  # fmt: skip
    according_after=("zufolge",),
    complementizers=frozenset({"dass", "daß"}),
    titles=TITLES,
    pronouns=frozenset({"er", "sie"}),
    time_rules=build_rules(TIME_WORDS),
    numbers=NUMBER_WORDS,
    future=re.compile(r"(?i)(?<!\w)(?:werde|wirst|wird|werden|werdet)(?!\w)"),
)
