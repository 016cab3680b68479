import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from storyline.ingest import ReadOptions, read_inputs, readers
from storyline.model import RawDocument, ReadFailure

HTML = "<!doctype html><html><head><title>T</title></head><body><p>Story.</p></body></html>"


def _read(*inputs: str, **options: object) -> list[RawDocument | ReadFailure]:
    return list(read_inputs(list(inputs), ReadOptions(**options)))  # type: ignore[arg-type]


def _documents(results: list[RawDocument | ReadFailure]) -> list[RawDocument]:
    return [r for r in results if isinstance(r, RawDocument)]


def _failures(results: list[RawDocument | ReadFailure]) -> dict[str, str]:
    return {Path(r.source_path).name: r.problem for r in results if isinstance(r, ReadFailure)}


def test_text_file_is_one_text_document_with_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes("Headline\n\nCafé – “quoted” body.\n".encode("cp1252"))
    [document] = _read(str(path))
    assert isinstance(document, RawDocument)
    assert (document.source_path, document.format, document.content_type) == (
        str(path), "text", "text/plain",
    )  # fmt: skip
    assert document.body == "Headline\n\nCafé – “quoted” body.\n"
    assert document.raw == path.read_bytes()


def test_html_file_is_one_html_document(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(HTML, "utf-8")
    [document] = _read(str(path))
    assert isinstance(document, RawDocument) and (document.format, document.body) == ("html", HTML)


def test_directory_mixes_formats_and_bad_files_are_failures(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A story.\n")
    (tmp_path / "b.html").write_text(HTML)
    (tmp_path / "c.jsonl").write_text('{"text": "one"}\n{"text": "two"}\n')
    (tmp_path / "d.txt.gz").write_bytes(gzip.compress(b"Compressed story."))
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("  \n\n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)))
    (tmp_path / "big.txt").write_text("x" * 600)
    (tmp_path / "bad.txt.gz").write_bytes(gzip.compress(b"story " * 200)[:-10])
    results = _read(str(tmp_path), max_bytes=500)
    assert [d.body for d in _documents(results)] == [
        "A story.\n", HTML, "one", "two", "Compressed story.",
    ]  # fmt: skip
    assert _failures(results) == {
        "bad.txt.gz": "truncated gzip data",
        "big.txt": "larger than the 500-byte cap (use --max-bytes)",
        "binary.txt": "binary file, not text",
        "blank.txt": "empty file (only whitespace)",
        "empty.txt": "empty file",
    }


def test_missing_input_is_a_failure_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A story.\n")
    results = _read(str(tmp_path / "missing.txt"), str(tmp_path / "a.txt"))
    assert isinstance(results[0], ReadFailure) and results[0].problem == "no such file or directory"
    assert isinstance(results[1], RawDocument)


def test_glob_input_reads_matching_files(tmp_path: Path) -> None:
    for name in ("x/1.txt", "x/y/2.txt", "x/y/3.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Story " + name)
    results = _read(str(tmp_path / "x" / "**" / "*.txt"))
    assert [d.body for d in _documents(results)] == ["Story x/1.txt", "Story x/y/2.txt"]


def test_dash_reads_json_lines_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = json.dumps({"id": "s1", "text": "From stdin."}) + "\nnot json\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    document, failure = _read("-")
    assert isinstance(document, RawDocument) and isinstance(failure, ReadFailure)
    assert (document.source_path, document.external_id) == ("<stdin>#L1", "s1")
    assert failure.source_path == "<stdin>:2" and failure.problem.startswith("malformed JSON")


def test_gz_without_telling_extension_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "export.gz"
    path.write_bytes(gzip.compress(b'{"text": "a"}\n{"text": "b"}\n'))
    assert [d.source_path for d in _documents(_read(str(path)))] == [
        f"{path}#L1", f"{path}#L2",
    ]  # fmt: skip


def test_empty_jsonl_file_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "none.jsonl").write_text("")
    assert _failures(_read(str(tmp_path / "none.jsonl"))) == {"none.jsonl": "empty file"}


def test_unexpected_reader_errors_become_one_line_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object) -> None:
        raise RuntimeError("first line\nsecond line")

    (tmp_path / "a.txt").write_text("A story.\n")
    (tmp_path / "b.txt").write_text("B story.\n")
    monkeypatch.setattr(readers, "read_capped", explode)
    results = _read(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert [r.problem for r in results if isinstance(r, ReadFailure)] == [
        "unexpected error: RuntimeError: first line",
    ] * 2


def test_every_problem_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('[{"text": "a"},\n{oops\n')
    (tmp_path / "bad.xml").write_text("<rss><channel>\n<title>x</ti\n")
    (tmp_path / "bad.warc").write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99\r\n"
    )
    (tmp_path / "bad.opml").write_bytes(b"<opml><body>\n<outline xmlUrl='file:///etc/passwd'/>\n")
    results = _read(str(tmp_path))
    assert len(_failures(results)) == 4
    assert all("\n" not in r.problem and r.problem for r in results if isinstance(r, ReadFailure))
