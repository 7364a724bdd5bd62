"""Small-cell suppression: nothing about fewer than min_cell clients is published, and no
suppressed count can be derived from column totals or from the parts of a row."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vertrouwd.privacy.suppress import Layout, suppress

LAYOUT = Layout(base="clients", counts=("at_risk", "known_face", "stranger", "lost"),
                derived={"clients": ("upc_median",), "at_risk": ("share_at_risk",)},
                parts=(("known_face", "stranger", "lost"),))


def test_a_worked_example():
    rows = [
        {"team": "A", "clients": 120, "at_risk": 30, "known_face": 40, "stranger": 50, "lost": 30, "upc_median": 0.8, "share_at_risk": 0.25},
        {"team": "B", "clients": 80, "at_risk": 4, "known_face": 30, "stranger": 30, "lost": 20, "upc_median": 0.9, "share_at_risk": 0.05},
        {"team": "C", "clients": 6, "at_risk": 1, "known_face": 2, "stranger": 2, "lost": 2, "upc_median": 0.7, "share_at_risk": 1 / 6},
        {"team": "D", "clients": 50, "at_risk": 12, "known_face": 20, "stranger": 25, "lost": 5, "upc_median": 0.85, "share_at_risk": 0.24},
    ]
    out, totals = suppress(rows, LAYOUT, 10)
    a, b, c, d = out
    assert c["clients"] is None and c["upc_median"] is None and c["suppressed"]  # 6 clients: the whole row
    assert b["at_risk"] is None and b["share_at_risk"] is None  # 4 at risk
    # clients: C hidden alone -> the smallest other (D, 50) goes too; at risk: B and C hidden already
    assert d["clients"] is None
    # D's lost (5) is hidden; its row's base is hidden, so the whole row is
    assert a["clients"] == 120 and a["lost"] == 30 and not a["suppressed"]
    assert totals == set()


@st.composite
def tables(draw):
    n = draw(st.integers(1, 8))
    rows = []
    for i in range(n):
        clients = draw(st.integers(0, 60))
        parts = draw(st.lists(st.integers(0, 25), min_size=3, max_size=3))
        rows.append({"team": f"T{i}", "clients": clients, "at_risk": draw(st.integers(0, clients)),
                     "known_face": parts[0], "stranger": parts[1], "lost": parts[2]})
    return rows


@settings(max_examples=300, deadline=None)
@given(rows=tables(), min_cell=st.integers(2, 15))
def test_no_small_cell_and_nothing_recoverable(rows, min_cell):
    out, withheld = suppress(rows, LAYOUT, min_cell)
    counts = ("clients", "at_risk", "known_face", "stranger", "lost")
    for row in out:
        for column in counts:
            value = row[column]
            assert value is None or value == 0 or value >= min_cell
    for column in counts:
        hidden = [row for row in out if row[column] is None]
        # from the column total: never a single unknown, unless the total is withheld
        assert len(hidden) != 1 or column in withheld
    for original, row in zip(rows, out):
        parts = [row[c] for c in ("known_face", "stranger", "lost")]
        # from the row: the parts add up to a published whole only with 0 or 2+ unknowns
        assert sum(p is None for p in parts) != 1
        if row["clients"] is None:
            assert all(row[c] is None for c in counts)
        for column in counts:
            assert row[column] is None or row[column] == original[column]
