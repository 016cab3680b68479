"""The temporal tagger behind ``storyline.enrich.times``: lexicon, rule tables, calendar
periods, and the rules that place an expression against the publication date."""
