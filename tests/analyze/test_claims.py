import pytest

from storyline.analyze.claims import ClaimView, compare, group_claims, word_overlap
from storyline.model import Claim


def _claim(cid: str, article: str, kind: str, shown: object, subject: str | None = None,
           **normalized: object) -> Claim:  # fmt: skip
    return Claim(cid, kind, shown, None, article, 0, 1, subject=subject,
                 normalized=normalized or None)  # type: ignore[arg-type]  # fmt: skip


def test_money_in_two_currencies_agrees_once_converted() -> None:
    euros = _claim(
        "a", "x", "money", 1.26e9, "government loan", value=1.26e9, unit="EUR", usd=1.49e9
    )
    dollars = _claim("b", "y", "money", 1.5e9, "loan", value=1.5e9, unit="USD")
    (group,) = group_claims([ClaimView(euros, "s1", None), ClaimView(dollars, "s2", None)])
    assert (group.agreement, sorted(group.claim_ids)) == ("agree", ["a", "b"])


def test_money_far_apart_conflicts() -> None:
    low = _claim("a", "x", "money", 1e9, "loan", value=1e9, unit="USD")
    high = _claim("b", "y", "money", 1.5e9, "loan", value=1.5e9, unit="USD")
    assert compare(low, high) == "conflict"


def test_dates_conflict_when_disjoint_and_agree_when_nested() -> None:
    day = _claim("a", "x", "date", "2020-08-09", "presidential polls", range=["2020-08-09"] * 2)
    other = _claim("b", "y", "date", "2020-08-20", "election", range=["2020-08-20"] * 2)
    month = _claim("c", "z", "date", "2020-08", "election", range=["2020-08-01", "2020-08-31"])
    assert compare(day, other) == "conflict"
    assert compare(day, month) == compare(other, month) == "agree"


def test_counts_of_one_event_group_by_sentence_even_with_other_nouns() -> None:
    programs = _claim("a", "x", "count", 28, "programs", value=28)
    points = _claim("b", "y", "count", 28, "points", value=28)
    views = [
        ClaimView(programs, "The leaders signed agreements on a total of 28 programs on integration.", "e"),
        ClaimView(points, "Both leaders signed an agreement on 28 points of integration.", "e"),
    ]  # fmt: skip
    (group,) = group_claims(views)
    assert group.agreement == "agree"


def test_counts_of_different_events_with_other_nouns_stay_apart() -> None:
    views = [
        ClaimView(_claim("a", "x", "count", 28, "programs", value=28), "They signed 28 programs.", "e1"),
        ClaimView(_claim("b", "y", "count", 3, "points", value=3), "They signed 3 points.", "e2"),
    ]  # fmt: skip
    assert {g.agreement for g in group_claims(views)} == {"single"}


def test_figures_of_one_sentence_are_never_compared() -> None:
    sentence = "Six, seven road maps are left out of 33."
    views = [
        ClaimView(_claim("a", "x", "count", 6, "road maps", value=6), sentence, "e"),
        ClaimView(_claim("b", "x", "count", 33, "road maps", value=33), sentence, "e"),
    ]
    assert len(group_claims(views)) == 2


def test_an_article_contradicting_its_own_date_is_internal() -> None:
    views = [
        ClaimView(_claim("a", "x", "date", "2021", "election", range=["2021-01-01", "2021-12-31"], event="election"),
                  "He won a sixth term last year in a disputed election.", None),
        ClaimView(_claim("b", "x", "date", "2020-08-20", "election victory",
                         range=["2020-08-20", "2020-08-20"], event="election"),
                  "Protesters rallied against his August 20, 2020 election victory.", None),
    ]  # fmt: skip
    (group,) = group_claims(views)
    assert (group.agreement, group.internal) == ("conflict", True)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Putin and Lukashenko signed agreements on 28 programs.", "Both signed an agreement on 28 points, Putin said.", True),
        ("The central bank raised rates by 2 points.", "Parliament passed 2 laws on taxes.", False),
        ("The company cut 500 jobs in its factories.", "The firm will close factories, cutting 500 jobs.", True),
        ("Rain fell for 3 days in the north.", "The minister resigned after 3 days in office.", False),
    ],
)  # fmt: skip
def test_word_overlap_separates_paraphrases_from_unrelated_sentences(
    a: str, b: str, same: bool
) -> None:
    assert (word_overlap(a, b) >= 0.55) is same


