"""Checks on audio recorded in the browser, without decoding it.

MediaRecorder writes WebM (Chromium, recent Safari), Ogg (Firefox) or MP4 (Safari). We identify the
container from its first bytes, check its structure from start to end (so that audio magic bytes in
front of something else, a web page say, are refused), and read the duration from the container's
own timing: block timestamps in WebM (MediaRecorder leaves the Duration field out), the last page's
granule position in Ogg, the movie header in MP4. When a container carries no timing (a fragmented MP4), the size bound
stands in for the length: at most ``UNTIMED_MAX_BYTES``, i.e. two minutes at 64 kbit/s.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

MAX_SECONDS = 120
MAX_BYTES = 3 * 1024 * 1024
UNTIMED_MAX_BYTES = 960 * 1024

CONTAINERS = {"webm": "audio/webm", "ogg": "audio/ogg", "mp4": "audio/mp4"}


class AudioError(ValueError):
    """The file is not audio we accept; ``code`` tells which check failed."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class AudioInfo:
    container: str
    content_type: str
    seconds: float | None


def inspect(data: bytes) -> AudioInfo:
    """Identify and time an audio file; raise AudioError('size'|'type'|'length'|'empty')."""
    if not data:
        raise AudioError("empty")
    if len(data) > MAX_BYTES:
        raise AudioError("size")
    if data[:4] == b"\x1a\x45\xdf\xa3":
        _check_webm(data)
        container, seconds = "webm", _webm_seconds(data)
    elif data[:4] == b"OggS":
        _check_ogg(data)
        container, seconds = "ogg", _ogg_seconds(data)
    elif data[4:8] == b"ftyp":
        _check_mp4(data)
        container, seconds = "mp4", _mp4_seconds(data)
    else:
        raise AudioError("type")
    if seconds is None:
        if len(data) > UNTIMED_MAX_BYTES:
            raise AudioError("length")
    elif seconds > MAX_SECONDS + 0.5:
        raise AudioError("length")
    return AudioInfo(container, CONTAINERS[container], seconds)


# --- WebM / Matroska (EBML) ------------------------------------------------------------------

_SEGMENT, _CLUSTER, _INFO, _BLOCK_GROUP = 0x18538067, 0x1F43B675, 0x1549A966, 0xA0
_MASTERS = {_SEGMENT, _CLUSTER, _INFO, _BLOCK_GROUP}
_TIMECODE_SCALE, _DURATION, _CLUSTER_TIME, _SIMPLE_BLOCK, _BLOCK = (
    0x2AD7B1,
    0x4489,
    0xE7,
    0xA3,
    0xA1,
)


def _vint(data: bytes, pos: int, keep_marker: bool) -> tuple[int, int, bool]:
    """An EBML variable-length integer at ``pos``: (value, next position, all-ones)."""
    if pos >= len(data):
        raise AudioError("type")
    first = data[pos]
    length = 1
    mask = 0x80
    while length <= 8 and not first & mask:
        mask >>= 1
        length += 1
    if length > 8 or pos + length > len(data):
        raise AudioError("type")
    value = first if keep_marker else first & (mask - 1)
    for byte in data[pos + 1 : pos + length]:
        value = (value << 8) | byte
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return value, pos + length, unknown


_EBML, _DOC_TYPE = 0x1A45DFA3, 0x4282


def _check_webm(data: bytes) -> None:
    """An EBML header whose DocType is webm or matroska, then a Segment that holds at least one
    block of audio."""
    element, pos, _ = _vint(data, 0, keep_marker=True)
    size, pos, unknown = _vint(data, pos, keep_marker=False)
    header_end = pos + size
    if element != _EBML or unknown or header_end > len(data):
        raise AudioError("type")
    doc_type = None
    while pos < header_end:
        child, pos, _ = _vint(data, pos, keep_marker=True)
        child_size, pos, _ = _vint(data, pos, keep_marker=False)
        if child == _DOC_TYPE:
            doc_type = data[pos : pos + child_size].rstrip(b"\x00")
        pos += child_size
    if doc_type not in (b"webm", b"matroska") or header_end >= len(data):
        raise AudioError("type")
    segment, _, _ = _vint(data, header_end, keep_marker=True)
    if segment != _SEGMENT or (b"\xa3" not in data and b"\xa1" not in data):
        raise AudioError("type")
    if _webm_seconds(data) is None:
        raise AudioError("type")


