"""FHIR R4 from care systems, made here by hand: NDJSON bulk export and a transaction Bundle,
with the three kinds of reference; each Encounter's professionals become contacts, each
PractitionerRole a spell; malformed input is refused with file, line or entry, and element."""

from __future__ import annotations

import json

import duckdb
import pytest

from tests.conftest import expected_stored, run, snapshot

BSN = "http://fhir.nl/fhir/NamingSystem/bsn"
UZI = "http://fhir.nl/fhir/NamingSystem/uzi-nr-pers"


def encounter(id, subject, individuals, start="2024-01-10T10:00:00+01:00", end="2024-01-10T10:45:00+01:00",
              provider="Organization/o1"):
    return {"resourceType": "Encounter", "id": id, "status": "finished", "class": {"code": "AMB"},
            "subject": {"reference": subject}, "period": {"start": start, "end": end} if start else {},
            "participant": [{"individual": {"reference": r}} for r in individuals],
            "serviceProvider": {"reference": provider}}


EXPORT = {
    "Patient.ndjson": [{"resourceType": "Patient", "id": "pa1", "identifier": [{"system": BSN, "value": "999190532"}]},
                       {"resourceType": "Patient", "id": "pa2"}],
    "Practitioner.ndjson": [{"resourceType": "Practitioner", "id": "p1", "identifier": [{"system": UZI, "value": "123456"}]},
                            {"resourceType": "Practitioner", "id": "p2"}],
    "PractitionerRole.ndjson": [
        {"resourceType": "PractitionerRole", "id": "r1", "practitioner": {"reference": "Practitioner/p1"},
         "organization": {"reference": "Organization/o1"}, "period": {"start": "2023-01-01"}},
        {"resourceType": "PractitionerRole", "id": "r2", "practitioner": {"reference": "Practitioner/p2"},
         "organization": {"reference": "Organization/o1"}, "period": {"start": "2023-06-01", "end": "2024-03-31"}}],
    "Organization.ndjson": [{"resourceType": "Organization", "id": "o1", "name": "Zorgzaam Thuis"}],
    "Encounter.ndjson": [encounter("e1", "Patient/pa1", ["Practitioner/p1"]),
                         encounter("e2", "Patient/pa2", ["PractitionerRole/r2"], start="2024-02-01", end=None),
                         encounter("e3", "Patient/pa1", ["Practitioner/p1", "Practitioner/p2"], start="2024-03-05")],
}