def test_the_same_uncommon_count_in_one_event_is_one_fact_however_worded() -> None:
    # The seeds' wordings: their sentences share only "signed" and "agreement".
    programs = _claim("a", "x", "count", 28, "programs", value=28)
    points = _claim("b", "y", "count", 28, "points", value=28)
    states = _claim("c", "x", "count", 2, "states", value=2)
    countries = _claim("d", "y", "count", 2, "countries", value=2)
    views = [
        ClaimView(
            programs,
            "During their virtual meeting, Lukashenko and Putin signed agreements on a total of 28 programs.",
            "e",
        ),
        ClaimView(
            points,
            "So he was sitting in the annexed Crimea when both signed an agreement on 28 points.",
            "e",
        ),
        ClaimView(states, "The Kremlin wants greater integration between the two states.", "e"),
        ClaimView(countries, "Political integration of the two countries was left out.", "e"),
    ]
    groups = {tuple(sorted(g.claim_ids)): g.agreement for g in group_claims(views)}
    assert groups[("a", "b")] == "agree"
    assert ("c", "d") not in groups  # two is too common a figure to tell one fact


@pytest.mark.parametrize("small_block", [40, 0])  # an event's sentences pair by pair, or sparse
def test_grouping_finds_what_comparing_every_pair_finds(
    small_block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Candidate pairs and blocks (same event, same named date, subjects that match) lose
    no pair that ``same_thing`` would join: the groups, their agreement and whether an
    article contradicts itself equal an all-pairs comparison's."""
    import random

    from storyline.analyze import claims
    from storyline.analyze.claims import same_thing

    monkeypatch.setattr(claims, "SMALL_BLOCK", small_block)

    rng = random.Random(7)
    subjects = ["loan", "government loan", "loans", "programs", "points", "tariff", "tarif",
                "oil output", "output of oil", None, "1,000"]  # fmt: skip
    sentences = ["Talks on the loan ended with 28 programs signed.", "Oil output rose.",
                 "The tariff was raised by 5 percent.", "Leaders signed 28 points."]  # fmt: skip
    for _ in range(6):
        views = []
        for number in range(160):
            kind = rng.choice(["money", "count", "percent", "date"])
            normalized: dict[str, object] = {"value": rng.choice([5, 5.2, 28, 1000, 1.5e9, None])}
            if kind == "date":
                end = rng.choice(["2020-08-31", "2020-08-09", "2020-09-30"])
                normalized = {"event": rng.choice(["election", "summit", None]),
                              "range": rng.choice([["2020-08-01", end], None])}  # fmt: skip
            claim = _claim(f"c{number}", f"a{rng.randrange(40)}", kind, 1,
                           rng.choice(subjects), **normalized)  # fmt: skip
            sentence = f"{rng.choice(sentences)} ({rng.randrange(3)})"
            views.append(ClaimView(claim, sentence, rng.choice(["e1", "e2", "e3", None, None])))
        expected = _every_pair(views, same_thing)
        found = {frozenset(g.claim_ids): (g.agreement, g.internal) for g in group_claims(views)}
        assert found == expected
        assert any(len(g) > 2 for g in found)
        assert {a for a, _ in found.values()} == {"agree", "conflict", "single"}


def _every_pair(views: list[ClaimView], same_thing) -> dict[frozenset[str], tuple[str, bool]]:  # type: ignore[no-untyped-def]
    from itertools import combinations

    parent = {v.claim.id: v.claim.id for v in views}

    def root(c: str) -> str:
        while parent[c] != c:
            c = parent[c]
        return c

    verdicts = []
    for a, b in combinations(views, 2):
        if same_thing(a, b, word_overlap):
            parent[root(a.claim.id)] = root(b.claim.id)
            verdicts.append((a.claim, b.claim, compare(a.claim, b.claim)))
    groups: dict[str, set[str]] = {}
    for view in views:
        groups.setdefault(root(view.claim.id), set()).add(view.claim.id)
    result = {}
    for key, members in groups.items():
        own = [(a, b, v) for a, b, v in verdicts if root(a.id) == key and v != "single"]
        agreement = (
            "conflict" if any(v == "conflict" for *_, v in own) else "agree" if own else "single"
        )
        internal = any(v == "conflict" and a.article_id == b.article_id for a, b, v in own)
        result[frozenset(members)] = (agreement, internal)
    return result


def test_a_subject_named_by_thousands_of_claims_keeps_a_few_pairs_as_evidence() -> None:
    views = [
        ClaimView(_claim(f"c{n}", f"a{n}", "money", n, "net income", usd=1e6 * (1 + n % 7)),
                  f"Net income was {n} dlrs.", f"e{n}")
        for n in range(3000)
    ]  # fmt: skip
    (group,) = group_claims(views)
    assert (len(group.claim_ids), group.agreement) == (3000, "conflict")
    assert {v for *_, v in group.pairs} == {"agree", "conflict"}
    assert len(group.pairs) <= 4
