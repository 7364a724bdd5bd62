"""HL7 FHIR R4 as exported by care systems: Encounters become contacts, Practitioners with
their PractitionerRoles become professionals.

Input: NDJSON bulk-export files (one resource per line) and Bundles (`transaction` or
`collection`, JSON), in a folder or one file. References are resolved in the three forms
FHIR allows: a plain reference (`Practitioner/123`), the `fullUrl` of a bundle entry
(`urn:uuid:...`) and a conditional reference (`Practitioner?identifier=system|value`).

Mapping:
- Encounter: `subject` -> client (the Patient's BSN identifier where it has one, else its
  id), each `participant.individual` (a Practitioner, or a PractitionerRole's
  practitioner) -> one contact with that professional, `period.start` -> date,
  `serviceProvider` -> organization (its name), `class.code` -> kind, the minutes between
  `period.start` and `period.end` -> minutes, `Encounter/<id>` (with the participant's
  place) -> contact_id.
- PractitionerRole: `practitioner` -> professional, `organization` -> organization (its
  name), `period` -> start_date and end_date.
- CareTeam: each `participant.member` with a `period` -> a spell of that professional in
  the team (`name`) of its `managingOrganization`.
- EpisodeOfCare: an Encounter that names no participant is with the `careManager` of its
  `episodeOfCare`, and without a `serviceProvider` with its `managingOrganization`.
A professional is known by their first identifier (`system|value`, for example a UZI or
AGB number), else by `Practitioner/<id>`; a client by the BSN (system
`http://fhir.nl/fhir/NamingSystem/bsn`), else by `Patient/<id>`. Both are pseudonymised by
the import like any identifier.

Everything is read and resolved first; any problem (not JSON, a missing subject or start, a
reference that resolves to nothing) is reported with the file, the line (NDJSON) or bundle
entry and the element, and nothing is written. The rows then go through the same import
as a file in the data model (checks, pseudonyms, one batch per table).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from vertrouwd.errors import ProblemCollector

BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn"
KINDS = ("Encounter", "Patient", "Practitioner", "PractitionerRole", "Organization", "EpisodeOfCare", "CareTeam")


@dataclass
class _Found:
    """A resource and where it was read (for messages)."""

    resource: dict
    where: str  # file:line or file entry[i]


@dataclass
class Resources:
    by_kind: dict[str, list[_Found]] = field(default_factory=lambda: defaultdict(list))
    by_reference: dict[str, _Found] = field(default_factory=dict)  # "Kind/id", "urn:uuid:..", "Kind?identifier=s|v"
    encounter_tables: list[tuple[str, pa.Table]] = field(default_factory=list)  # (file, Encounters as columns)

    def add(self, resource: dict, where: str, full_url: str | None = None) -> None:
        kind = resource.get("resourceType")
        found = _Found(resource, where)
        self.by_kind[kind].append(found)
        if resource.get("id"):
            self.by_reference[f"{kind}/{resource['id']}"] = found
        if full_url:
            self.by_reference[full_url] = found
        for identifier in resource.get("identifier") or []:
            if isinstance(identifier, dict) and identifier.get("value"):
                self.by_reference[f"{kind}?identifier={identifier.get('system', '')}|{identifier['value']}"] = found

    def resolve(self, reference: dict | None) -> _Found | None:
        text = (reference or {}).get("reference") if isinstance(reference, dict) else None
        if not text:
            return None
        found = self.by_reference.get(text)
        if found is None and "/_history/" in text:
            found = self.by_reference.get(text.split("/_history/")[0])
        if found is None and text.startswith("http"):  # an absolute URL ending in Kind/id
            found = self.by_reference.get("/".join(text.rstrip("/").split("/")[-2:]))
        return found


def fhir_files(path: Path) -> list[Path]:
    if path.is_dir():
        return [p for p in sorted(path.rglob("*")) if p.suffix.lower() in (".ndjson", ".json")]
    return [path]


def read(path: Path, problems: ProblemCollector) -> Resources:
    """Every resource of the kinds we map, from NDJSON lines and Bundle entries."""
    found = Resources()
    for file in fhir_files(path):
        name = file.name
        text = file.read_text(encoding="utf-8-sig")
        if file.suffix.lower() == ".ndjson":
            table = _encounters_as_columns(text)
            if table is not None:  # bulk Encounters: parsed by Arrow's JSON reader, in columns
                found.encounter_tables.append((name, table))
                continue
            for number, line in enumerate(text.splitlines(), start=1):
                if line.strip():
                    _one(_json(line, f"{name}:{number}", problems), f"{name}:{number}", found, problems)
            continue
        document = _json(text, name, problems)
        if isinstance(document, dict) and document.get("resourceType") == "Bundle":
            for index, entry in enumerate(document.get("entry") or []):
                where = f"{name} entry[{index}]"
                if isinstance(entry, dict):
                    _one(entry.get("resource"), where, found, problems, entry.get("fullUrl"))
        elif document is not None:
            _one(document, name, found, problems)
    return found


# The parts of an Encounter we read, all as text, so every file reads to the same columns.
_REFERENCE = pa.struct([("reference", pa.string())])
ENCOUNTER_SCHEMA = pa.schema([
    ("resourceType", pa.string()), ("id", pa.string()), ("class", pa.struct([("code", pa.string())])),
    ("subject", _REFERENCE), ("participant", pa.list_(pa.struct([("individual", _REFERENCE)]))),
    ("period", pa.struct([("start", pa.string()), ("end", pa.string())])), ("serviceProvider", _REFERENCE)])


def _encounters_as_columns(text: str) -> pa.Table | None:
    """An NDJSON file of Encounters only, read by Arrow (about ten times faster than a dict per
    line); None for any other file, or one with blank lines (its row numbers would not be
    its lines) or lines Arrow cannot read: those take the path of one resource at a time,
    which names each problem."""
    import io

    import pyarrow.compute as pc
    import pyarrow.json as pajson

    if not text.startswith('{"resourceType":"Encounter"') and not text.startswith('{"resourceType": "Encounter"'):
        return None
    if "\n\n" in text.strip("\n"):
        return None
    try:
        table = pajson.read_json(io.BytesIO(text.encode()), parse_options=pajson.ParseOptions(
            explicit_schema=ENCOUNTER_SCHEMA, unexpected_field_behavior="ignore"))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if not pc.all(pc.equal(table["resourceType"], "Encounter")).as_py():
        return None
    if not pc.all(pc.fill_null(pc.greater(pc.list_value_length(table["participant"]), 0), False)).as_py():
        return None  # an Encounter without participants looks for its EpisodeOfCare's care manager
    return table


def _json(text: str, where: str, problems: ProblemCollector):
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        problems.add(None, None, "fhir.json", where=where, at=err.colno)
        return None


def _one(resource, where: str, found: Resources, problems: ProblemCollector, full_url: str | None = None) -> None:
    if resource is None:
        return
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        problems.add(None, None, "fhir.not_resource", where=where)
        return
    if resource["resourceType"] in KINDS:
        found.add(resource, where, full_url)


def _identifier(resource: dict, prefer: str | None = None) -> str | None:
    identifiers = [i for i in resource.get("identifier") or [] if isinstance(i, dict) and i.get("value")]
    chosen = [i for i in identifiers if i.get("system") == prefer] or identifiers
    if not chosen:
        return None
    return chosen[0]["value"] if prefer and chosen[0].get("system") == prefer else \
        f"{chosen[0].get('system', '')}|{chosen[0]['value']}"


def _practitioner(found: _Found | None, resources: Resources) -> _Found | None:
    """A Practitioner, or the practitioner of a PractitionerRole."""
    if found is None:
        return None
    if found.resource["resourceType"] == "PractitionerRole":
        return _practitioner(resources.resolve(found.resource.get("practitioner")), resources)
    return found if found.resource["resourceType"] == "Practitioner" else None


def _person(found: _Found, kind: str) -> str:
    prefer = BSN_SYSTEM if kind == "Patient" else None
    return _identifier(found.resource, prefer) or f"{kind}/{found.resource.get('id', '')}"


def _organisation(found: _Found | None) -> str | None:
    if found is None or found.resource["resourceType"] != "Organization":
        return None
    return found.resource.get("name") or _identifier(found.resource)


def _day(text) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except (TypeError, ValueError):
        return None


def _minutes(period: dict) -> int | None:
    try:
        start = dt.datetime.fromisoformat(period["start"])
        end = dt.datetime.fromisoformat(period["end"])
        minutes = int((end - start).total_seconds() // 60)
    except (KeyError, TypeError, ValueError):  # no end, a date without a time, or one zone on one end only
        return None
    return minutes if 0 <= minutes <= 24 * 60 else None


def contacts(resources: Resources, problems: ProblemCollector) -> pa.Table:
    """One contact per Encounter and professional who took part in it."""
    names = ("contact_id", "client_id", "professional_id", "date", "organization", "kind", "minutes")
    rows = defaultdict(list)
    for found in resources.by_kind["Encounter"]:
        for row in _encounter_rows(found, resources, problems):
            for name, value in zip(names, row):
                rows[name].append(value)
    tables = [pa.table({name: pa.array(rows[name], pa.string()) for name in names})]
    tables += [_encounter_columns(name, table, resources, problems) for name, table in resources.encounter_tables]
    return pa.concat_tables(tables)


def _encounter_rows(found: _Found, resources: Resources, problems: ProblemCollector) -> list[tuple]:
    encounter = found.resource
    subject = resources.resolve(encounter.get("subject"))
    if subject is None or subject.resource["resourceType"] != "Patient":
        problems.add(None, None, "fhir.reference", where=found.where, element="Encounter.subject", kind="Patient")
        return []
    period = encounter.get("period") or {}
    day = _day(period.get("start"))
    if day is None:
        problems.add(None, None, "fhir.missing", where=found.where, element="Encounter.period.start")
        return []
    people = []
    for index, participant in enumerate(encounter.get("participant") or []):
        if not isinstance(participant, dict) or "individual" not in participant:
            continue
        who = _practitioner(resources.resolve(participant["individual"]), resources)
        if who is None:
            problems.add(None, None, "fhir.reference", where=found.where,
                         element=f"Encounter.participant[{index}].individual", kind="Practitioner")
            continue
        people.append(_person(who, "Practitioner"))
    episode = _episode(encounter, resources)
    if not people and episode is not None:  # nobody named: the care manager of its episode of care
        manager = _practitioner(resources.resolve(episode.get("careManager")), resources)
        people = [_person(manager, "Practitioner")] if manager else []
    if not people:
        problems.add(None, None, "fhir.missing", where=found.where, element="Encounter.participant.individual")
        return []
    organisation = (_organisation(resources.resolve(encounter.get("serviceProvider")))
                    or (_organisation(resources.resolve(episode.get("managingOrganization"))) if episode else None) or "")
    kind = ((encounter.get("class") or {}).get("code") if isinstance(encounter.get("class"), dict) else None) or ""
    minutes = _minutes(period)
    return [(f"Encounter/{encounter.get('id', found.where)}" + (f"#{place}" if place else ""),
             _person(subject, "Patient"), professional, day.isoformat(), organisation, kind,
             "" if minutes is None else str(minutes)) for place, professional in enumerate(people)]


def _episode(encounter: dict, resources: Resources) -> dict | None:
    for reference in encounter.get("episodeOfCare") or []:
        found = resources.resolve(reference)
        if found is not None and found.resource["resourceType"] == "EpisodeOfCare":
            return found.resource
    return None


def _lookup(references: pa.Array, keys: dict[str, str]) -> pa.Array:
    """Each reference's key (null where it resolves to nothing), in one vectorised lookup."""
    import pyarrow.compute as pc

    known = pa.array(list(keys), pa.string())
    return pc.take(pa.array(list(keys.values()), pa.string()), pc.index_in(references, value_set=known))


