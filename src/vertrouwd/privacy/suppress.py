"""Small-cell suppression for published tables, with secondary suppression.

A table to publish has rows (groups), count columns (numbers of clients) and derived
columns (shares, medians, ...) that belong to a count. Rules:

1. Primary: a count of 1 to `min_cell` - 1 clients is suppressed, and so is every figure
   derived from it. A row whose base count (`clients`) is suppressed is suppressed whole.
   Zero is published: it describes nobody.
2. Secondary, per column: when a column total is published (the report always shows one),
   a single suppressed cell could be recovered as total minus the others. So while a column
   has exactly one suppressed cell, the smallest other non-zero published cell is
   suppressed too.
3. Secondary, per row: parts that add up to a published whole in the same row (known face
   + stranger + lost = broken) get the same treatment: never exactly one part hidden. When
   no other part can be hidden, the whole row is.
4. When a column is left with one hidden cell and nothing else to hide, its total is
   withheld instead.

Suppressed cells become None, the row gets `suppressed = True`, and the names of its
suppressed cells are listed in `row[HIDDEN]`, so a reader can tell "suppressed" from "not
defined" (both None).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from vertrouwd import settings

HIDDEN = "suppressed_cells"


@dataclass(frozen=True)
class Layout:
    """Which columns of a table are counts of clients and what depends on them."""

    base: str  # the count a row is about (clients)
    counts: tuple[str, ...] = ()  # other counts of clients in the row
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)  # count -> columns computed from it
    parts: tuple[tuple[str, ...], ...] = ()  # groups of counts that add up to `base`


def suppress(rows: list[dict], layout: Layout, min_cell: int = settings.MIN_CELL) -> tuple[list[dict], set[str]]:
    """A copy of `rows` with small cells (and what would reveal them) set to None, and the
    count columns whose total must not be published."""
    counts = (layout.base, *layout.counts)
    hidden: set[tuple[int, str]] = set()
    for i, row in enumerate(rows):
        for column in counts:
            value = row.get(column)
            if value is not None and 0 < value < min_cell:
                hidden.add((i, column))
        if (i, layout.base) in hidden:
            hidden.update((i, c) for c in counts)

    withheld_totals: set[str] = set()
    changed = True
    while changed:  # repeat: each secondary step can make another necessary
        changed = False
        for column in counts:
            cells = [i for i in range(len(rows)) if (i, column) in hidden]
            if len(cells) == 1 and column not in withheld_totals:
                candidates = [i for i in range(len(rows)) if (i, column) not in hidden and (rows[i].get(column) or 0) > 0]
                if candidates:
                    hidden.add((min(candidates, key=lambda i: rows[i][column]), column))
                else:
                    withheld_totals.add(column)
                changed = True
        for i, row in enumerate(rows):
            for group in layout.parts:
                if sum((i, c) in hidden for c in group) != 1:
                    continue
                shown = [c for c in group if (i, c) not in hidden and (row.get(c) or 0) > 0]
                hidden.add((i, min(shown, key=lambda c: row[c])) if shown else (i, layout.base))
                changed = True
            if (i, layout.base) in hidden and not all((i, c) in hidden for c in counts):
                hidden.update((i, c) for c in counts)
                changed = True

    out = []
    for i, row in enumerate(rows):
        new, gone = dict(row), set()
        for column in counts:
            if (i, column) in hidden:
                gone.update((column, *layout.derived.get(column, ())))
        if (i, layout.base) in hidden:
            gone.update(layout.derived.get(layout.base, ()))
        for column in gone:
            new[column] = None
        new["suppressed"] = bool(gone & set(counts))
        new[HIDDEN] = frozenset(gone)
        out.append(new)
    return out, withheld_totals


def relational_layout(columns) -> Layout:
    """Group statistics of clients: every figure rests on the clients of the row, the share
    at risk also on the clients at risk."""
    from vertrouwd.measures.groups import GROUP_COLUMNS

    keep = {"clients", "clients_at_risk", "window_start", "window_end", "period", *GROUP_COLUMNS}
    return Layout(base="clients", counts=("clients_at_risk",),
                  derived={"clients": tuple(c for c in columns if c not in keep),
                           "clients_at_risk": ("share_at_risk",)})


BROKEN_LAYOUT = Layout(
    base="broken", counts=("known_face", "stranger", "lost"),
    derived={"broken": ("share_known_face", "share_stranger", "share_lost", "broken_per_100_clients"),
             "known_face": ("share_known_face",), "stranger": ("share_stranger",), "lost": ("share_lost",)},
    parts=(("known_face", "stranger", "lost"),))


def suppress_table(table: pa.Table, layout: Layout, min_cell: int,
                   apart: str | None = None) -> tuple[pa.Table, list[frozenset]]:
    """`suppress` for an Arrow table that leaves the machine (a CLI file, a terminal table):
    the table with a column `suppressed`, and per row the names of its hidden cells. With
    `apart`, the rows of each value of that column (each window, each period) are a table of
    their own, with their own totals."""
    rows = table.to_pylist()
    parts: dict = {}
    for i, row in enumerate(rows):
        parts.setdefault(row.get(apart) if apart else None, []).append(i)
    out: list = [None] * len(rows)
    for indices in parts.values():
        done, _ = suppress([rows[i] for i in indices], layout, min_cell)
        for i, row in zip(indices, done):
            out[i] = row
    hidden = [row.pop(HIDDEN) for row in out]
    schema = table.schema if "suppressed" in table.column_names else table.schema.append(pa.field("suppressed",
                                                                                                  pa.bool_()))
    return pa.Table.from_pylist(out, schema=schema), hidden
