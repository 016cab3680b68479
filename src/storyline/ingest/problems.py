"""The wording of read failures: every problem is one line a person can act on."""

from __future__ import annotations


def too_large(max_bytes: int) -> str:
    """The one wording for every size-cap failure."""
    return f"larger than the {max_bytes}-byte cap (use --max-bytes)"


def one_line(text: str) -> str:
    """The first non-empty line of ``text``."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0].strip() if lines else text.strip()


def describe_os_error(error: OSError) -> str:
    """An OS error as a short lower-case phrase ("permission denied")."""
    reason = one_line(error.strerror or str(error) or type(error).__name__)
    return reason[:1].lower() + reason[1:]
