"""The human-readable report: one self-contained HTML file, or Markdown."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from storyline.model import Article, ReadFailure
from storyline.store import Store

_ENV = Environment(
    loader=PackageLoader("storyline.export", "templates"),
    autoescape=select_autoescape(
        enabled_extensions=("html.j2",), default=False, default_for_string=True
    ),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(slots=True)
class ReportData:
    """Everything a report shows, gathered once from the store."""

    articles: list[Article]
    failures: list[ReadFailure]

    @property
    def outlets(self) -> list[tuple[str, int]]:
        return Counter(a.outlet or "unknown" for a in self.articles).most_common()

    @property
    def removed_blocks(self) -> int:
        return sum(len(a.removed) for a in self.articles)


def gather(store: Store) -> ReportData:
    """Read what the report needs from the store."""
    return ReportData(articles=list(store.articles()), failures=store.failures())


def date_label(article: Article) -> str:
    """How the report prints a date: the date, or the estimated range, with its basis."""
    if article.published:
        return f"{article.published} ({article.published_basis})"
    if article.published_range:
        low, high = article.published_range
        return f"between {low} and {high} (estimated)"
    return "unknown"


def render_html(store: Store) -> str:
    """The report as one HTML page with inline CSS and no external resources."""
    template = _ENV.get_template("report.html.j2")
    return template.render(data=gather(store), date_label=date_label)


def render_markdown(store: Store) -> str:
    """The same report as Markdown (text is not escaped: Markdown is not rendered here)."""
    template = _ENV.get_template("report.md.j2")
    return template.render(data=gather(store), date_label=date_label)


def write_report(store: Store, out: str | Path, fmt: str = "html") -> Path:
    """Write the report in ``fmt`` (``html`` or ``md``) to ``out``."""
    path = Path(out)
    text = render_markdown(store) if fmt == "md" else render_html(store)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, "utf-8")
    temporary.replace(path)
    return path
