"""iJw and iWmo messages (301 assignment, 305 start, 307 stop), made here by hand: imported
into provider spells, measured as switches between providers, and refused cleanly when
malformed (file and element named, nothing written, no BSN shown)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pyarrow as pa
import pytest

from tests.conftest import run, snapshot
from vertrouwd.measures import provider_switches

BASIS = "http://www.istandaarden.nl/{standard}/3_2/basisschema/schema"
ITEMS = {"301": ("ToegewezenProducten", "ToegewezenProduct", "ToewijzingIngangsdatum", "ToewijzingEinddatum"),
         "305": ("StartProducten", "StartProduct", "Begindatum", None),
         "307": ("StopProducten", "StopProduct", "Begindatum", "Einddatum")}
A, B, BAD = "999190532", "111222333", "111222334"


def message(code: str, ident: str, provider: str, bsn: str | None, lines: list[tuple], standard: str = "ijw",
            version: str = "3_2") -> str:
    """A message of `code` (301, 305, 307) with product lines (assignment, category, first, last, reason)."""
    prefix = ("jw" if standard == "ijw" else "wmo") + code
    ns = f"http://www.istandaarden.nl/{standard}/{version}/{prefix}/schema"
    group, item, first_tag, last_tag = ITEMS[code]
    sender, receiver = ("0363", provider) if code == "301" else (provider, "0363")
    body = ""
    for assignment, category, first, last, reason in lines:
        body += (f"<m:{item}><m:ToewijzingNummer>{assignment}</m:ToewijzingNummer><m:Product><b:Categorie>{category}"
                 f"</b:Categorie></m:Product>" + (f"<m:{first_tag}>{first}</m:{first_tag}>" if first else "")
                 + (f"<m:{last_tag}>{last}</m:{last_tag}>" if last and last_tag else "")
                 + (f"<m:RedenBeeindiging>{reason}</m:RedenBeeindiging>" if reason else "") + f"</m:{item}>")
    client = (f"<m:Bsn>{bsn}</m:Bsn>" if bsn is not None else "") + f"<m:{group}>{body}</m:{group}>"
    return (f'<?xml version="1.0" encoding="UTF-8"?><m:Bericht xmlns:m="{ns}" xmlns:b="{BASIS.format(standard=standard)}">'
            f"<m:Header><m:Afzender>{sender}</m:Afzender><m:Ontvanger>{receiver}</m:Ontvanger><m:BerichtIdentificatie>"
            f"<b:Identificatie>{ident}</b:Identificatie><b:Dagtekening>2024-01-02</b:Dagtekening></m:BerichtIdentificatie>"
            f"</m:Header><m:Client>{client}</m:Client></m:Bericht>")


# Client A: provider 1 from 8 January to 30 June 2024, stopped with reason 38; provider 2 from
# 15 July (14 days without care). Client B: provider 1 by assignment only (1 February to 31
# August), provider 3 from 1 September (no day without care), the day after a jeugd contract
# ended. Client C: wmo, 2025.
ARCHIVE = {
    "2024/a-301.xml": message("301", "M1", "11111111", A, [("T1", "45", "2024-01-01", "2024-12-31", None)]),
    "2024/a-305.xml": message("305", "S1", "11111111", A, [("T1", "45", "2024-01-08", None, None)]),
    "2024/a-307.xml": message("307", "E1", "11111111", A, [("T1", "45", "2024-01-08", "2024-06-30", "38")]),
    "2024/a2-301.xml": message("301", "M2", "22222222", A, [("T2", "45", "2024-07-01", None, None)]),
    "2024/a2-305.xml": message("305", "S2", "22222222", A, [("T2", "45", "2024-07-15", None, None)]),
    "2024/b-301.xml": message("301", "M3", "11111111", B, [("T3", "45", "2024-02-01", "2024-08-31", None)]),
    "2024/b3-301.xml": message("301", "M4", "33333333", B, [("T4", "45", "2024-09-01", "2025-03-31", None)]),
    "2024/b-305.xml": message("305", "S4", "33333333", B, [("T4", "45", "2024-09-01", None, None)]),
    "2025/c-301.xml": message("301", "W1", "44444444", A, [("T9", "02", "2025-02-01", None, None)], standard="iwmo"),
}


def write(folder, files: dict[str, str]):
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_messages_become_spells_and_switches(tmp_path):
    db = tmp_path / "s.duckdb"
    result = run("import", "berichten", write(tmp_path / "archief", ARCHIVE), "--db", db)
    assert result.exit_code == 0, result.output
    assert "9 rijen toegevoegd" in result.output  # one row per product line
    again = run("import", "berichten", tmp_path / "archief", "--db", db)
    assert again.exit_code == 0 and "al eerder geïmporteerd" in again.output
    from vertrouwd.store import Store

    with Store(db, read_only=True) as store:
        # clients as 16 bytes: a UUID column cannot hold a BSN
        assert store.con.execute("SELECT DISTINCT typeof(client_id) FROM care_messages").fetchall() == [("UUID",)]
        contracts = pa.table({"contract_id": ["K1", "K2"], "municipality": ["M", "M"], "organization": ["X", "Y"],
                              "start_date": pa.array([dt.date(2021, 1, 1), dt.date(2022, 1, 1)]),
                              "end_date": pa.array([dt.date(2023, 12, 31), dt.date(2024, 8, 31)]),
                              "max_end_date": pa.array([None, None], pa.date32()), "area": ["W", "W"],
                              "domain": ["jeugd", "jeugd"], "procurement": ["tender", "tender"]})
        messages = store.con.sql("SELECT * FROM care_messages").to_arrow_table()
    rows = {(r["year"], r["standard"], r["category"]): r
            for r in provider_switches({"care_messages": messages, "contracts": contracts}).to_pylist()}
    youth = rows[(2024, "ijw", "45")]
    assert (youth["clients"], youth["spells"], youth["spells_per_client"]) == (2, 4, 2.0)
    assert (youth["switches"], youth["switches_reason_38"], youth["switches_at_tender"]) == (2, 1, 1)
    assert youth["days_without_care_median"] == 7.0  # median of 14 and 0
    assert (rows[(2025, "iwmo", "02")]["clients"], rows[(2025, "iwmo", "02")]["switches"]) == (1, 0)


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


GOOD = message("301", "G1", "11111111", A, [("T1", "45", "2024-01-01", None, None)])
MALFORMED = [
    ("not well-formed", GOOD[: len(GOOD) // 2], "geen geldige XML"),
    ("another release", message("301", "X", "11111111", A, [("T1", "45", "2024-01-01", None, None)], version="2_4"),
     "geen iJw- of iWmo-bericht"),
    ("another message", GOOD.replace("jw301/schema", "jw315/schema"), "geen iJw- of iWmo-bericht"),
    ("no BSN", message("301", "X", "11111111", None, [("T1", "45", "2024-01-01", None, None)]),
     "element Client/Bsn ontbreekt"),
    ("no assignment number", message("301", "X", "11111111", A, [("", "45", "2024-01-01", None, None)]),
     "ToegewezenProduct[1]/ToewijzingNummer ontbreekt"),
    ("bad BSN", message("301", "X", "11111111", BAD, [("T1", "45", "2024-01-01", None, None)]),
     "element Client/Bsn is geen geldig BSN"),
    ("stop before start", message("307", "X", "11111111", A, [("T1", "45", "2024-03-01", "2024-02-01", "38")]),
     "StopProduct[1]/Einddatum (01-02-2024) ligt vóór de begindatum (01-03-2024)"),
    ("stop without start", message("307", "X", "55555555", A, [("T7", "45", "2024-03-01", "2024-04-01", "38")]),
     "een stop (307) voor toewijzing T7"),
    ("not a date", message("301", "X", "11111111", A, [("T1", "45", "1 maart 2024", None, None)]),
     "is geen datum"),
]


@pytest.mark.parametrize("case, text, says", MALFORMED, ids=[m[0] for m in MALFORMED])
@pytest.mark.parametrize("packed", ["folder", "zip"])
def test_a_malformed_message_is_refused_with_its_file_and_element(tmp_path, case, text, says, packed):
    db = tmp_path / "s.duckdb"
    assert run("import", "berichten", write(tmp_path / "eerst", {"g.xml": GOOD}), "--db", db).exit_code == 0
    before = snapshot(db)
    files = {"goed.xml": message("301", "G2", "11111111", A, [("T2", "45", "2024-02-01", None, None)]),
             "fout.xml": text}
    target = write(tmp_path / "archief", files) if packed == "folder" else tmp_path / "archief.zip"
    if packed == "zip":
        target.write_bytes(_zip(files))
    result = run("import", "berichten", target, "--db", db)
    assert result.exit_code == 2, result.output
    assert "fout.xml" in result.output and says in result.output, result.output
    assert BAD not in result.output and A not in result.output
    assert "niets in de database geschreven" in result.output
    assert snapshot(db) == before  # the good message beside it was not written either


def test_the_report_and_workbook_show_the_switches(tmp_path):
    import openpyxl

    db = tmp_path / "s.duckdb"
    assert run("import", "berichten", write(tmp_path / "archief", ARCHIVE), "--db", db).exit_code == 0
    (tmp_path / "c.csv").write_text("client_id,professional_id,date\n" + "".join(
        f"c{i},p{i % 3},2024-{1 + i % 12:02d}-15\n" for i in range(40)))  # a report measures contacts too
    assert run("import", "contacts", tmp_path / "c.csv", "--db", db).exit_code == 0
    made = run("report", "--db", db, "-o", tmp_path / "r.html", "--xlsx", tmp_path / "r.xlsx", "--min-cell", "1")
    assert made.exit_code == 0, made.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Wisselingen van aanbieder" in html and "met reden 38" in html
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["Wisselingen aanbieder"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    youth = next(r for r in rows[1:] if r[header.index("jaar")] == "2024")
    assert youth[header.index("standaard")] == "iJw" and youth[header.index("wissels")] == 2
    assert youth[header.index("met reden 38")] == 1
