"""Enrichment for languages other than English, from any parser's output.

Each language package (:mod:`storyline.enrich.ru`, :mod:`storyline.enrich.de`,
:mod:`storyline.enrich.fr`) parses an article with its own tools into a
:class:`~storyline.enrich.multilingual.parsed.Parsed` (sentences, tokens with lemma,
part of speech and, where the parser gives it, the syntactic head; named spans with
their lemmatised names) and gives the words of its language in a
:class:`~storyline.enrich.multilingual.lexicon.Lexicon`. The modules here turn that
into the same records the English path writes (chains, quotes, times, claims), so
everything downstream works unchanged.
"""
