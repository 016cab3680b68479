import gzip
import io
import sys
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest.sources import (
    expand_argument,
    is_url,
    open_binary,
    read_capped,
    stdin_stream,
)
from storyline.model import ReadFailure


def _tree(root: Path) -> Path:
    for name in ["b.txt", "a.txt", "sub/c.html", "sub/deeper/d.json", ".hidden.txt",
                 ".git/config", "sub/.cache/e.txt"]:  # fmt: skip
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    return root


def _names(root: Path, found: list[Path | ReadFailure]) -> list[str]:
    return [p.relative_to(root).as_posix() for p in found if isinstance(p, Path)]


def test_directory_expands_recursively_sorted_skipping_hidden(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    found = list(expand_argument(str(root)))
    assert _names(root, found) == ["a.txt", "b.txt", "sub/c.html", "sub/deeper/d.json"]


def test_glob_with_double_star_matches_nested_files(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    found = list(expand_argument(str(root / "**" / "*.txt")))
    assert _names(root, found) == ["a.txt", "b.txt"]
    nested = list(expand_argument(str(root / "**" / "*.json")))
    assert _names(root, nested) == ["sub/deeper/d.json"]


def test_glob_matching_directories_expands_each_file_once(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    found = list(expand_argument(str(root / "**")))
    assert _names(root, found) == ["a.txt", "b.txt", "sub/c.html", "sub/deeper/d.json"]


def test_missing_path_and_empty_glob_are_failures(tmp_path: Path) -> None:
    [missing] = expand_argument(str(tmp_path / "nope.txt"))
    [unmatched] = expand_argument(str(tmp_path / "*.nothing"))
    assert isinstance(missing, ReadFailure) and missing.problem == "no such file or directory"
    assert isinstance(unmatched, ReadFailure)
    assert unmatched.problem.startswith("no such file or directory")


def test_is_url_knows_schemes_but_not_paths() -> None:
    assert is_url("https://example.org/a") and is_url("ftp://example.org/a")
    assert not is_url("news/a.txt") and not is_url("-")


def test_gz_is_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(b"hello gzip"))
    assert read_capped(path, 1000) == b"hello gzip"


def test_truncated_gz_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(b"hello gzip " * 1000)[:-20])
    with pytest.raises(InputError) as raised:
        read_capped(path, 100_000)
    assert raised.value.problem == "truncated gzip data"


def test_file_over_the_cap_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(InputError) as raised:
        read_capped(path, 100)
    assert raised.value.problem == "larger than the 100-byte cap (use --max-bytes)"


def test_gz_over_the_cap_once_decompressed_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 100_000))
    assert path.stat().st_size < 1000
    with pytest.raises(InputError, match="larger than the 1000-byte cap"):
        read_capped(path, 1000)


def test_not_really_gzip_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.txt.gz"
    path.write_bytes(b"plain text, not gzip")
    with pytest.raises(InputError, match="corrupt or unreadable data"):
        read_capped(path, 1000)


def test_open_binary_streams_lines_of_a_gz(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "a"}\n{"text": "b"}\n'))
    with open_binary(path) as stream:
        assert stream.readlines() == [b'{"text": "a"}\n', b'{"text": "b"}\n']


def test_stdin_stream_reads_bytes_or_reencodes_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"caf\xc3\xa9\n")))
    assert stdin_stream().read() == "café\n".encode()
    monkeypatch.setattr(sys, "stdin", io.StringIO("café\n"))
    assert stdin_stream().read() == "café\n".encode()
