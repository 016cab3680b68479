import re
from pathlib import Path

from storyline import jobs
from storyline.export.report import render_html, render_markdown

HOSTILE = (
    "Hostile page <script>alert('x')</script>\n\n"
    'A paragraph with <img src=x onerror=alert(1)> and a <a href="javascript:alert(2)">link</a> '
    "that a reader might click on, written to look like an ordinary news article body.\n\n"
    "Another paragraph of ordinary text, long enough to be kept by the cleaner as body text."
)


def test_report_escapes_hostile_article_text(tmp_path: Path) -> None:
    (tmp_path / "hostile.txt").write_text(HOSTILE, "utf-8")
    with jobs.open_store(tmp_path / "s.db") as store:
        jobs.ingest([str(tmp_path / "hostile.txt")], store)
        page = render_html(store)
    assert "<script>" not in page
    assert "<img" not in page
    assert 'href="javascript' not in page
    assert "&lt;script&gt;" in page


def test_report_is_self_contained(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(HOSTILE, "utf-8")
    with jobs.open_store(tmp_path / "s.db") as store:
        jobs.ingest([str(tmp_path / "a.txt")], store)
        page = render_html(store)
        markdown = render_markdown(store)
    assert "http://" not in page and "https://" not in page
    assert markdown.startswith("# storyline report")


def test_report_says_how_many_articles_name_no_outlet(analysed_seeds: jobs.SqliteStore) -> None:
    # The seeds: Independent Press and Open Magazine name themselves; the other three
    # reports name no outlet anywhere, and "5 articles, 2 outlets" read as two outlets'.
    text = " ".join(re.sub(r"<[^>]+>", " ", render_html(analysed_seeds)).split())
    assert "2 outlets named" in text
    assert "3 articles naming no outlet" in text
    assert (
        "covered by Independent Press (1, 2022-07-02), Open Magazine (1, 2021-02-15) · 3 naming no outlet"
        in text
    )