def _encounter_columns(name: str, table: pa.Table, resources: Resources, problems: ProblemCollector) -> pa.Table:
    """The contacts of Encounters read as columns: the same mapping as `_encounter_rows`."""
    import numpy as np
    import pyarrow.compute as pc

    patients = {ref: _person(f, "Patient") for ref, f in resources.by_reference.items()
                if f.resource["resourceType"] == "Patient"}
    workers = {}
    for ref, f in resources.by_reference.items():
        who = _practitioner(f, resources) if f.resource["resourceType"] in ("Practitioner", "PractitionerRole") else None
        if who is not None:
            workers[ref] = _person(who, "Practitioner")
    organisations = {ref: _organisation(f) or "" for ref, f in resources.by_reference.items()
                     if f.resource["resourceType"] == "Organization"}
    table = table.combine_chunks()
    client = _lookup(pc.struct_field(table["subject"], "reference"), patients)
    start = pc.struct_field(table["period"], "start")
    day = pc.utf8_slice_codeunits(start, 0, 10)
    good_day = pc.fill_null(pc.match_substring_regex(day, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), False)
    participant = table["participant"].chunk(0) if table["participant"].num_chunks else pa.array([], table.schema.field("participant").type)
    parent = pc.list_parent_indices(participant)
    individuals = pc.struct_field(pc.struct_field(pc.list_flatten(participant), "individual"), "reference")
    worker = _lookup(individuals, workers)
    lines = np.arange(1, table.num_rows + 1)
    for row in np.flatnonzero(pc.is_null(client).to_numpy(zero_copy_only=False))[:100]:
        problems.add(None, None, "fhir.reference", where=f"{name}:{lines[row]}", element="Encounter.subject", kind="Patient")
    for row in np.flatnonzero(~good_day.to_numpy(zero_copy_only=False))[:100]:
        problems.add(None, None, "fhir.missing", where=f"{name}:{lines[row]}", element="Encounter.period.start")
    unknown = pc.and_(pc.is_null(worker), pc.is_valid(individuals)).to_numpy(zero_copy_only=False)
    parents = parent.to_numpy(zero_copy_only=False)
    for i in np.flatnonzero(unknown)[:100]:
        place = i - np.searchsorted(parents, parents[i])
        problems.add(None, None, "fhir.reference", where=f"{name}:{lines[parents[i]]}",
                     element=f"Encounter.participant[{place}].individual", kind="Practitioner")
    seen = np.zeros(table.num_rows, bool)
    seen[parents[pc.is_valid(worker).to_numpy(zero_copy_only=False)]] = True
    for row in np.flatnonzero(~seen)[:100]:
        if not pc.is_null(client[int(row)]).as_py():
            problems.add(None, None, "fhir.missing", where=f"{name}:{lines[row]}", element="Encounter.participant.individual")
    keep = pc.is_valid(worker)
    parents = pc.filter(parent, keep)
    place = np.arange(len(parents)) - np.searchsorted(parents.to_numpy(zero_copy_only=False),
                                                       parents.to_numpy(zero_copy_only=False))
    ids = pc.take(table["id"], parents)
    suffix = pa.array(np.where(place > 0, np.char.add("#", place.astype(str)), ""))
    end = pc.struct_field(table["period"], "end")
    return pa.table({
        "contact_id": pc.binary_join_element_wise("Encounter/", pc.fill_null(ids, ""), suffix, ""),
        "client_id": pc.take(client, parents),
        "professional_id": pc.filter(worker, keep),
        "date": pc.take(day, parents),
        "organization": pc.fill_null(pc.take(_lookup(pc.struct_field(table["serviceProvider"], "reference"),
                                                     organisations), parents), ""),
        "kind": pc.fill_null(pc.take(pc.struct_field(table["class"], "code"), parents), ""),
        "minutes": pc.take(_minutes_columns(start, end), parents),
    })


