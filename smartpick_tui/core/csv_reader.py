"""The bounded CSV reader under the program import (core/csv_import.py): a user's file, whatever it
is, read line by line with a cap on line length, so a binary file, a workbook, UTF-16 text or an
endless line is a clear `CsvImportError` naming the line, in bounded memory, before any row is
looked at. UTF-8 with or without a BOM; `,`, `;` or tab separators found from the header row."""

from __future__ import annotations

import csv
import io
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from smartpick_tui.core.sanitize import clean_line

if TYPE_CHECKING:
    import _csv

MAX_LINE_BYTES = 64 * 1024
SNIFF_BYTES = 8192


T = TypeVar("T")


class CsvImportError(ValueError):
    """The file as a whole cannot be imported; the message says why and what to do."""


def parse_csv_path(path: Path, parse: Callable[[BinaryIO, str], T]) -> T:
    """`parse(stream, name)` over a user's CSV file, opened only if it is a regular file: a FIFO
    would block the reader, a device (/dev/zero, /dev/tty, /proc's files) is never a CSV, and
    its first line must not be shown back in a "Found: …" message (issue 25: a page driving
    `serve` could read it). The name is cleaned: it is stored in every imported row's source."""
    shown = clean_line(str(path))
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise CsvImportError(f"{shown} is a folder, not a CSV file")
        if not stat.S_ISREG(info.st_mode):
            raise CsvImportError(
                f"{shown} is not a regular file (a device, FIFO or socket); nothing was read"
            )
        with path.open("rb") as handle:
            return parse(handle, clean_line(path.name))
    except FileNotFoundError:
        raise CsvImportError(f"{shown} does not exist") from None
    except OSError as error:
        raise CsvImportError(f"cannot read {shown}: {error.strerror or error}") from None


def open_csv(stream: BinaryIO, source: str) -> tuple[_csv.Reader, str]:
    """A csv reader over `stream`'s checked lines, and the separator; CsvImportError for a file
    that is not CSV text (binary, a workbook, UTF-16, empty)."""
    head = stream.read(SNIFF_BYTES)
    _check_not_binary(head, source)
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise CsvImportError(f"{source} is empty: it needs a header row and at least one program")
    lines = _decoded_lines(head, stream, source)
    header_line = next(lines)
    delimiter = _sniff_delimiter(header_line)
    return csv.reader(_chain_first(header_line, lines), delimiter=delimiter), delimiter


def _check_not_binary(head: bytes, source: str) -> None:
    if head.startswith(b"PK\x03\x04"):
        raise CsvImportError(
            f"{source} is a zip/Excel workbook, not CSV: in the spreadsheet use "
            "File > Save As > 'CSV UTF-8' and import that file"
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvImportError(f"{source} is UTF-16 text: save it as 'CSV UTF-8' and import again")
    if b"\x00" in head or head.startswith(b"%PDF"):
        raise CsvImportError(f"{source} is a binary file, not CSV text: export the table as CSV")


def _decoded_lines(head: bytes, stream: BinaryIO, source: str) -> Iterator[str]:
    """Physical lines as text; CsvImportError naming the line on bad UTF-8 or an endless line."""
    buffer: BinaryIO = io.BufferedReader(_Prefixed(head, stream)) if head else stream  # type: ignore[type-var]
    number = 0
    while True:
        raw = buffer.readline(MAX_LINE_BYTES)
        if not raw:
            return
        number += 1
        if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise CsvImportError(
                f"{source}, line {number}: longer than {MAX_LINE_BYTES // 1024} KB; "
                "is this really a CSV file?"
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise CsvImportError(
                f"{source}, line {number}: not UTF-8 text. Save the file as 'CSV UTF-8' "
                "(Excel: File > Save As) and import again"
            ) from None
        if number == 1:
            text = text.removeprefix("\ufeff")
        if "\r" in text.rstrip("\r\n"):
            raise CsvImportError(
                f"{source}, line {number}: old Mac line ends (CR only); save the "
                "file with Windows or Unix line ends"
            )
        yield text


class _Prefixed(io.RawIOBase):
    """The sniffed head followed by the rest of the stream, for BufferedReader.readline."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(target), len(self._head))
            target[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        chunk = self._rest.read(len(target))
        target[: len(chunk)] = chunk
        return len(chunk)


def _chain_first(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _sniff_delimiter(header_line: str) -> str:
    """The separator of the header row: `;`, tab or `,` (the most frequent outside quotes)."""
    outside = re.sub(r'"[^"]*"', "", header_line)
    counts = {sep: outside.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))
    return best if counts[best] else ","