def write_export(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, resources in files.items():
        (folder / name).write_text("\n".join(json.dumps(r) for r in resources) + "\n", encoding="utf-8")
    return folder


def stored(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_bulk_export_becomes_contacts_and_professionals(tmp_path):
    db = tmp_path / "s.duckdb"
    result = run("import", "fhir", write_export(tmp_path / "export", EXPORT), "--db", db)
    assert result.exit_code == 0, result.output
    a, b = expected_stored("client", "999190532"), expected_stored("client", "Patient/pa2")
    p1, p2 = expected_stored("professional", f"{UZI}|123456"), expected_stored("professional", "Practitioner/p2")
    rows = stored(db, "SELECT contact_id, client_id, professional_id, CAST(date AS VARCHAR), organization, kind, minutes "
                      "FROM contacts ORDER BY contact_id")
    assert rows == [("Encounter/e1", a, p1, "2024-01-10", "Zorgzaam Thuis", "AMB", 45),
                    ("Encounter/e2", b, p2, "2024-02-01", "Zorgzaam Thuis", "AMB", None),  # through PractitionerRole/r2
                    ("Encounter/e3", a, p1, "2024-03-05", "Zorgzaam Thuis", "AMB", None),
                    ("Encounter/e3#1", a, p2, "2024-03-05", "Zorgzaam Thuis", "AMB", None)]  # two took part
    assert stored(db, "SELECT professional_id, organization, CAST(start_date AS VARCHAR), CAST(end_date AS VARCHAR) "
                      "FROM professionals ORDER BY start_date") == [
        (p1, "Zorgzaam Thuis", "2023-01-01", None), (p2, "Zorgzaam Thuis", "2023-06-01", "2024-03-31")]
    again = run("import", "fhir", tmp_path / "export", "--db", db)
    assert again.exit_code == 0 and "al eerder geïmporteerd" in again.output


def test_a_transaction_bundle_with_urn_and_conditional_references(tmp_path):
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:11111111-0000-0000-0000-000000000001",
         "resource": {"resourceType": "Patient", "identifier": [{"system": BSN, "value": "999190532"}]}},
        {"fullUrl": "urn:uuid:11111111-0000-0000-0000-000000000002",
         "resource": {"resourceType": "Practitioner", "identifier": [{"system": UZI, "value": "777"}]}},
        {"fullUrl": "urn:uuid:11111111-0000-0000-0000-000000000003",
         "resource": {"resourceType": "Organization", "name": "WijkKracht"}},
        {"fullUrl": "urn:uuid:11111111-0000-0000-0000-000000000004",
         "resource": encounter(None, "urn:uuid:11111111-0000-0000-0000-000000000001",
                               [f"Practitioner?identifier={UZI}|777"], start="2024-05-01",
                               provider="urn:uuid:11111111-0000-0000-0000-000000000003")}]}
    (tmp_path / "bundle.json").write_text(json.dumps(bundle), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    result = run("import", "fhir", tmp_path / "bundle.json", "--db", db)
    assert result.exit_code == 0, result.output
    assert stored(db, "SELECT client_id, professional_id, organization FROM contacts") == [
        (expected_stored("client", "999190532"), expected_stored("professional", f"{UZI}|777"), "WijkKracht")]


MALFORMED = [
    ("not JSON", {"Encounter.ndjson": None}, "Encounter.ndjson:2: geen geldige JSON"),
    ("unknown subject", {"Encounter.ndjson": [encounter("e9", "Patient/nobody", ["Practitioner/p1"])]},
     "Encounter.ndjson:1: Encounter.subject verwijst naar een Patient die niet in de bestanden staat"),
    ("unknown worker", {"Encounter.ndjson": [encounter("e9", "Patient/pa1", ["Practitioner?identifier=x|1"])]},
     "Encounter.participant[0].individual verwijst naar een Practitioner"),
    ("no start", {"Encounter.ndjson": [encounter("e9", "Patient/pa1", ["Practitioner/p1"], start=None)]},
     "Encounter.ndjson:1: Encounter.period.start ontbreekt"),
]


@pytest.mark.parametrize("case, change, says", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_fhir_is_refused_and_nothing_written(tmp_path, case, change, says):
    db = tmp_path / "s.duckdb"
    assert run("import", "fhir", write_export(tmp_path / "first", EXPORT), "--db", db).exit_code == 0
    before = snapshot(db)
    files = {**EXPORT, **{k: v for k, v in change.items() if v is not None}}
    folder = write_export(tmp_path / "export", files)
    if change.get("Encounter.ndjson", 0) is None:
        (folder / "Encounter.ndjson").write_text(json.dumps(encounter("e9", "Patient/pa1", ["Practitioner/p1"]))
                                                  + "\n{\"resourceType\": \"Encounter\",\n", encoding="utf-8")
    result = run("import", "fhir", folder, "--db", db)
    assert result.exit_code == 2, result.output
    assert says in result.output, result.output
    assert "999190532" not in result.output and "niets in de database geschreven" in result.output
    assert snapshot(db) == before


def test_care_teams_give_spells_and_an_episodes_care_manager_is_met_when_nobody_is_named(tmp_path):
    resources = [
        {"resourceType": "Patient", "id": "pa1", "identifier": [{"system": BSN, "value": "999190532"}]},
        {"resourceType": "Practitioner", "id": "p1"}, {"resourceType": "Practitioner", "id": "p2"},
        {"resourceType": "Organization", "id": "o2", "name": "Samen Jong"},
        {"resourceType": "EpisodeOfCare", "id": "ep1", "patient": {"reference": "Patient/pa1"},
         "careManager": {"reference": "Practitioner/p1"}, "managingOrganization": {"reference": "Organization/o2"},
         "period": {"start": "2024-01-01"}},
        {"resourceType": "CareTeam", "id": "ct1", "name": "Gezinsteam Noord", "subject": {"reference": "Patient/pa1"},
         "managingOrganization": [{"reference": "Organization/o2"}],
         "participant": [{"member": {"reference": "Practitioner/p2"}, "period": {"start": "2024-02-01"}}]},
        {"resourceType": "Encounter", "id": "e1", "subject": {"reference": "Patient/pa1"},
         "episodeOfCare": [{"reference": "EpisodeOfCare/ep1"}], "period": {"start": "2024-03-01"}},
    ]
    (tmp_path / "export.ndjson").write_text("\n".join(json.dumps(r) for r in resources) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    result = run("import", "fhir", tmp_path / "export.ndjson", "--db", db)
    assert result.exit_code == 0, result.output
    p1, p2 = expected_stored("professional", "Practitioner/p1"), expected_stored("professional", "Practitioner/p2")
    assert stored(db, "SELECT professional_id, organization FROM contacts") == [(p1, "Samen Jong")]
    assert stored(db, "SELECT professional_id, organization, team, CAST(start_date AS VARCHAR) FROM professionals") == [
        (p2, "Samen Jong", "Gezinsteam Noord", "2024-02-01")]


def test_when_the_second_table_is_refused_the_first_is_taken_out_again(tmp_path):
    """Contacts go in first; a professional the import refuses (a start in 1850) takes them
    out again, so the store is as before."""
    db = tmp_path / "s.duckdb"
    assert run("import", "fhir", write_export(tmp_path / "first", EXPORT), "--db", db).exit_code == 0
    before = snapshot(db)
    roles = [{**EXPORT["PractitionerRole.ndjson"][0], "id": "r9", "period": {"start": "1850-01-01"}}]
    files = {**EXPORT, "PractitionerRole.ndjson": roles,
             "Encounter.ndjson": [encounter("e7", "Patient/pa1", ["Practitioner/p1"], start="2024-06-01")]}
    result = run("import", "fhir", write_export(tmp_path / "export", files), "--db", db)
    assert result.exit_code == 2 and "1850" in result.output, result.output
    assert snapshot(db) == before
