"""German: HanTa's bundled tagger (STTS), rules and gazetteers from installed packages.

There is no genuine German spaCy pipeline on PyPI (the ``de-core-news-*`` 999.9.9
releases are empty placeholders), and nothing may be downloaded at run time. So German
is parsed by spaCy's rule-based German tokenizer and sentencizer, tagged and
lemmatised by HanTa (the Hanover Tagger, whose model ships in its wheel; its STTS tag
NE marks proper nouns), and names are typed by rules and gazetteers built from data in
installed packages (:mod:`storyline.enrich.de.gazetteer`).
"""
