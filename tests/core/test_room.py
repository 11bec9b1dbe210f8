"""`make room`: the laptop's addresses, the hosts Django accepts, the QR code for the phones."""

import io

import pytest
from django.core.management import call_command

from mille.core import room


def test_lan_addresses_keep_what_phones_can_reach():
    candidates = [
        "127.0.0.1",
        "169.254.3.4",
        "not an address",
        "fe80::1",
        "0.0.0.0",  # noqa: S104 (an address to leave out)
        "203.0.113.9",
        "192.168.1.20",
        "10.0.0.5",
        "192.168.1.20",
    ]
    assert room.lan_addresses(candidates) == ["10.0.0.5", "192.168.1.20", "203.0.113.9"]
    assert room.lan_addresses([]) == []


def test_allowed_hosts_keep_the_laptop_itself():
    assert room.allowed_hosts(["192.168.1.20", "127.0.0.1"]) == [
        "127.0.0.1",
        "localhost",
        "[::1]",
        "192.168.1.20",
    ]


def test_room_url_leads_to_the_join_page():
    assert room.room_url("192.168.1.20", 8000) == "http://192.168.1.20:8000/rejoindre/"
    assert room.room_url("192.168.1.20", 80, path="/") == "http://192.168.1.20/"


def test_qr_text_is_a_square_of_blocks_in_the_terminal():
    text = room.qr_text("http://192.168.1.20:8000/rejoindre/")
    lines = text.strip("\n").splitlines()
    assert len({len(line) for line in lines}) == 1
    # Two rows of modules per line: about half as many lines as columns.
    assert len(lines) < len(lines[0])
    assert set("".join(lines)) <= set("█▀▄ ")


def test_discover_needs_no_internet():
    """The UDP probes send nothing; at worst the list is empty."""
    assert all(not address.startswith("127.") for address in room.discover())


@pytest.mark.parametrize("found", [["192.168.1.20"], []])
def test_the_command_prints_addresses_and_a_qr_code(monkeypatch, found):
    monkeypatch.setattr(room, "discover", lambda: found)
    out = io.StringIO()
    call_command("room_address", "--port", "8080", stdout=out)
    text = out.getvalue()
    if found:
        assert "http://192.168.1.20:8080/rejoindre/" in text and "█" in text
    else:
        assert "Aucun réseau local" in text
    out = io.StringIO()
    call_command("room_address", "--hosts", stdout=out)
    assert out.getvalue().strip() == ",".join(room.allowed_hosts(found))
    out = io.StringIO()
    call_command("room_address", "--site-url", "--port", "8080", stdout=out)
    assert out.getvalue().strip() == f"http://{(found or ['127.0.0.1'])[0]}:8080"
