"""What a temporal expression means before it is placed on the calendar.

A recogniser rule turns its match into a ``Reading``; ``resolve`` later places it
against the publication date or the previous date the text mentioned (the anchor).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from storyline.enrich.timex.periods import Granularity, Period

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Kind = Literal["fixed", "relative", "partial", "weekday", "literal"]
# "dct": the publication date; "anchor": the last date the text mentioned (narrative time).
Base = Literal["dct", "anchor"]
# How a weekday or a yearless date is placed: by the sentence's tense, or forced.
Direction = Literal["tense", "past", "future", "nearest", "before", "after"]


@dataclass(slots=True)
class Reading:
    """One interpretation; which fields matter depends on ``kind``.

    - fixed: ``period`` (a full date, "August 2020", "1991", "the 1990s").
    - relative: the ``granularity`` period of ``base``, moved ``offset`` ``unit``\\ s
      ("last year": dct, year, -1; "three years later": anchor, year, +3).
      With ``instance`` set, the result is ``instance(year of that period)`` ("January
      this year").
    - partial: a period known but for its year (``instance(year)``): "9 August", "in
      January", "the third quarter"; placed by ``direction``.
    - weekday: ``weekday`` (1 = Monday) placed by ``direction``.
    - literal: ``value`` as is (durations, sets, PRESENT_REF, …).
    """

    kind: Kind
    type: TimexType = "DATE"
    period: Period | None = None
    base: Base = "dct"
    granularity: Granularity = "day"
    unit: Granularity | None = None  # the unit ``offset`` counts; the granularity when None
    offset: int = 0
    keep_anchor_granularity: bool = False  # "a year earlier" after "the third quarter": 1988-Q3
    fallback_offset: int = 0  # for an anchor reading with no anchor of its granularity
    instance: Callable[[int], Period] | None = None
    cycle: int = 1  # years between instances of a partial reading (100 for "the nineties")
    weekday: int | None = None
    direction: Direction = "tense"
    value: str | None = None
    suffix: str = ""  # time of day appended to a day value: "TMO", "T10:35"
    part: str | None = None  # early/mid/late/start/end, or before/after the reference
    time_of_day: bool = False  # a clock time or part of day, to join with a day beside it
    anchors: bool = True  # whether later relative expressions may anchor to this one
