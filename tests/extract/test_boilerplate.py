"""Plain-text cleaning: chrome of the kinds the visible-text gate's errors showed."""

from __future__ import annotations

from storyline.extract.boilerplate import clean_text

PROSE = (
    "The city council of Ostrava passed its budget on Tuesday after a long debate. "
    "Mayor Jana Novak said the vote would fund new schools and repair two bridges. "
    "Opposition members argued that the plan borrowed too much against future taxes."
)


def cleaned(*lines: str) -> str:
    return clean_text("\n".join([PROSE, *lines, PROSE.replace("Tuesday", "Monday")])).text


def test_consent_and_mailing_notices_are_removed() -> None:
    notices = (
        "Wir respektieren deine Privatsphäre und stellen deshalb ohne dein Einverständnis "
        "keine Verbindung zu Twitter her.",
        "By clicking Submit, I consent to receiving the above communication. I understand "
        "that I may unsubscribe at any time.",
        "Für Links auf dieser Seite erhält CHIP ggf. eine Provision vom Händler.",
    )
    text = cleaned(*notices)
    assert not any(notice in text for notice in notices)
    assert "Mayor Jana Novak" in text


def test_a_teaser_prefix_removes_its_line_only() -> None:
    text = cleaned("Lea más: Otro titular de otra noticia del día", "Mira Sorvino said the film")
    assert "Otro titular" not in text
    assert "Mira Sorvino said the film" in text
    assert "on Monday" in text  # an inline teaser does not end the article


def test_a_caption_ending_in_its_picture_credit_is_removed() -> None:
    caption = "Marcell Jansen (l.) und Piotr Trochowski haben einen guten Draht. (Foto: Getty)"
    text = cleaned(caption)
    assert caption not in text and "on Monday" in text
