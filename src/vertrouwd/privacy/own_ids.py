"""The organisation's own numbers, so a team lead never has to read a pseudonym to act.

The store holds pseudonyms only. An organisation may keep, on its own machine and beside
its key (default `~/.config/vertrouwd/ids.csv`, or `VERTROUWD_IDS`; mode 0600, never in
the store), a list that maps each pseudonym back to its own number and, if it wishes, a
name: `vertrouwd ids add FILE` reads a file with a column `nummer` (and optionally
`naam`), pseudonymises every number with the key as a client, household and professional
(and as a BSN where it is one), and adds the pairs to the list. Plans and signal lists then
show "1234 Fatima" instead of "bbkl_nhpo…"; without the list they show pseudonyms and a
hint how to set it.
"""

from __future__ import annotations

import csv
import io
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from vertrouwd.errors import VertrouwdError
from vertrouwd.files import atomic_write
from vertrouwd.privacy.keys import Key
from vertrouwd.privacy.pseudonyms import printed
from vertrouwd.privacy.reidentify import mapping
from vertrouwd.schema import normalize_header

NUMBER_HEADERS = {"nummer", "number", "eigen_nummer", "own_number", "id", "bsn", "clientnummer", "medewerker"}
NAME_HEADERS = {"naam", "name"}
COLUMNS = ("pseudonym", "number", "name")
SHOWN = 12  # characters of a pseudonym shown where no own number is known


def default_path() -> Path:
    if os.environ.get("VERTROUWD_IDS"):
        return Path(os.environ["VERTROUWD_IDS"]).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "vertrouwd" / "ids.csv"


@dataclass
class OwnIds:
    """pseudonym -> (own number, name or None); empty when no list is set. Takes a pseudonym
    in its printed or its stored form (as the store gives it, printed with `version`)."""

    entries: dict[str, tuple[str, str | None]]
    path: Path
    version: str | None = None  # the store's key version

    def __bool__(self) -> bool:
        return bool(self.entries)

    def _printed(self, pseudonym: uuid.UUID | str | None) -> str | None:
        if isinstance(pseudonym, uuid.UUID):
            return printed(pseudonym, self.version or "")
        return pseudonym

    def number(self, pseudonym: uuid.UUID | str | None) -> str | None:
        """The own number of a pseudonym, or the pseudonym itself where none is known."""
        pseudonym = self._printed(pseudonym)
        if pseudonym is None:
            return None
        return self.entries[pseudonym][0] if pseudonym in self.entries else pseudonym

    def label(self, pseudonym: uuid.UUID | str | None) -> str:
        """'1234 Fatima', '1234', or a shortened pseudonym for the terminal."""
        pseudonym = self._printed(pseudonym)
        if pseudonym is None:
            return "—"
        if pseudonym in self.entries:
            number, name = self.entries[pseudonym]
            return f"{number} {name}" if name else number
        return pseudonym[:SHOWN] + "…"

    def name(self, pseudonym: uuid.UUID | str | None) -> str | None:
        pseudonym = self._printed(pseudonym)
        return self.entries.get(pseudonym, (None, None))[1] if pseudonym else None


def load(path: Path | None = None, version: str | None = None) -> OwnIds:
    """The list at `path`; `version` (the store's key version) prints the store's pseudonyms."""
    path = path or default_path()
    if not path.is_file():
        return OwnIds({}, path, version)
    with open(path, encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    return OwnIds({row[0]: (row[1], row[2] or None) for row in rows[1:] if len(row) == 3}, path, version)


def add(source: Path, key: Key, path: Path | None = None) -> tuple[int, Path]:
    """Read own numbers (and names) from `source` and add them to the list at `path`;
    returns the number of own numbers read and where the list is."""
    path = path or default_path()
    numbers = _read(source)
    known = load(path).entries
    for raw, name in numbers:
        for pseudonym in mapping([raw], key):
            known[pseudonym] = (raw, name)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows((p, number, name or "") for p, (number, name) in sorted(known.items()))
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write(path, lambda tmp: Path(tmp).write_text(buffer.getvalue(), encoding="utf-8"), private=True)
    return len(numbers), path


def _read(source: Path) -> list[tuple[str, str | None]]:
    """(number, name) per row of a CSV file with a header naming the columns."""
    if not source.is_file():
        raise VertrouwdError("file.not_found", path=source)
    text = source.read_bytes().decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    if not lines:
        raise VertrouwdError("ids.empty", path=source)
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    rows = list(csv.reader(lines, delimiter=delimiter))
    header = [normalize_header(h) for h in rows[0]]
    number = next((i for i, h in enumerate(header) if h in NUMBER_HEADERS), None)
    if number is None:  # the header names no column of numbers: its cells are not shown, they may be numbers
        raise VertrouwdError("ids.no_number_column", path=source)
    name = next((i for i, h in enumerate(header) if h in NAME_HEADERS), None)
    out = []
    for row in rows[1:]:
        if len(row) > number and row[number].strip():
            out.append((row[number].strip(), row[name].strip() or None if name is not None and len(row) > name
                        else None))
    if not out:
        raise VertrouwdError("ids.empty", path=source)
    return out
