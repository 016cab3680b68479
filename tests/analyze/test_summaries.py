import numpy as np
from scipy import sparse

from storyline.analyze.summaries import Sentence, mmr, summarize
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