def _webm_seconds(data: bytes) -> float | None:
    scale = 1_000_000  # nanoseconds per timecode tick, Matroska's default
    declared = None
    cluster_time = 0
    last = None
    pos = 0
    size_total = len(data)
    while pos < size_total:
        element, pos, _ = _vint(data, pos, keep_marker=True)
        if pos >= size_total:
            break
        size, pos, unknown = _vint(data, pos, keep_marker=False)
        if element in _MASTERS:
            continue  # walk into it: its children follow (its size may be unknown when live)
        end = size_total if unknown else min(pos + size, size_total)
        body = data[pos:end]
        if element == _TIMECODE_SCALE:
            scale = int.from_bytes(body, "big") or scale
        elif element == _DURATION and len(body) in (4, 8):
            declared = struct.unpack(">f" if len(body) == 4 else ">d", body)[0]
        elif element == _CLUSTER_TIME:
            cluster_time = int.from_bytes(body, "big")
        elif element in (_SIMPLE_BLOCK, _BLOCK) and body:
            _, after_track, _ = _vint(body, 0, keep_marker=False)
            if after_track + 2 <= len(body):
                relative = struct.unpack(">h", body[after_track : after_track + 2])[0]
                time = cluster_time + relative
                last = time if last is None else max(last, time)
        pos = end
    candidates = [value * scale / 1e9 for value in (declared, last) if value is not None]
    return max(candidates) if candidates else None


# --- Ogg (Opus or Vorbis) ----------------------------------------------------------------------


def _check_ogg(data: bytes) -> None:
    """Ogg pages, one after the other to the last byte: the capture pattern, version 0, the
    segment table and the sizes it announces. The first page begins the stream and carries the
    Opus or Vorbis header."""
    pos, first = 0, True
    while pos < len(data):
        if data[pos : pos + 4] != b"OggS" or pos + 27 > len(data) or data[pos + 4] != 0:
            raise AudioError("type")
        header_type, segments = data[pos + 5], data[pos + 26]
        if header_type > 7 or pos + 27 + segments > len(data):
            raise AudioError("type")
        body = sum(data[pos + 27 : pos + 27 + segments])
        page_end = pos + 27 + segments + body
        if page_end > len(data):
            raise AudioError("type")
        if first:
            payload = data[pos + 27 + segments : page_end]
            if not header_type & 2 or not payload.startswith((b"OpusHead", b"\x01vorbis")):
                raise AudioError("type")
            first = False
        pos = page_end


def _ogg_seconds(data: bytes) -> float | None:
    rate, pre_skip = None, 0
    head = data.find(b"OpusHead")
    if head >= 0 and head + 12 <= len(data):
        rate = 48_000
        pre_skip = struct.unpack("<H", data[head + 10 : head + 12])[0]
    else:
        vorbis = data.find(b"\x01vorbis")
        if vorbis >= 0 and vorbis + 16 <= len(data):
            rate = struct.unpack("<I", data[vorbis + 12 : vorbis + 16])[0]
    last_page = data.rfind(b"OggS")
    if rate is None or last_page < 0 or last_page + 14 > len(data):
        return None
    granule = struct.unpack("<q", data[last_page + 6 : last_page + 14])[0]
    if granule < 0:
        return None
    return max(granule - pre_skip, 0) / rate


# --- MP4 ----------------------------------------------------------------------------------------


def _mp4_boxes(data: bytes, start: int, end: int, *, strict: bool = False):
    """The boxes between ``start`` and ``end``: (kind, body start, body end). ``strict`` refuses a
    box that announces more bytes than there are, rather than cutting it short."""
    pos = start
    while pos + 8 <= end:
        size = struct.unpack(">I", data[pos : pos + 4])[0]
        kind = data[pos + 4 : pos + 8]
        header = 8
        if size == 1 and pos + 16 <= end:
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header:
            return
        if strict and pos + size > end:
            raise AudioError("type")
        yield kind, pos + header, min(pos + size, end)
        pos += size


def _check_mp4(data: bytes) -> None:
    """Boxes from the first to the last byte, an `ftyp` first, some media data (`mdat`) and its
    description (`moov`, or `moof` fragments)."""
    kinds, covered = [], 0
    for kind, _start, end in _mp4_boxes(data, 0, len(data), strict=True):
        if not all(32 <= byte < 127 for byte in kind):
            raise AudioError("type")
        kinds.append(kind)
        covered = end
    if (
        not kinds
        or kinds[0] != b"ftyp"
        or covered != len(data)
        or b"mdat" not in kinds
        or not ({b"moov", b"moof"} & set(kinds))
    ):
        raise AudioError("type")


def _mp4_seconds(data: bytes) -> float | None:
    for kind, start, end in _mp4_boxes(data, 0, len(data)):
        if kind != b"moov":
            continue
        for inner, body, body_end in _mp4_boxes(data, start, end):
            if inner != b"mvhd" or body_end - body < 20:
                continue
            version = data[body]
            if version == 1 and body_end - body >= 32:
                timescale, duration = struct.unpack(">IQ", data[body + 20 : body + 32])
            else:
                timescale, duration = struct.unpack(">II", data[body + 12 : body + 20])
            if timescale and duration:
                return duration / timescale
    return None
