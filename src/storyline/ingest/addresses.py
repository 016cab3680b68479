"""Refusing URLs whose host resolves to an address on the reading machine or its network.

Feeds and OPML files name URLs we did not choose; without this check a feed could make
storyline fetch ``http://127.0.0.1:...`` or a cloud metadata service and store the answer.
"""

from __future__ import annotations

import ipaddress
import socket

from storyline.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def check_host(url: str, host: str, port: int) -> None:
    """Raise FetchError unless every address ``host`` resolves to is public.

    Raises:
        FetchError: the host does not resolve, or resolves to a loopback, private,
            link-local, multicast, reserved or unspecified address.
    """
    for address in resolve(url, host, port):
        kind = non_public_kind(address)
        if kind is not None:
            raise FetchError(
                url,
                f"refused: {host} resolves to {address}, a {kind} address "
                "(use --allow-private to fetch it)",
            )


def resolve(url: str, host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchError(url, f"cannot resolve host {host} ({error})") from None
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


def non_public_kind(address: IPAddress) -> str | None:
    """What makes ``address`` non-public ("loopback", "private", ...), or None if public."""
    if isinstance(address, ipaddress.IPv6Address):
        address = address.ipv4_mapped or address.sixtofour or address
    checks = (
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("non-public", not address.is_global),
    )
    return next((kind for kind, flagged in checks if flagged), None)
