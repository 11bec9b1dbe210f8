"""Reading files as streams: the text encoding, CSV rows with their real line numbers, and the
records of a JSON file one by one — a file of 50,000 rows is never held whole in memory."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from typing import BinaryIO

from mille.core.text import spreadsheet_value

CHUNK = 1 << 16
# A template's description and example rows carry this marker in a cell.
IGNORE_MARK = "__ignore__"
# CSV cells may hold long descriptions.
csv.field_size_limit(1 << 24)


class Unreadable(ValueError):
    """The file is not text in UTF-8 or Windows-1252, or not valid JSON (with where)."""

    def __init__(self, line: int = 0, column: int = 0):
        super().__init__(line, column)
        self.line, self.column = line, column


def as_stream(data: bytes | BinaryIO) -> BinaryIO:
    return io.BytesIO(data) if isinstance(data, bytes | bytearray) else data


def detect_encoding(stream: BinaryIO) -> str:
    """UTF-8 (with or without BOM) when every byte decodes so, else Windows-1252 (the
    Annuaire's older extracts, and spreadsheets saved on Windows). Leaves the stream at its start."""
    stream.seek(0)
    head = stream.read(3)
    stream.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "cp1252"
    stream.seek(0)
    if encoding == "cp1252":
        # Bytes with no character in Windows-1252 (and NUL): such a file is no text at all.
        while chunk := stream.read(CHUNK):
            if any(byte in chunk for byte in b"\x81\x8d\x8f\x90\x9d\x00"):
                stream.seek(0)
                raise Unreadable()
        stream.seek(0)
    return encoding


def text(stream: BinaryIO) -> io.TextIOWrapper:
    return io.TextIOWrapper(stream, encoding=detect_encoding(stream), newline="")


def csv_rows(stream: BinaryIO) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and the rows of a CSV file (`;` or `,` separated), each with the line it starts
    on. Rows of a template marked `__ignore__` are skipped."""
    handle = text(stream)
    first = handle.readline()
    delimiter = max(";,\t", key=first.count)
    header = [name.strip() for name in next(csv.reader([first], delimiter=delimiter), [])]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        reader = csv.reader(handle, delimiter=delimiter)
        previous_end = 1
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if any(cell.strip() == IGNORE_MARK for cell in cells):
                yield line, {IGNORE_MARK: IGNORE_MARK}
                continue
            yield line, dict(zip(header, map(spreadsheet_value, cells), strict=False))

    return header, rows()


class _JsonReader:
    """Walks a JSON text from a stream, decoding one value at a time and counting lines."""

    def __init__(self, handle: io.TextIOBase):
        self.handle, self.buffer, self.pos, self.line = handle, "", 0, 1
        self.decoder = json.JSONDecoder()
        self.eof = False

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.handle.read(CHUNK)
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        self.eof = not chunk
        return bool(chunk)

    def _advance(self, end: int) -> None:
        self.line += self.buffer.count("\n", self.pos, end)
        self.pos = end

    def peek(self) -> str:
        """The next significant character ('' at the end), whitespace skipped."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n\ufeff":
                self._advance(self.pos + 1)
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def take(self, expected: str) -> None:
        if self.peek() != expected:
            raise Unreadable(self.line)
        self._advance(self.pos + 1)

    def value(self):
        """Decode the next whole value, reading more of the stream as long as it is cut short."""
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except RecursionError as error:
                # Brackets nested thousands deep: no real file looks like this.
                raise Unreadable(self.line) from error
            except json.JSONDecodeError as error:
                if self._fill():
                    continue
                line = self.line + self.buffer.count("\n", self.pos, error.pos)
                raise Unreadable(line, error.colno) from error
            # A number or a word may go on in the next chunk.
            if end == len(self.buffer) and not self.eof and self._fill():
                continue
            start = self.line
            self._advance(end)
            return start, value

    def array(self) -> Iterator[tuple[int, object]]:
        self.take("[")
        if self.peek() == "]":
            self._advance(self.pos + 1)
            return
        while True:
            yield self.value()
            following = self.peek()
            if following == "]":
                self._advance(self.pos + 1)
                return
            self.take(",")


# Keys of the envelopes that hold records: ours and data·inclusion's exports ({structures,
# services}), the API's pages ({items, total, page, size, pages} or {items, next_cursor...}).
RECORD_LISTS = ("structures", "services", "items")


def json_records(stream: BinaryIO) -> Iterator[tuple[int, str, object]]:
    """Every record of a JSON file with its line and the list it came from ("structures",
    "services", "items", or "" for a bare list). Accepts a list of records, one envelope, a list
    of envelopes, or several envelopes one after the other (pages saved one by one)."""
    reader = _JsonReader(text(stream))
    while (start := reader.peek()) != "":
        if start == "[":
            for line, item in reader.array():
                if isinstance(item, dict) and any(
                    isinstance(item.get(key), list) for key in RECORD_LISTS
                ):
                    yield from _envelope_records(line, item)
                else:
                    yield line, "", item
        elif start == "{":
            reader.take("{")
            if reader.peek() == "}":
                reader._advance(reader.pos + 1)
                continue
            while True:
                _line, key = reader.value()
                reader.take(":")
                if key in RECORD_LISTS and reader.peek() == "[":
                    for line, item in reader.array():
                        yield line, key, item
                else:
                    reader.value()
                if reader.peek() == "}":
                    reader._advance(reader.pos + 1)
                    break
                reader.take(",")
        else:
            raise Unreadable(reader.line)


def _envelope_records(line: int, envelope: dict) -> Iterator[tuple[int, str, object]]:
    for key in RECORD_LISTS:
        for item in envelope.get(key) or []:
            yield line, key, item
