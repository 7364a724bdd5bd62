"""Keyed pseudonyms for identifiers of people, and the BSN check that comes first.

pseudonym(value) = key version + "_" + letters of HMAC-SHA256(key, namespace 0x1F value)[:16]

The namespace (client, household, professional) keeps a client and a professional who
share a number apart. 16 bytes (128 bits) of the HMAC make collisions out of reach for any
realistic number of people. The letters write each half-byte as one of a..p (hexadecimal
with letters for digits): fast, and a pseudonym can never contain a number such as a BSN.
"""

from __future__ import annotations

import hmac
import re

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
    """`canonical_bsn` for a whole string array at once (null where it gives None)."""
    digits = pc.replace_substring_regex(values, r"[.\- \t]", "")
    padded = pc.utf8_lpad(digits, 9, "0")
    well_formed = pc.and_(pc.match_substring_regex(digits, r"^[0-9]{8,9}$"), pc.not_equal(padded, "000000000"))
    safe = pc.if_else(well_formed, padded, "000000000")  # so that every slice below is a digit
    total = None
    for i, weight in enumerate(_BSN_WEIGHTS):
        digit = pc.cast(pc.utf8_slice_codeunits(safe, i, i + 1), pa.int64())
        total = pc.multiply(digit, weight) if total is None else pc.add(total, pc.multiply(digit, weight))
    valid = pc.and_(well_formed, pc.equal(pc.remainder(total, 11), 0))
    return pc.if_else(valid, padded, pa.scalar(None, pa.string()))


_LETTER_BYTES = np.frombuffer(b"abcdefghijklmnop", np.uint8)


class _Known:
    """The values of one namespace met so far, with their digests, kept as arrays: a batch
    finds its distinct values among them in one vectorised lookup, and only values never
    met before are hashed (in Python, one HMAC each)."""

    def __init__(self) -> None:
        self.values = pa.array([], pa.string())
        self.digests = np.zeros((0, 16), np.uint8)
        self.present = np.zeros(0, bool)  # False where the value was empty or failed the BSN check
        self._pending: list[pa.Array] = []


class Pseudonymizer:
    """Computes each pseudonym once per distinct value and remembers it."""

    def __init__(self, key: Key) -> None:
        self.version = key.version
        self._mac = hmac.new(key.secret, digestmod="sha256")  # copied per value: the key is set up once
        self._known: dict[tuple[str, bool], _Known] = {}

    def _digest(self, namespace: str, value: str) -> bytes:
        mac = self._mac.copy()
        mac.update(namespace.encode() + b"\x1f" + value.encode("utf-8"))
        return mac.digest()[:16]

    def one(self, namespace: str, value: str) -> str:
        return self._texts(np.frombuffer(self._digest(namespace, value), np.uint8).reshape(1, 16),
                           np.ones(1, bool))[0].as_py()

    def _texts(self, digests: np.ndarray, present: np.ndarray) -> pa.Array:
        """The pseudonyms of digests (n x 16 bytes): the version, "_" and the letters of
        each (see above); null where not `present`."""
        n = len(digests)
        prefix = np.frombuffer((self.version + "_").encode(), np.uint8)
        width = len(prefix) + 32
        rows = np.empty((n, width), np.uint8)
        rows[:, :len(prefix)] = prefix
        rows[:, len(prefix)::2] = _LETTER_BYTES[digests >> 4]
        rows[:, len(prefix) + 1::2] = _LETTER_BYTES[digests & 15]
        offsets = np.arange(0, n * width + 1, width, dtype=np.int32)
        texts = pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(rows.tobytes())])
        return pc.if_else(pa.array(present), texts, pa.scalar(None, pa.string()))

    def array(self, namespace: str, values: pa.Array, bsn: bool = False) -> tuple[pa.Array, list[str]]:
        """Pseudonymise a string array (already trimmed; empty means missing).

        Returns the pseudonyms (null where missing or invalid) and the distinct raw
        values that failed the BSN check, so the caller can locate them.
        """
        encoded = values.dictionary_encode()
        distinct = encoded.dictionary
        known = self._known.setdefault((namespace, bsn), _Known())
        found = pc.index_in(distinct, value_set=known.values)
        new = pc.is_null(found).to_numpy(zero_copy_only=False)
        where = pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)
        if new.any():
            fresh = distinct.filter(pa.array(new))
            forms = (canonical_bsns(fresh) if bsn else fresh).to_pylist()
            digests = np.zeros((len(forms), 16), np.uint8)
            for i, form in enumerate(forms):
                if form:
                    digests[i] = np.frombuffer(self._digest(namespace, form), np.uint8)
            where[new] = len(known.values) + np.arange(len(forms))
            known.values = pa.concat_arrays([known.values, fresh])
            known.digests = np.concatenate([known.digests, digests])
            known.present = np.concatenate([known.present, np.array([bool(f) for f in forms], bool)])
        present = known.present[where]
        invalid = distinct.filter(pa.array(~present & (pc.utf8_length(distinct).to_numpy(zero_copy_only=False) > 0)))
        return (pc.take(self._texts(known.digests[where], present), encoded.indices),
                invalid.to_pylist() if bsn else [])
