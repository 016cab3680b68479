from storyline.extract.titles import choose_title, clean_title, site_keys


def test_site_name_section_and_date_affixes_are_taken_off() -> None:
    site = site_keys(["Deutsche Welle"], "https://www.dw.com/de/story")
    cleaned = clean_title("Ziele, Chancen, Risiken | Europa | DW | 28.04.2023", site)
    assert cleaned is not None
    assert cleaned.title == "Ziele, Chancen, Risiken"
    assert cleaned.date == "2023-04-28"


def test_section_suffix_goes_without_knowing_the_site() -> None:
    cleaned = clean_title("Putin assures the dictator in Belarus of his support – politics")
    assert cleaned is not None and cleaned.title.endswith("his support")


def test_hyphenated_words_and_headline_dashes_stay() -> None:
    site = site_keys(["kicker"], "https://www.kicker.de/x")
    for title in (
        "Post-Vac-Syndrom nach COVID-19-Impfung: Was wissen wir?",
        "Rückschlag im Titelkampf - Liverpool verliert bei Everton",
        "BUDGET 3.0 | Sars gets R4bn to hire army of debt collectors",
    ):
        cleaned = clean_title(title, site)
        assert cleaned is not None and cleaned.title == title


def test_a_learnt_affix_is_taken_off_even_when_it_names_no_site() -> None:
    cleaned = clean_title(
        "장동혁, 한동훈 제명했지만 부담 커졌다-정치ㅣ한국일보", set(), ["-정치ㅣ한국일보"]
    )
    assert cleaned is not None and cleaned.title == "장동혁, 한동훈 제명했지만 부담 커졌다"


def test_site_name_with_the_is_recognised() -> None:
    site = site_keys(["The Namibian"], "https://www.namibian.com.na/x")
    cleaned = clean_title("Nam, SA Green hydrogen pipeline flagged - The Namibian", site)
    assert cleaned is not None and cleaned.title == "Nam, SA Green hydrogen pipeline flagged"


def test_structured_headline_wins_unless_it_is_only_the_seo_title() -> None:
    assert choose_title("Real headline", "Social", "Seo", ["Social"], None) == "Real headline"
    assert choose_title("Seo title", "Visible one", "Seo title", ["Visible one"], None) == (
        "Visible one"
    )


def test_a_deck_is_not_taken_for_the_headline() -> None:
    title = choose_title("… groups concerned", "Pipeline flagged", "Pipeline flagged",
                         ["Pipeline flagged", "… groups concerned"], None)  # fmt: skip
    assert title == "Pipeline flagged"
