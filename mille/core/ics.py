"""iCalendar (RFC 5545) in plain text, no dependency: one invitation (a partnership's meeting, an
event) or a feed of many events (the network's public calendar)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PRODID = "-//Mille et un territoires//Mille//FR"


def _escape(text: str) -> str:
    return (
        (text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545 §3.1)."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > 75:
            out.append(current.decode())
            current = b" "
        current += encoded
    out.append(current.decode())
    return "\r\n".join(out)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT. `uid` is stable for the life of the event, so calendars update it in place."""

    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    latitude: float | None = None
    longitude: float | None = None
    cancelled: bool = False
    sequence: int = 0

    def lines(self, now: datetime) -> list[str]:
        lines = [
            "BEGIN:VEVENT",
            f"UID:{self.uid}@mille",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART:{_stamp(self.starts_at)}",
            f"DTEND:{_stamp(self.ends_at)}",
            f"SUMMARY:{_escape(self.summary)}",
        ]
        if self.sequence:
            lines.append(f"SEQUENCE:{self.sequence}")
        if self.description:
            lines.append(f"DESCRIPTION:{_escape(self.description)}")
        if self.location:
            lines.append(f"LOCATION:{_escape(self.location)}")
        if self.latitude is not None and self.longitude is not None:
            lines.append(f"GEO:{self.latitude:.5f};{self.longitude:.5f}")
        if self.url:
            lines.append(f"URL:{self.url}")
        lines.append("STATUS:CANCELLED" if self.cancelled else "STATUS:CONFIRMED")
        lines.append("END:VEVENT")
        return lines


def calendar(events: Iterable[CalendarEvent], *, now: datetime, name: str = "") -> str:
    """A VCALENDAR of any number of events; `name` titles a subscribed feed."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines += [f"X-WR-CALNAME:{_escape(name)}", "X-WR-TIMEZONE:Europe/Paris"]
    for item in events:
        lines += item.lines(now)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def event(
    *,
    uid: str,
    starts_at: datetime,
    minutes: int,
    summary: str,
    description: str = "",
    location: str = "",
    now: datetime,
) -> str:
    """One invitation of `minutes` minutes."""
    item = CalendarEvent(
        uid=uid,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        summary=summary,
        description=description,
        location=location,
    )
    return calendar([item], now=now)
