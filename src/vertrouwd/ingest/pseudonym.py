"""Keyed pseudonyms for identifiers of people, and the BSN check that comes first.

pseudonym(value) = key version + "_" + letters(HMAC-SHA256(key, namespace 0x1F value)[:16])

The namespace (client, household, professional) keeps a client and a professional who
share a number apart. 16 bytes (128 bits) of the HMAC make collisions out of reach for any
realistic number of people. `letters` writes each half-byte as one of a..p (hexadecimal
with letters for digits): fast, and a pseudonym can never contain a number such as a BSN.
"""

from __future__ import annotations

import hmac

import pyarrow as pa
import pyarrow.compute as pc

from vertrouwd.keys import Key

_BSN_SEPARATORS = str.maketrans("", "", ".- \t")
_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


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


_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")
_MISSING = object()


def letters(data: bytes) -> str:
    return data.hex().translate(_LETTERS)


class Pseudonymizer:
    """Computes each pseudonym once per distinct value and remembers it."""

    def __init__(self, key: Key) -> None:
        self.version = key.version
        self._key = key.secret
        self._cache: dict[tuple[str, bool], dict[str, str | None]] = {}

    def one(self, namespace: str, value: str) -> str:
        message = namespace.encode() + b"\x1f" + value.encode("utf-8")
        return self.version + "_" + letters(hmac.digest(self._key, message, "sha256")[:16])

    def array(self, namespace: str, values: pa.Array, bsn: bool = False) -> tuple[pa.Array, list[str]]:
        """Pseudonymise a string array (already trimmed; empty means missing).

        Returns the pseudonyms (null where missing or invalid) and the distinct raw
        values that failed the BSN check, so the caller can locate them.
        """
        encoded = values.dictionary_encode()
        distinct = encoded.dictionary.to_pylist()
        cache = self._cache.setdefault((namespace, bsn), {})
        out = [cache.get(v, _MISSING) for v in distinct]
        for i, found in enumerate(out):
            if found is _MISSING:
                raw = distinct[i]
                if bsn and raw:
                    raw = canonical_bsn(raw)
                out[i] = cache[distinct[i]] = self.one(namespace, raw) if raw else None
        invalid = [v for v, p in zip(distinct, out) if p is None and v] if bsn else []
        return pc.take(pa.array(out, pa.string()), encoded.indices), invalid
