"""Reader limits shared by every reader: size cap, timeouts, redirects, private addresses."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_USER_AGENT = "storyline/0.1 (news article reader)"


# Not slotted on purpose: slots would replace the class attributes with slot descriptors,
# and the CLI reads ``ReadOptions.max_bytes`` / ``ReadOptions.timeout`` as its defaults.
@dataclass
class ReadOptions:
    """How far readers may go for one input.

    Attributes:
        allow_private: fetch loopback, private and link-local addresses too (off by
            default so a URL in a feed cannot reach services on the reading machine).
        max_bytes: size cap for each input file, each decompressed ``.gz``, each HTTP
            response, and each record of a streamed archive (JSON lines, WARC).
        timeout: seconds allowed for one HTTP request, from connecting to the last byte.
        max_redirects: redirects followed per request.
        user_agent: sent with every request.
    """

    allow_private: bool = False
    max_bytes: int = 50 * 1024 * 1024
    timeout: float = 20.0
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
