"""Serving a room from a laptop (`make room`): the laptop's addresses on the local network, the
host names Django must accept for them, and a QR code for the phones, printed in the terminal.

Phones on the same Wi-Fi or on the laptop's hotspot reach it by its private address; nothing here
needs the Internet. `discover` asks the operating system; the rest is pure and tested alone.
"""

from __future__ import annotations

import io
import ipaddress
import socket
from collections.abc import Iterable

import segno

# Connecting a UDP socket sends nothing: it only asks the system which of its addresses would
# reach the target. One target per private range finds the Wi-Fi's address as well as a hotspot's.
PROBES = ("10.255.255.255", "172.31.255.255", "192.168.255.255", "8.8.8.8")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
JOIN_PATH = "/rejoindre/"


def lan_addresses(candidates: Iterable[str]) -> list[str]:
    """The IPv4 addresses phones can reach: private first, no loopback or link-local, each once."""
    kept: list[ipaddress.IPv4Address] = []
    for raw in candidates:
        try:
            address = ipaddress.ip_address(raw)
        except ValueError:
            continue
        if (
            address.version != 4
            or address.is_loopback
            or address.is_link_local
            or address.is_unspecified
            or address.is_multicast
            or address in kept
        ):
            continue
        kept.append(address)
    kept.sort(key=lambda a: (not a.is_private, int(a)))
    return [str(a) for a in kept]


def allowed_hosts(addresses: Iterable[str]) -> list[str]:
    """ALLOWED_HOSTS for the room: the laptop itself and its addresses on the network."""
    return [*LOCAL_HOSTS, *[a for a in addresses if a not in LOCAL_HOSTS]]


def room_url(address: str, port: int, path: str = JOIN_PATH) -> str:
    return f"http://{address}:{port}{path}" if port != 80 else f"http://{address}{path}"


def qr_text(url: str) -> str:
    """The QR code of `url` as text for a terminal (half blocks: two rows of modules a line)."""
    out = io.StringIO()
    segno.make(url, error="m", micro=False).terminal(out=out, compact=True, border=2)
    return out.getvalue()


def discover() -> list[str]:
    """Ask the system for its addresses (works without any Internet access)."""
    candidates: list[str] = []
    for target in PROBES:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.connect((target, 9))
                candidates.append(probe.getsockname()[0])
            except OSError:
                continue
    try:
        candidates += socket.gethostbyname_ex(socket.gethostname())[2]
    except OSError:
        pass
    return lan_addresses(candidates)
