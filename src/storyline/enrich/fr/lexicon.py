"""French words for speech cues, titles, dates and amounts."""

from __future__ import annotations

import re

from storyline.enrich.multilingual.lexicon import Lexicon, NumberWords
from storyline.enrich.multilingual.times import TimeWords, build_rules

TIME_WORDS = TimeWords(
    months={
        "janvier": 1, "janv.": 1, "février": 2, "fevrier": 2, "févr.": 2, "mars": 3,
        "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "juil.": 7, "août": 8, "aout": 8,
        "septembre": 9, "sept.": 9, "octobre": 10, "oct.": 10, "novembre": 11, "nov.": 11,
        "décembre": 12, "decembre": 12, "déc.": 12,
    },
    weekdays={
        "lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6,
        "dimanche": 7,
    },
    weekday_before={"le|ce": "tense"},
    weekday_after={"dernier": "before", "prochain": "after"},
    days={"hier": -1, "aujourd'hui": 0, "aujourd’hui": 0, "demain": 1, "avant-hier": -2,
          "après-demain": 2},  # fmt: skip
    relative={
        r"l['’]an(?:née)?\s+derni(?:er|ère)|l['’]an(?:née)?\s+passée?": ("year", -1),
        r"cette\s+année": ("year", 0),
        r"l['’]an(?:née)?\s+prochaine?": ("year", 1),
        r"la\s+semaine\s+(?:dernière|passée)": ("week", -1), r"cette\s+semaine": ("week", 0),
        r"la\s+semaine\s+prochaine": ("week", 1),
        r"le\s+mois\s+(?:dernier|passé)": ("month", -1), r"ce\s+mois(?:-ci)?": ("month", 0),
        r"le\s+mois\s+prochain": ("month", 1),
    },
    units={
        "an": "year", "ans": "year", "année": "year", "années": "year", "mois": "month",
        "semaine": "week", "semaines": "week", "jour": "day", "jours": "day", "heure": "hour",
        "heures": "hour",
    },
    numbers={
        "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
        "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
        "trente": 30,
    },
    ago=r"il\s+y\s+a\s+{amount}\s+{unit}",
    later=r"dans\s+{amount}\s+{unit}",
    year_before=r"(?:en|depuis|dès|jusqu['’]en|début|fin)",
    month_before=r"(?:en|début|fin|depuis|mi-)",
    day_suffix=r"(?:er)?",
)

NUMBER_WORDS = NumberWords(
    scales={
        "mille": 1e3, "million": 1e6, "millions": 1e6, "md": 1e9, "mds": 1e9, "milliard": 1e9,
        "milliards": 1e9, "billion": 1e12, "billions": 1e12,
    },
    currencies_after={
        "euros": "EUR", "euro": "EUR", "dollars": "USD", "dollar": "USD",
        "dollars américains": "USD", "francs suisses": "CHF", "franc suisse": "CHF",
        "livres sterling": "GBP", "livres": "GBP", "roubles": "RUB", "rouble": "RUB",
        "yuans": "CNY", "yens": "JPY",
    },
    percent=("pour cent", "pourcent", "pour-cent"),
)

LEXICON = Lexicon(
    code="fr",
    speech_lemmas=frozenset(
        "dire déclarer affirmer ajouter expliquer souligner estimer annoncer indiquer "
        "préciser assurer confier répondre écrire rappeler insister lancer poursuivre "
        "conclure avertir marteler dénoncer reconnaître admettre promettre confirmer "
        "commenter juger regretter raconter prévenir déplorer".split()
    ),
    according=("selon", "d'après", "d’après", "aux dires de"),
    complementizers=frozenset({"que"}),
    titles=frozenset(
        "président présidente m. mme mlle ministre premier chancelier chancelière "
        "dirigeant dirigeante chef porte-parole maire secrétaire général générale député "
        "députée sénateur sénatrice ambassadeur ambassadrice pape roi reine prince princesse "
        "dictateur leader candidat candidate directeur directrice monsieur madame docteur "
        "professeur homologue".split()
    ),
    pronouns=frozenset({"il", "elle"}),
    time_rules=build_rules(TIME_WORDS),
    numbers=NUMBER_WORDS,
    future=re.compile(r"(?i)(?<!\w)(?:va|vont|allons|allez|vais)\s+\w+er(?!\w)"),
)
