"""What a file is before it is parsed: content hash, text encoding, delimiter.

Encoding: a file that is valid UTF-8 (with or without BOM) is read as UTF-8. A file with
bytes that are not UTF-8 and no valid multi-byte UTF-8 before them is read as
Windows-1252, the encoding Dutch case-management systems export. A file that starts as
UTF-8 and then breaks is corrupt, and the first bad byte is reported with its line.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from pathlib import Path
from typing import Callable, Iterator

from vertrouwd.errors import ProblemCollector

CHUNK = 8 << 20
DELIMITERS = (";", ",", "\t")
# Bytes that Windows-1252 leaves undefined.
_CP1252_UNDEFINED = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D])


def _chunks(path: Path) -> Iterator[bytearray]:
    """The file's bytes in chunks read into one buffer, used again for every chunk: a new
    buffer per chunk costs the kernel a fresh zeroed page for every byte of the file."""
    buffer = bytearray(CHUNK)
    with open(path, "rb", buffering=0) as handle:
        while n := handle.readinto(buffer):
            yield buffer if n == CHUNK else buffer[:n]


def content_hash(path: Path, progress: Callable[[int], None] | None = None) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for chunk in _chunks(path):
        digest.update(chunk)
        size += len(chunk)
        if progress:
            progress(len(chunk))
    return digest.hexdigest(), size


def text_encoding(path: Path, problems: ProblemCollector) -> str | None:
    """The file's text encoding; None, with the problem reported, when it cannot be read as
    text. A pass of its own, apart from `content_hash`: it takes a fifth of the hash's time,
    and the hash then runs beside the reading of the first rows."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = 0
    seen_utf8_multibyte = False
    bad_utf8: int | None = None  # byte offset; its line is counted only when needed
    first = True
    for chunk in _chunks(path):
        if first:
            first = False
            if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                problems.add(None, None, "encoding.utf16")
                return None
            if chunk.startswith(b"PK\x03\x04") or b"\x00" in chunk[:4096]:
                problems.add(None, None, "encoding.binary")
                return None
        if not chunk.isascii():
            try:
                decoder.decode(chunk)
                seen_utf8_multibyte = True
            except UnicodeDecodeError as err:
                # err.start is relative to the chunk plus any bytes the decoder held back.
                start = max(0, err.start - len(decoder.getstate()[0]))
                bad_utf8 = size + start
                seen_utf8_multibyte = seen_utf8_multibyte or _has_utf8_multibyte(chunk[:start])
                break
        size += len(chunk)
    if bad_utf8 is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            problems.add(_line_at(path, size), None, "encoding.bad_utf8")
            return None
        return "utf-8"
    if seen_utf8_multibyte:
        problems.add(_line_at(path, bad_utf8), None, "encoding.bad_utf8")
        return None
    line = _first_undefined_cp1252(path)
    if line is not None:
        problems.add(line, None, "encoding.unknown")
        return None
    return "cp1252"


def _line_at(path: Path, offset: int) -> int:
    """The line (from 1) holding the byte at `offset`: counted again on the rare bad file
    rather than on every chunk of every good one."""
    newlines, left = 0, offset
    with open(path, "rb") as handle:
        while left > 0 and (chunk := handle.read(min(CHUNK, left))):
            newlines += chunk.count(b"\n")
            left -= len(chunk)
    return newlines + 1


def _has_utf8_multibyte(data: bytes) -> bool:
    try:
        return not data.decode("utf-8").isascii()
    except UnicodeDecodeError:
        return False


def _first_undefined_cp1252(path: Path) -> int | None:
    """The line of the first byte Windows-1252 leaves undefined, if any."""
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            positions = [p for p in (chunk.find(bytes([b])) for b in _CP1252_UNDEFINED) if p >= 0]
            if positions:
                return _line_at(path, size + min(positions))
            size += len(chunk)
    return None


# A header longer than this is not a header (and Python's CSV reader stops at 128 kB).
MAX_HEADER = 64 << 10


def read_header(path: Path, encoding: str, problems: ProblemCollector) -> tuple[list[str], str, bool]:
    """The header fields, the delimiter (the candidate that splits the header most) and
    whether anything follows the header line."""
    with open(path, encoding=encoding, newline="") as handle:
        first = handle.readline(MAX_HEADER + 1)
        rows_follow = first.endswith("\n") and handle.read(1) != ""
    first = first.lstrip("\ufeff").rstrip("\r\n")
    if len(first) > MAX_HEADER:
        problems.add(1, None, "csv.header_too_long", kilobytes=MAX_HEADER >> 10)
        return [], ",", False
    best = max(DELIMITERS, key=lambda d: len(next(csv.reader([first], delimiter=d), [])))
    fields = next(csv.reader([first], delimiter=best), [])
    return [f.strip() for f in fields], best, rows_follow
