"""Records as readers get them: plain JSON values."""

from __future__ import annotations

from storyline.browse.records import plain, plain_all
from storyline.model import Event


def test_records_made_plain_at_once_are_each_made_plain() -> None:
    events = [
        Event("e1", "Talks in Sochi", ["a", "b"], None, ("2021-09-01", "2021-09-09")),
        Event("e2", "A forum speech", ["c"], "2022-06-30", summary=[{"text": "x", "start": 0}]),
    ]
    made = plain_all(events)
    assert made == [plain(event) for event in events]
    assert made[0]["date_range"] == ["2021-09-01", "2021-09-09"]  # a list, as JSON reads back
    assert plain_all(iter(events)) == made and plain_all([]) == []
