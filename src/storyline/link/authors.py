"""Bylines linked to the people the corpus knows: an article's ``authors`` as entities.

A byline names a person ("Andrew Roth"); when the corpus has a PERSON entity of that
name (the reporter quoted or credited elsewhere, a columnist others cite), the byline
links to it. Names are compared as the entity merge compares them
(:func:`storyline.link.aliases.parse_person`: scripts romanised, accents and titles
dropped, transliteration variants keyed alike), and a byline links only on its full
name: the given name must agree, so "Andrew Roth" never links to a "Roth" or to
"Philip Roth". An entity named by a surname alone is no match: which Roth is unknown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from storyline.link.aliases import PersonName, compatible, parse_person
from storyline.model import Entity


class AuthorIndex:
    """The corpus's people by surname key, to find the entity a byline names."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._by_surname: dict[str, list[tuple[PersonName, Entity]]] = defaultdict(list)
        for entity in entities:
            if entity.type != "PERSON":
                continue
            seen: set[PersonName] = set()
            for name in [entity.name, *entity.aliases]:
                person = parse_person(name)
                if person is not None and person.given_level == 2 and person not in seen:
                    seen.add(person)
                    self._by_surname[person.surname].append((person, entity))

    def entity_of(self, author: str) -> str | None:
        """The id of the one PERSON entity ``author`` names in full; None when none
        or several do (two people of one name are not told apart by a byline).

        Example:
            >>> index = AuthorIndex([Entity("e1", "Andrew Roth", "PERSON", ["Roth"]),
            ...                      Entity("e2", "Philip Roth", "PERSON")])
            >>> index.entity_of("ANDREW ROTH"), index.entity_of("Roth")
            ('e1', None)
        """
        byline = parse_person(author)
        if byline is None or byline.given_level < 2:
            return None
        found = {
            entity.id
            for person, entity in self._by_surname.get(byline.surname, [])
            if compatible(byline, person) and person.given_level == 2
        }
        return found.pop() if len(found) == 1 else None

    def links(self, authors: list[str]) -> list[str | None]:
        """Each byline's entity id, in the order of ``authors``."""
        return [self.entity_of(author) for author in authors]