def _minutes_columns(start: pa.Array, end: pa.Array) -> pa.Array:
    """`_minutes` for columns: the minutes between start and end, as text; empty without an
    end, with a date only, with two zones, or outside 0 to 1440."""
    import pyarrow.compute as pc

    def clock(text):
        return pc.strptime(pc.utf8_slice_codeunits(text, 0, 19), "%Y-%m-%dT%H:%M:%S", "s", error_is_null=True)

    same_zone = pc.equal(pc.utf8_slice_codeunits(start, 19, 40), pc.utf8_slice_codeunits(end, 19, 40))
    minutes = pc.divide(pc.cast(pc.subtract(clock(end), clock(start)), pa.int64()), 60)
    fits = pc.and_(same_zone, pc.and_(pc.greater_equal(minutes, 0), pc.less_equal(minutes, 24 * 60)))
    return pc.fill_null(pc.if_else(fits, pc.cast(minutes, pa.string()), ""), "")


def professionals(resources: Resources, problems: ProblemCollector) -> pa.Table:
    """One spell per PractitionerRole with a start: who, where, from when to when."""
    rows = defaultdict(list)
    for found in resources.by_kind["PractitionerRole"]:
        role = found.resource
        who = _practitioner(resources.resolve(role.get("practitioner")), resources)
        if who is None:
            problems.add(None, None, "fhir.reference", where=found.where, element="PractitionerRole.practitioner",
                         kind="Practitioner")
            continue
        organisation = _organisation(resources.resolve(role.get("organization")))
        period = role.get("period") or {}
        if organisation is None or _day(period.get("start")) is None:
            continue  # a role without an organisation or a start is no spell of employment
        rows["professional_id"].append(_person(who, "Practitioner"))
        rows["organization"].append(organisation)
        rows["start_date"].append(str(period["start"])[:10])
        rows["end_date"].append(str(period.get("end") or "")[:10])
    for found in resources.by_kind["CareTeam"]:  # members of a care team, each for their period
        team = found.resource
        organisations = [_organisation(resources.resolve(o)) for o in team.get("managingOrganization") or []]
        organisation = next((o for o in organisations if o), None)
        for member in team.get("participant") or []:
            who = _practitioner(resources.resolve((member or {}).get("member")), resources)
            period = (member or {}).get("period") or {}
            if who is None or organisation is None or _day(period.get("start")) is None:
                continue
            rows["professional_id"].append(_person(who, "Practitioner"))
            rows["organization"].append(organisation)
            rows["team"].append(team.get("name") or "")
            rows["start_date"].append(str(period["start"])[:10])
            rows["end_date"].append(str(period.get("end") or "")[:10])
    rows["team"] = [""] * (len(rows["professional_id"]) - len(rows["team"])) + rows["team"]
    names = ("professional_id", "organization", "team", "start_date", "end_date")
    return pa.table({name: pa.array(rows[name], pa.string()) for name in names})


