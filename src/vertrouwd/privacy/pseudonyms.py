"""Keyed pseudonyms for identifiers of people, and the BSN check that comes first.

stored:  HMAC-SHA256(key, namespace 0x1F value)[:16], 16 bytes (a UUID column in the store)
printed: key version + "_" + the letters of those 16 bytes (what people see and type)

The namespace (client, household, professional) keeps a client and a professional who
share a number apart. 16 bytes (128 bits) of the HMAC make collisions out of reach for any
realistic number of people. The letters write each half-byte as one of a..p (hexadecimal
with letters for digits): a printed pseudonym can never contain a number such as a BSN.
The store keeps the 16 bytes alone: writing them costs half of writing the 37 letters, and
its one key version (`Store.key_version`) gives the printed form back.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from itertools import repeat

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from vertrouwd.privacy.keys import Key

_BSN_SEPARATORS = str.maketrans("", "", ".- \t")
_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


_DIGIT_RUN = re.compile(r"[0-9]+")


def neutral(text: str) -> str:
    """Free text that goes into the store (a file name, the reason of a handover) with every
    number that could be a number of a person replaced by '#': runs of 3 or more digits,
    except a year (1900-2100). 'dossier_999190532.csv' -> 'dossier_#.csv';
    'contacten_2024.csv' stays."""
    def mask(match: re.Match) -> str:
        run = match.group()
        keep = len(run) <= 2 or (len(run) == 4 and 1900 <= int(run) <= 2100)
        return run if keep else "#"

    return _DIGIT_RUN.sub(mask, text)


def canonical_bsn(text: str) -> str | None:
    """The nine ASCII digits of a valid BSN, or None when it fails the elfproef.

    Dots, dashes and spaces are removed; eight digits get a leading zero; other
    characters (letters, non-ASCII digits such as Arabic-Indic ones) are refused.
    Elfproef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 must be divisible by 11; 000000000 is refused.
    """
    digits = text.translate(_BSN_SEPARATORS)
    if not (digits.isascii() and digits.isdigit()) or len(digits) not in (8, 9):
        return None
    digits = digits.zfill(9)
    if digits == "000000000":
        return None
    total = sum(w * int(d) for w, d in zip(_BSN_WEIGHTS, digits))
    return digits if total % 11 == 0 else None


def canonical_bsns(values: pa.Array) -> pa.Array:
    """`canonical_bsn` for a whole string array at once (null where it gives None).

    Nearly every value is written as nine digits: those are checked straight on the
    array's bytes; the others (dots, dashes, eight digits, anything else) go the long way."""
    values = values.cast(pa.string())
    n = len(values)
    offsets = np.frombuffer(values.buffers()[1], np.int32)[values.offset:values.offset + n + 1] if n else np.zeros(1, np.int32)
    data = np.frombuffer(values.buffers()[2] or b"\0", np.uint8)
    nine = np.diff(offsets) == 9
    if values.null_count:
        nine &= values.is_valid().to_numpy(zero_copy_only=False)
    digits = data[offsets[:-1][nine, None] + np.arange(9)].astype(np.int64) - ord("0")
    fast = np.zeros(n, bool)
    fast[nine] = ((digits >= 0) & (digits <= 9)).all(axis=1)
    valid = np.zeros(n, bool)
    valid[nine] = _elfproef(digits) & fast[nine]
    result = pc.if_else(pa.array(valid), values, pa.scalar(None, pa.string()))
    slow = np.flatnonzero(~fast)
    if not len(slow):
        return result
    # the rest, put back in place: position i takes from `result`, or from the long way's j-th value
    positions = np.arange(n)
    positions[slow] = n + np.arange(len(slow))
    return pa.concat_arrays([result, _canonical_bsns_written_otherwise(values.take(pa.array(slow)))]).take(
        pa.array(positions))


def _elfproef(digits: np.ndarray) -> np.ndarray:
    """Rows of nine digits (0-9, as numbers) that pass the elfproef and are not all zero."""
    total = digits @ np.array(_BSN_WEIGHTS, np.int64)
    return (total % 11 == 0) & digits.any(axis=1)


