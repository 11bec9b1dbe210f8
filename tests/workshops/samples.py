"""Small audio files built byte by byte, with a known length, for the audio checks."""

import struct


def _size(length: int) -> bytes:
    if length < 0x7F:
        return bytes([0x80 | length])
    return b"\x01" + length.to_bytes(7, "big")


def _element(element_id: bytes, payload: bytes) -> bytes:
    return element_id + _size(len(payload)) + payload


UNKNOWN = b"\x01\xff\xff\xff\xff\xff\xff\xff"


def webm(seconds: float, *, frame_ms: int = 500) -> bytes:
    """A live-style WebM (unknown segment and cluster sizes, no Duration), as MediaRecorder writes."""
    header = _element(b"\x1a\x45\xdf\xa3", _element(b"\x42\x82", b"webm"))
    info = _element(b"\x15\x49\xa9\x66", _element(b"\x2a\xd7\xb1", (1_000_000).to_bytes(3, "big")))
    body = b""
    total_ms = int(seconds * 1000)
    for cluster_start in range(0, total_ms + 1, 10_000):
        blocks = b""
        for offset in range(0, min(10_000, total_ms - cluster_start + 1), frame_ms):
            frame = b"\x81" + struct.pack(">h", offset) + b"\x80" + b"\x00" * 20
            blocks += _element(b"\xa3", frame)
        body += b"\x1f\x43\xb6\x75" + UNKNOWN + _element(b"\xe7", cluster_start.to_bytes(4, "big"))
        body += blocks
    return header + b"\x18\x53\x80\x67" + UNKNOWN + info + body


def _ogg_page(granule: int, payload: bytes, header_type: int) -> bytes:
    return (
        b"OggS\x00"
        + bytes([header_type])
        + struct.pack("<q", granule)
        + b"\x01\x00\x00\x00"
        + b"\x00\x00\x00\x00"
        + b"\x00\x00\x00\x00"
        + bytes([1, len(payload)])
        + payload
    )


def ogg_opus(seconds: float) -> bytes:
    head = b"OpusHead" + bytes([1, 1]) + struct.pack("<HIhB", 312, 48_000, 0, 0)
    last = _ogg_page(int(seconds * 48_000) + 312, b"\x00" * 40, 4)
    return _ogg_page(0, head, 2) + _ogg_page(0, b"OpusTags" + b"\x00" * 8, 0) + last


def mp4(seconds: float, *, media_bytes: int = 64) -> bytes:
    ftyp = struct.pack(">I", 20) + b"ftypM4A \x00\x00\x00\x00isom"
    mvhd_body = b"\x00\x00\x00\x00" + struct.pack(">IIII", 0, 0, 1000, int(seconds * 1000))
    mvhd_body += b"\x00" * 80
    mvhd = struct.pack(">I", 8 + len(mvhd_body)) + b"mvhd" + mvhd_body
    moov = struct.pack(">I", 8 + len(mvhd)) + b"moov" + mvhd
    mdat = struct.pack(">I", 8 + media_bytes) + b"mdat" + b"\x00" * media_bytes
    return ftyp + moov + mdat
