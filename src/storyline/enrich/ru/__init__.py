"""Russian: natasha (slovnet NER, morphology and syntax; weights in its wheel) and pymorphy3.

:func:`~storyline.enrich.ru.pipeline.parse` gives the shared annotators
(:mod:`storyline.enrich.multilingual`) sentences, tokens with lemma, part of speech,
features and syntactic head, and named spans in their dictionary form;
:data:`~storyline.enrich.ru.lexicon.LEXICON` the Russian words they look for.
"""
