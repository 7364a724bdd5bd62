"""Keyed pseudonyms for identifiers of people, and the BSN check that comes first.

pseudonym(value) = key version + "_" + base32(HMAC-SHA256(key, namespace 0x1F value))[:26]

The namespace (client, household, professional) keeps a client and a professional who
share a number apart. 26 base32 characters keep 130 bits of the HMAC: collisions are
out of reach for any realistic number of people. Base32 has no 0, 1, 8 or 9, so a
pseudonym cannot contain a nine-digit number such as a BSN.
"""

from __future__ import annotations

import base64
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


class Pseudonymizer:
    """Computes each pseudonym once per distinct value and remembers it."""

    def __init__(self, key: Key) -> None:
        self.version = key.version
        self._key = key.secret
        self._cache: dict[str, dict[str, str]] = {}

    def one(self, namespace: str, value: str) -> str:
        cache = self._cache.setdefault(namespace, {})
        found = cache.get(value)
        if found is None:
            message = namespace.encode() + b"\x1f" + value.encode("utf-8")
            digest = hmac.new(self._key, message, "sha256").digest()
            found = self.version + "_" + base64.b32encode(digest).decode().lower()[:26]
            cache[value] = found
        return found

    def array(self, namespace: str, values: pa.Array, bsn: bool = False) -> tuple[pa.Array, list[str]]:
        """Pseudonymise a string array (already trimmed; empty means missing).

        Returns the pseudonyms (null where missing or invalid) and the distinct raw
        values that failed the BSN check, so the caller can locate them.
        """
        encoded = values.dictionary_encode()
        distinct = encoded.dictionary.to_pylist()
        out: list[str | None] = []
        invalid: list[str] = []
        for raw in distinct:
            if raw is None or raw == "":
                out.append(None)
                continue
            if bsn:
                canonical = canonical_bsn(raw)
                if canonical is None:
                    invalid.append(raw)
                    out.append(None)
                    continue
                raw = canonical
            out.append(self.one(namespace, raw))
        return pc.take(pa.array(out, pa.string()), encoded.indices), invalid
