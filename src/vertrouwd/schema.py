"""The data model: tables, columns, types. The single source of truth.

Every other module asks this one what a column means (`kind`), how it is stored
(`sql_type`), whether it is required, and which Dutch headers name it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import Enum


class Kind(str, Enum):
    """What a column holds; decides parsing, storage and privacy handling."""

    PERSON_ID = "person_id"  # pseudonymised on import, never echoed
    RECORD_ID = "record_id"  # identifies a record, not a person; never echoed
    TEXT = "text"
    DATE = "date"
    INTEGER = "integer"
    NUMBER = "number"


SQL_TYPES = {
    Kind.PERSON_ID: "UUID",
    Kind.RECORD_ID: "VARCHAR",
    Kind.TEXT: "VARCHAR",
    Kind.DATE: "DATE",
    Kind.INTEGER: "BIGINT",
    Kind.NUMBER: "DOUBLE",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False
    aliases: tuple[str, ...] = ()
    # Inclusive bounds for numbers; a value outside is an input error.
    minimum: float | None = None
    maximum: float | None = None
    # For person identifiers: the pseudonym namespace (client, household, professional).
    namespace: str | None = None

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]

    @property
    def hidden(self) -> bool:
        """Values of identifier columns never appear in any message."""
        return self.kind in (Kind.PERSON_ID, Kind.RECORD_ID)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    # Columns that identify a row; a repeated key in one file is an error.
    key: tuple[str, ...] = ()
    # contacts: an already stored key is skipped; other tables: the newer row replaces it.
    replace_existing: bool = True
    # Pairs (earlier, later) of date columns where later must not precede earlier.
    date_order: tuple[tuple[str, str], ...] = field(default=())

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _id(name: str, namespace: str, required: bool, *aliases: str) -> Column:
    return Column(name, Kind.PERSON_ID, required, aliases, namespace=namespace)


CLIENT_ALIASES = ("clientnummer", "clientnr", "client_nr", "client", "clientid",
                  "bsn", "burgerservicenummer", "cliennummer", "deelnemer", "jeugdige")
PROFESSIONAL_ALIASES = ("medewerker", "medewerkernummer", "medewerker_id", "medewerkerid",
                        "hulpverlener", "behandelaar", "professional", "consulent", "mdw")
HOUSEHOLD_ALIASES = ("huishouden", "huishoudnummer", "huishouden_id", "gezin", "gezinsnummer")
AREA_ALIASES = ("wijk", "buurt", "wijkcode", "buurtcode", "gebied")
ORGANIZATION_ALIASES = ("organisatie", "aanbieder", "zorgaanbieder", "instelling")
DOMAIN_ALIASES = ("domein",)

CONTACTS = Table(
    "contacts",
    (
        _id("client_id", "client", True, *CLIENT_ALIASES),
        _id("professional_id", "professional", True, *PROFESSIONAL_ALIASES),
        Column("date", Kind.DATE, True, ("datum", "contactdatum", "datum_contact")),
        Column("contact_id", Kind.RECORD_ID, False, ("contactnummer", "contact_nr", "contactid", "id")),
        Column("organization", Kind.TEXT, False, ORGANIZATION_ALIASES),
        Column("team", Kind.TEXT, False, ("teamnaam",)),
        Column("area", Kind.TEXT, False, AREA_ALIASES),
        _id("household_id", "household", False, *HOUSEHOLD_ALIASES),
        Column("domain", Kind.TEXT, False, DOMAIN_ALIASES),
        Column("kind", Kind.TEXT, False, ("soort", "contactvorm", "contactsoort", "type")),
        Column("minutes", Kind.INTEGER, False, ("minuten", "duur", "duur_minuten"), 0, 24 * 60),
        Column("intervention", Kind.TEXT, False, ("interventie", "product", "hulpvorm")),
    ),
    key=("contact_id",),
    replace_existing=False,
)

PROFESSIONALS = Table(
    "professionals",
    (
        _id("professional_id", "professional", True, *PROFESSIONAL_ALIASES),
        Column("organization", Kind.TEXT, True, ORGANIZATION_ALIASES),
        Column("start_date", Kind.DATE, True, ("startdatum", "begindatum", "datum_in_dienst", "in_dienst")),
        Column("end_date", Kind.DATE, False, ("einddatum", "datum_uit_dienst", "uit_dienst")),
        Column("team", Kind.TEXT, False, ("teamnaam",)),
        Column("role", Kind.TEXT, False, ("functie", "rol")),
        Column("fte", Kind.NUMBER, False, ("aanstelling", "deeltijdfactor"), 0.0, 2.0),
        Column("caseload_cap", Kind.INTEGER, False, ("maximale_caseload", "caseload_max", "max_caseload"), 1, 1000),
    ),
    key=("professional_id", "start_date"),
    date_order=(("start_date", "end_date"),),
)

CLIENTS = Table(
    "clients",
    (
        _id("client_id", "client", True, *CLIENT_ALIASES),
        _id("household_id", "household", False, *HOUSEHOLD_ALIASES),
        Column("area", Kind.TEXT, False, AREA_ALIASES),
        Column("birth_year", Kind.INTEGER, False, ("geboortejaar",), 1900, 2100),
        Column("domain", Kind.TEXT, False, DOMAIN_ALIASES),
    ),
    key=("client_id",),
)

CONTRACTS = Table(
    "contracts",
    (
        Column("contract_id", Kind.RECORD_ID, True, ("contractnummer", "contract", "contract_nr")),
        Column("municipality", Kind.TEXT, True, ("gemeente",)),
        Column("organization", Kind.TEXT, True, ORGANIZATION_ALIASES),
        Column("start_date", Kind.DATE, True, ("startdatum", "begindatum", "ingangsdatum")),
        Column("end_date", Kind.DATE, False, ("einddatum",)),
        Column("max_end_date", Kind.DATE, False, ("maximale_einddatum", "uiterste_einddatum", "einddatum_max")),
        Column("domain", Kind.TEXT, False, DOMAIN_ALIASES),
        Column("area", Kind.TEXT, False, AREA_ALIASES),
        Column("procurement", Kind.TEXT, False, ("inkoopvorm", "inkoop", "inkoopmethode")),
    ),
    key=("contract_id",),
    date_order=(("start_date", "end_date"), ("start_date", "max_end_date"), ("end_date", "max_end_date")),
)

TABLES: dict[str, Table] = {t.name: t for t in (CONTACTS, PROFESSIONALS, CLIENTS, CONTRACTS)}


def normalize_header(header: str) -> str:
    """`Cliëntnummer ` -> `clientnummer`, `Datum in dienst` -> `datum_in_dienst`."""
    text = unicodedata.normalize("NFKD", header.strip().lstrip("\ufeff"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    out = []
    for ch in text:
        out.append(ch if ch.isalnum() else "_")
    return "_".join(part for part in "".join(out).split("_") if part)
