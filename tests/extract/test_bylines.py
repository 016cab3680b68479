from storyline.extract.bylines import byline_in_text, split_authors


def test_byline_strings_become_names_each_once() -> None:
    assert split_authors("By Chuck Ross; Chuck-Ross") == ["Chuck Ross"]
    assert split_authors("Felix Schröder und Jörg Soldwisch, dpa") == [
        "Felix Schröder", "Jörg Soldwisch", "dpa",
    ]  # fmt: skip
    assert split_authors(["신현주 기자"]) == ["신현주"]


def test_share_buttons_labels_and_numbers_are_not_names() -> None:
    assert split_authors(["Twitter Facebook", "Quelle: sid", "105092"]) == []


def test_a_byline_line_opening_the_text_is_read() -> None:
    text = "Mathatisi Sebusi/Mohalenyane Phakela\nA Chinese-owned quarry has come under fire."
    assert byline_in_text(text) == ["Mathatisi Sebusi", "Mohalenyane Phakela"]
    assert byline_in_text("The council met on Monday.\nIt voted for the budget.") == []