def _canonical_bsns_written_otherwise(values: pa.Array) -> pa.Array:
    digits = pc.replace_substring_regex(values, r"[.\- \t]", "")
    padded = pc.utf8_lpad(digits, 9, "0")
    well_formed = pc.fill_null(pc.match_substring_regex(digits, r"^[0-9]{8,9}$"), False)
    safe = pc.if_else(well_formed, padded, "000000000")  # so that every value is nine digits
    start = np.frombuffer(safe.buffers()[1], np.int32)[safe.offset]
    nines = np.frombuffer(safe.buffers()[2], np.uint8)[start:start + 9 * len(safe)].reshape(-1, 9)
    valid = pc.and_(well_formed, pa.array(_elfproef(nines.astype(np.int64) - ord("0"))))
    return pc.if_else(valid, padded, pa.scalar(None, pa.string()))


# Each half-byte written as a letter instead of a hexadecimal digit.
_HEX, _LETTERS = "0123456789abcdef", "abcdefghijklmnop"
_HEX_TO_LETTERS = str.maketrans(_HEX, _LETTERS)


def printed(stored: uuid.UUID | str | None, version: str) -> str | None:
    """The pseudonym as people see it ("bbkl_nhpo…") from its stored form (16 bytes, a
    UUID in the store; DuckDB hands a UUID to Arrow as its text)."""
    if stored is None:
        return None
    digits = stored.hex if isinstance(stored, uuid.UUID) else str(stored).replace("-", "")
    return f"{version}_{digits.translate(_HEX_TO_LETTERS)}"


_HEX_BYTES_TO_LETTERS = np.zeros(256, np.uint8)  # the same, byte by byte, for a whole column
_HEX_BYTES_TO_LETTERS[np.frombuffer(_HEX.encode(), np.uint8)] = np.frombuffer(_LETTERS.encode(), np.uint8)


def printed_array(values: pa.Array, version: str) -> pa.Array:
    """`printed` for a whole column: Arrow UUIDs, or their text as DuckDB hands UUIDs to Arrow."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values.type, pa.BaseExtensionType):
        digests = np.frombuffer(values.storage.buffers()[1], np.uint8)[16 * values.offset:16 * (values.offset + len(values))]
        hex_bytes = np.frombuffer(digests.tobytes().hex().encode(), np.uint8)
    else:
        plain = pc.fill_null(pc.replace_substring(values, "-", ""), "0" * 32)
        start = np.frombuffer(plain.buffers()[1], np.int32)[plain.offset]
        hex_bytes = np.frombuffer(plain.buffers()[2], np.uint8)[start:start + 32 * len(plain)]
    prefix = np.frombuffer((version + "_").encode(), np.uint8)
    rows = np.empty((len(values), len(prefix) + 32), np.uint8)
    rows[:, :len(prefix)] = prefix
    rows[:, len(prefix):] = _HEX_BYTES_TO_LETTERS[hex_bytes].reshape(-1, 32)
    offsets = np.arange(0, rows.size + 1, rows.shape[1], dtype=np.int32)
    texts = pa.Array.from_buffers(pa.string(), len(values), [None, pa.py_buffer(offsets), pa.py_buffer(rows.tobytes())])
    return pc.if_else(pc.is_valid(values), texts, pa.scalar(None, pa.string()))


class _Known:
    """The values of one namespace met so far: each value's row in `digests`, so a batch
    looks up only its distinct values, and only values never met before are hashed."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}
        # each value's 16 bytes, null where the value was empty or failed the BSN check;
        # Arrow gathers 16-byte values ten times faster than NumPy gathers rows of bytes
        self.digests = pa.array([], pa.binary(16))
        self.last: pa.Array | None = None  # the previous batch's distinct values
        self.last_rows = np.zeros(0, np.int64)  # and their rows in `digests`