def import_fhir(store, path: Path | str, key) -> list:
    """Read, resolve and check everything under `path`, then import the professionals and the
    contacts it gives, each as one batch through the ordinary import. Returns their results."""
    import tempfile

    import pyarrow.parquet as pq

    from vertrouwd.errors import VertrouwdError
    from vertrouwd.ingest.importer import import_file

    path = Path(path)
    if not path.exists():
        raise VertrouwdError("file.not_found", path=path)
    problems = ProblemCollector(str(path))
    resources = read(path, problems)
    # contacts first: they only add rows, so taking their batch out again restores the store
    tables = {"contacts": contacts(resources, problems), "professionals": professionals(resources, problems)}
    problems.raise_if_any()
    if not tables["contacts"].num_rows and not tables["professionals"].num_rows:
        raise VertrouwdError("fhir.nothing", path=path)
    results = []
    with tempfile.TemporaryDirectory(prefix="vertrouwd-fhir-") as folder:
        for name, table in tables.items():
            if not table.num_rows:
                continue
            file = Path(folder) / f"{path.stem or 'fhir'}-{name}.parquet"
            pq.write_table(table, file)
            try:
                results.append(import_file(store, name, file, key))
            except VertrouwdError:
                for done in results:  # all or nothing: take out what went in before
                    if not done.already_imported:
                        store.drop_batch(done.batch_id)
                raise
    return results
