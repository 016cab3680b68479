from hypothesis import given
from hypothesis import strategies as st

from storyline.model import Chain, Claim, Enrichment, Event, Mention, Quote, TimeMention
from storyline.store.codec import decode, decode_list, encode

_text = st.text(max_size=30)
_mention = st.builds(Mention, st.just("a"), st.integers(0, 99), st.integers(0, 99), _text, _text)
_chain = st.builds(
    Chain, st.just("a"), st.integers(0, 9), _text, _text, st.lists(_mention, max_size=3)
)
_range = st.none() | st.tuples(st.just("2020-01-01"), st.just("2020-12-31"))
_time = st.builds(
    TimeMention, st.just("a"), st.integers(0, 9), st.integers(0, 9), _text,
    st.sampled_from(["DATE", "DURATION"]), st.none() | _text, _range,
)  # fmt: skip


@given(chains=st.lists(_chain, max_size=3), times=st.lists(_time, max_size=3))
def test_enrichment_round_trips(chains: list[Chain], times: list[TimeMention]) -> None:
    record = Enrichment("a", "1", sentences=[(0, 4)], chains=chains, times=times)
    assert decode(Enrichment, encode(record)) == record


def test_decode_ignores_unknown_keys_and_fills_defaults() -> None:
    restored = decode(Quote, '{"id":"q","article_id":"a","text":"t","start":0,"end":1,"new":5}')
    assert restored == Quote("q", "a", "t", 0, 1)


def test_decode_list_rebuilds_tuples() -> None:
    events = [Event("e", "T", date_range=("2020-01-01", "2020-02-01"))]
    assert decode_list(Event, encode(events)) == events


def test_whole_numbers_stay_whole_and_fractions_stay_fractions() -> None:
    claims = [
        Claim("c1", "count", 5, None, "a", 0, 1),
        Claim("c2", "money", 2.5, "USD", "a", 2, 3),
        Claim("c3", "date", "2020-01-01", None, "a", 4, 5),
    ]
    record = Enrichment("a", "1", claims=claims)
    restored = decode(Enrichment, encode(record))
    assert [repr(c.value) for c in restored.claims] == ["5", "2.5", "'2020-01-01'"]


def test_payloads_of_another_shape_still_decode() -> None:
    # What the compiled decoder refuses (a range of three dates, a number where the
    # record now has text, NaN from an older store) is read as before, field by field.
    odd = (
        '{"id":"e","title":"T","date_range":["2020-01-01","2020-02-01","x"],'
        '"summary":[{"score":NaN}],"date":5}'
    )
    event = decode(Event, odd)
    assert event.date_range == ("2020-01-01", "2020-02-01", "x")
    assert event.date == 5
    assert decode_list(Event, f"[{odd}]") == [event]