class Pseudonymizer:
    """Computes each pseudonym once per distinct value and remembers it."""

    def __init__(self, key: Key) -> None:
        self.version = key.version
        # HMAC (RFC 2104) as SHA-256 states with the padded key already fed in: one copy per
        # value instead of setting the key up again, a third of the time of `hmac.digest`.
        block = key.secret if len(key.secret) <= 64 else hashlib.sha256(key.secret).digest()
        block = block.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
        self._known: dict[tuple[str, bool], _Known] = {}

    def _digest(self, namespace: str, value: str) -> bytes:
        return self._digests(namespace, [value]).tobytes()

    def _digests(self, namespace: str, forms: list[str | None]) -> np.ndarray:
        """HMAC-SHA256(key, namespace 0x1F value)[:16] of many values as n x 16 bytes (zeros
        where there is no value)."""
        inner_start, outer_start, prefix = self._inner, self._outer, namespace.encode() + b"\x1f"
        blob = bytearray(16 * len(forms))
        for i, form in enumerate(forms):
            if form:
                inner = inner_start.copy()
                inner.update(prefix + form.encode("utf-8"))
                outer = outer_start.copy()
                outer.update(inner.digest())
                blob[16 * i:16 * i + 16] = outer.digest()[:16]
        return np.frombuffer(bytes(blob), np.uint8).reshape(-1, 16)

    def one(self, namespace: str, value: str) -> str:
        """The printed pseudonym of one value."""
        return printed(self.stored(namespace, value), self.version)

    def stored(self, namespace: str, value: str) -> uuid.UUID:
        """The stored form of one value's pseudonym."""
        return uuid.UUID(bytes=self._digest(namespace, value))

    def array(self, namespace: str, values: pa.Array, bsn: bool = False) -> tuple[pa.Array, list[str]]:
        """Pseudonymise a string array (already trimmed; empty means missing).

        Returns the stored pseudonyms (Arrow UUIDs, null where missing or invalid) and the
        distinct raw values that failed the BSN check, so the caller can locate them.
        """
        encoded = values.dictionary_encode()
        dictionary = encoded.dictionary
        known = self._known.setdefault((namespace, bsn), _Known())
        # Most values of a batch were in the one before (an export runs by date): those are
        # found by Arrow in one step; the others among all values met, one lookup each.
        where = np.full(len(dictionary), -1, np.int64)
        if known.last is not None:
            at = pc.fill_null(pc.index_in(dictionary, value_set=known.last), -1).to_numpy(zero_copy_only=False)
            met = at >= 0
            where[met] = known.last_rows[at[met]]
        unseen = np.flatnonzero(where < 0)
        others = dictionary.take(pa.array(unseen)).to_pylist()
        where[unseen] = np.array(list(map(known.rows.get, others, repeat(-1, len(others)))), np.int64)
        new = unseen[where[unseen] < 0]
        if len(new):
            fresh = dictionary.take(pa.array(new))
            raw = fresh.to_pylist()
            forms = canonical_bsns(fresh).to_pylist() if bsn else raw  # what is hashed
            first = len(known.digests)
            known.rows.update(zip(raw, range(first, first + len(raw))))
            where[new] = first + np.arange(len(raw))
            present = np.array([bool(f) for f in forms], bool)
            validity = None if present.all() else pa.py_buffer(np.packbits(present, bitorder="little"))
            digests = pa.py_buffer(self._digests(namespace, forms))
            known.digests = pa.concat_arrays(
                [known.digests, pa.Array.from_buffers(pa.binary(16), len(forms), [validity, digests])])
        known.last, known.last_rows = dictionary, where
        per_value = known.digests.take(pa.array(where))
        invalid = []
        if bsn:  # filled in, yet no pseudonym: not a BSN
            invalid = dictionary.filter(pc.and_(pc.is_null(per_value), pc.greater(pc.utf8_length(dictionary), 0)))
            invalid = invalid.to_pylist()
        return pa.ExtensionArray.from_storage(pa.uuid(), per_value.take(encoded.indices)), invalid
