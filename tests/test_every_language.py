"""No language may crash or stall a run: ingest + analyze over real pages in 25+ languages.

One real page per language from the shared corpora (the Fundus fixtures' languages,
and the extraction benchmark's Polish, Finnish, Turkish, Hungarian and Bengali pages),
plus short texts written here in scripts the corpora lack (Hebrew, Persian, Thai,
Ukrainian, Belarusian, Czech, Greek). ``storyline run`` must exit 0 or 1 without a
traceback, export an article for every page, and record for each article which
pipeline analysed it or why none did.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
# Languages of the extraction benchmark (extraction-trafilatura) that Fundus lacks, by
# page (their language detected with storyline's detector).
EXTRACTION_PAGES = {
    "pl": "sportowefakty.wp.pl.falubaz.html", "fi": "yle.fi.3-11212601.html",
    "tr": "wikimediafoundation.org.turkey.html", "hu": "mindmegette.hu.levagott.html",
    "bn": "ukbdnews.com.23646.html",
}  # fmt: skip
WRITTEN = {
    "he": 'ראש הממשלה נפגש ביום חמישי עם נשיא צרפת בירושלים. "זו פגישה חשובה", אמר.',
    "fa": "رئیس جمهور روز پنجشنبه در تهران با وزیر خارجه دیدار کرد. او گفت: «این دیدار مهم است».",
    "th": 'นายกรัฐมนตรีพบกับประธานาธิบดีฝรั่งเศสที่กรุงเทพฯ เมื่อวันพฤหัสบดี "นี่เป็นการประชุมที่สำคัญ" เขากล่าว',
    "uk": "Президент України Володимир Зеленський у четвер зустрівся з канцлером Німеччини. «Це важлива зустріч», — сказав він.",
    "be": "Аляксандр Лукашэнка ў пятніцу сустрэўся з Уладзімірам Пуціным у Сочы. «Мы дамовіліся», — заявіў ён.",
    "cs": "Premiér se ve čtvrtek v Praze setkal s německým kancléřem. „Je to důležité setkání,“ řekl.",
    "el": "Ο πρωθυπουργός συναντήθηκε την Πέμπτη στην Αθήνα με τον Γάλλο πρόεδρο. «Είναι μια σημαντική συνάντηση», είπε.",
}
MIN_LANGUAGES = 25


def _fundus_pages() -> dict[str, Path]:
    """The first page of each language in the Fundus fixtures."""
    root = CORPORA / "pages-fundus"
    pages: dict[str, Path] = {}
    for line in (root / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("body") and record["language"] not in pages:
            pages[record["language"]] = root / record["page"]
    return pages


def _inputs(folder: Path) -> dict[str, Path]:
    """Language -> input path: the corpus pages where they are, the written texts in ``folder``."""
    inputs = _fundus_pages()
    for language, name in EXTRACTION_PAGES.items():
        inputs.setdefault(language, CORPORA / "extraction-trafilatura" / "html" / name)
    for language, text in WRITTEN.items():
        target = folder / f"{language}-written.txt"
        target.write_text(f"Headline\n\n{text}\n", encoding="utf-8")
        inputs[language] = target
    return inputs


@pytest.mark.slow
def test_run_over_pages_in_every_language_exports_each_with_its_analysis(tmp_path: Path) -> None:
    if not (CORPORA / "pages-fundus").exists():
        pytest.skip("../shared/corpora/pages-fundus not found")
    folder = tmp_path / "pages"
    folder.mkdir()
    inputs = _inputs(folder)
    real = len(inputs) - len(WRITTEN)
    assert real >= MIN_LANGUAGES, f"only {real} languages with real pages"
    export = tmp_path / "export.json"
    result = subprocess.run(
        [sys.executable, "-m", "storyline", "run", *map(str, inputs.values()),
         "--db", str(tmp_path / "s.db"),
         "--out", str(tmp_path / "r.html"), "--json", str(export)],
        capture_output=True, text=True, timeout=1200, env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    articles = {a["source_path"]: a for a in json.loads(export.read_text())["articles"]}
    missing = [str(path) for path in inputs.values() if str(path) not in articles]
    assert not missing, f"no article exported for {missing}"
    for name, article in articles.items():
        analysis = article["analysis"]
        assert analysis is not None, name
        assert analysis["pipeline"] or analysis["skipped"], name
        if article["language"] in ("en", "ru", "de", "fr"):
            assert analysis["pipeline"] and not analysis["skipped"], (name, analysis)
