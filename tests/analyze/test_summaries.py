import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from storyline.analyze.summaries import Sentence, mmr, summarize, tfidf_vectors
from storyline.model import Citation


def test_mmr_picks_the_same_rows_from_sparse_and_dense_vectors() -> None:
    rng = np.random.default_rng(7)
    dense = rng.random((40, 12)) * (rng.random((40, 12)) < 0.3)
    dense /= np.maximum(np.linalg.norm(dense, axis=1, keepdims=True), 1e-9)
    assert mmr(sparse.csr_matrix(dense), 6) == mmr(dense, 6)


def test_summary_skips_a_near_repeat_and_keeps_reading_order() -> None:
    texts = [
        "BP agreed to pay twenty billion dollars into a fund for the victims.",
        "Oil spilled into the gulf for weeks after the rig explosion in April.",
        "Oil spilled into the gulf for many weeks after the rig blast in April.",
        "Fishermen along the coast said the spill had ruined their whole season.",
    ]
    sentences = [Sentence(t, Citation("a", i, i + 1), (f"{i}",)) for i, t in enumerate(texts)]
    chosen = [s.text for s in summarize(sentences, 3)]
    assert len(chosen) == 3 and not (texts[1] in chosen and texts[2] in chosen)
    assert chosen == sorted(chosen, key=texts.index)


def test_sentence_vectors_are_sklearns_english_tfidf() -> None:
    texts = [
        "The central bank raised its key rate by half a point on Tuesday.",
        "Analysts had expected the bank to raise rates by a quarter point.",
        "It was the third increase this year, the bank's governor said.",
        "Shares in Frankfurt fell after the decision; the euro rose.",
        "It was then.",  # stopwords only, among sentences with words: an empty row
        "The bank, the bank and the rate: bank rate bank.",  # counts above one
    ]
    expected = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    found = tfidf_vectors(texts)
    assert found.shape == expected.shape and found.nnz == expected.nnz
    assert np.allclose(found.toarray(), expected.toarray(), rtol=1e-12, atol=0)
    # Sentences of stopwords only have no vocabulary: each counts alone.
    assert tfidf_vectors(["it was the", "and then"]).toarray().tolist() == [[1, 0], [0, 1]]
