"""Which file column is which data-model column.

A header matches a column when its normalised form is the column's name or one of the
Dutch aliases in `schema.py`; `--map column=Header` says it explicitly and
`--ignore Header` leaves a column out on purpose.
"""

from __future__ import annotations

import re

from vertrouwd.errors import ProblemCollector, VertrouwdError
from vertrouwd.schema import Table, normalize_header


def parse_mapping(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """['client_id=Cliëntnr'] -> {'client_id': 'Cliëntnr'}."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        canonical, sep, header = pair.partition("=")
        if not sep or not canonical.strip() or not header.strip():
            raise VertrouwdError("map.syntax", pair=pair)
        mapping[canonical.strip()] = header.strip()
    return mapping


# A header with a number of two or more digits, or made of digits and separators only, may
# be a value (a BSN, a date): a file without a header row shows its first row here.
_DATA_LIKE = re.compile(r"[0-9]{2,}|^[\s0-9.,:/+-]+$")


def looks_like_data(header: str) -> bool:
    return bool(_DATA_LIKE.search(header))


def shown(headers: list[str]) -> str:
    """The headers a message may list: those that cannot be values."""
    return ", ".join(h for h in headers if h and not looks_like_data(h))


def map_headers(table: Table, headers: list[str], mapping: dict[str, str], ignore: list[str] | tuple[str, ...],
                problems: ProblemCollector) -> list[tuple[str, int]]:
    """(column name, header index) for every mapped column; problems for the rest."""
    # compared without separators: 'Cliënt-nummer', 'Cliënt nummer' and 'clientnummer' are one header
    normalized = [normalize_header(h).replace("_", "") for h in headers]
    by_alias = {}
    for col in table.columns:
        for alias in (col.name, *col.aliases):
            by_alias.setdefault(normalize_header(alias).replace("_", ""), col.name)

    def find(header: str) -> int | None:
        if header in headers:
            return headers.index(header)
        norm = normalize_header(header).replace("_", "")
        return normalized.index(norm) if norm in normalized else None

    chosen: dict[str, int] = {}
    used: set[int] = set()
    ignored = {i for i in (find(h) for h in ignore) if i is not None}
    for canonical, header in mapping.items():
        if canonical not in table.names:
            problems.add(None, None, "map.unknown_column", value=canonical, table=table.name,
                         columns=", ".join(table.names))
            continue
        index = find(header)
        if index is None:
            problems.add(1, None if looks_like_data(header) else header, "map.header_missing", headers=shown(headers))
            continue
        chosen[canonical] = index
        used.add(index)

    if not any(headers):
        problems.add(1, None, "header.empty")
        return []
    known = [i for i, n in enumerate(normalized) if n in by_alias or i in used or i in ignored]
    if not known and any(looks_like_data(h) for h in headers):  # the first row is data: show none of it
        problems.add(1, None, "header.looks_like_data", table=table.name, columns=", ".join(table.names))
        return []
    for index, header in enumerate(headers):
        if index in used or index in ignored:
            continue
        if not header:
            problems.add(1, f"#{index + 1}", "header.blank")
            continue
        canonical = by_alias.get(normalized[index])
        if canonical is None and looks_like_data(header):
            problems.add(1, f"#{index + 1}", "header.unknown_data", table=table.name, columns=", ".join(table.names))
        elif canonical is None:
            problems.add(1, header, "header.unknown", table=table.name, columns=", ".join(table.names))
        elif canonical in chosen:
            other = headers[chosen[canonical]]
            problems.add(1, header, "header.twice", canonical=canonical, other=other)
        else:
            chosen[canonical] = index
    for name in table.required:
        if name not in chosen:
            problems.add(1, None, "header.required_missing", canonical=name, table=table.name)
    return [(name, chosen[name]) for name in table.names if name in chosen]
