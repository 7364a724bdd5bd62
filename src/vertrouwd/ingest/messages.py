"""iJw and iWmo messages (iStandaarden, release 3.x): who was assigned and who gave care.

A municipality receives, per client and provider, the assignment (JW301 / WMO301:
ToegewezenProduct with ToewijzingNummer, Product, ToewijzingIngangsdatum and
-Einddatum), the start of care (JW305 / WMO305: StartProduct with Begindatum) and its stop
(JW307 / WMO307: StopProduct with Einddatum and RedenBeeindiging). The messages never name
a worker: they give continuity at the level of the provider. Each product line becomes one
row of `care_messages`, with the BSN checked (elfproef) and pseudonymised at the door.

Which message it is follows from the namespace of its root element
(`http://www.istandaarden.nl/ijw/3_2/jw301/schema`); the provider is the Ontvanger of an
assignment and the Afzender of a start or stop (its AGB code); the municipality the other.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from vertrouwd.errors import ProblemCollector
from vertrouwd.ingest.importer import ImportResult
from vertrouwd.privacy.pseudonyms import canonical_bsn

NAMESPACE = re.compile(r"^http://www\.istandaarden\.nl/(ijw|iwmo)/3_(\d+)/(jw|wmo)(301|305|307)/schema$")
# per message: the list of product lines and, in each, the element for the first and last day
PRODUCTS = {"301": ("ToegewezenProducten", "ToegewezenProduct", "ToewijzingIngangsdatum", "ToewijzingEinddatum"),
            "305": ("StartProducten", "StartProduct", "Begindatum", None),
            "307": ("StopProducten", "StopProduct", "Begindatum", "Einddatum")}
KINDS = {"301": "assigned", "305": "started", "307": "stopped"}


@dataclass(frozen=True)
class Line:
    """One product line of one message."""

    standard: str  # ijw | iwmo
    kind: str  # assigned | started | stopped
    message_id: str  # the sender's identification of the message
    bsn: str  # nine digits, checked
    provider: str  # AGB code
    municipality: str  # gemeente code
    assignment: str  # ToewijzingNummer
    category: str | None
    product: str | None
    first_day: dt.date | None
    last_day: dt.date | None
    reason: str | None  # RedenBeeindiging (stops): in iJw code list JZ588, 38 is a switch of provider
    sent: dt.date | None
    source: str = ""  # the file it came from


def message_files(path: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of every .xml in a folder (recursively), a zip file, or one .xml file,
    in name order."""
    if path.is_dir():
        return [(str(p.relative_to(path)), p.read_bytes()) for p in sorted(path.rglob("*")) if p.suffix.lower() == ".xml"]
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            return [(name, archive.read(name)) for name in sorted(archive.namelist()) if name.lower().endswith(".xml")]
    return [(path.name, path.read_bytes())]


def parse(name: str, data: bytes, problems: ProblemCollector) -> list[Line]:
    """The product lines of one message; problems (named by file and element) instead where
    it is not a well-formed iJw/iWmo 3.x assignment, start or stop."""
    try:
        root = ElementTree.parse(io.BytesIO(data)).getroot()
    except ElementTree.ParseError as err:
        line, column = err.position
        problems.add(None, None, "message.not_xml", file=name, at=line, position=column)
        return []
    namespace, _, tag = root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", root.tag)
    match = NAMESPACE.match(namespace)
    if tag != "Bericht" or not match:
        problems.add(None, None, "message.namespace", file=name, namespace=namespace or "-", element=tag)
        return []
    standard, _, _, code = match.groups()
    reader = _Reader(name, namespace, problems)
    header = reader.child(root, "Header", "Header")
    client = reader.child(root, "Client", "Client")
    if header is None or client is None:
        return []
    sender = reader.text(header, "Afzender", "Header/Afzender")
    receiver = reader.text(header, "Ontvanger", "Header/Ontvanger")
    ident = header.find(reader.q("BerichtIdentificatie"))
    message_id = _any_text(ident, "Identificatie") if ident is not None else None
    sent = _date(_any_text(ident, "Dagtekening")) if ident is not None else None
    if message_id is None:
        problems.add(None, None, "message.missing", file=name, element="Header/BerichtIdentificatie/Identificatie")
    bsn = reader.text(client, "Bsn", "Client/Bsn")
    if bsn is not None:
        checked = canonical_bsn(bsn)
        if checked is None:
            problems.add(None, None, "message.bsn", file=name, element="Client/Bsn")
        bsn = checked
    group, item, first_name, last_name = PRODUCTS[code]
    container = reader.child(client, group, f"Client/{group}")
    if container is None:
        return []
    provider, municipality = (receiver, sender) if code == "301" else (sender, receiver)
    lines = []
    for number, product in enumerate(container.findall(reader.q(item)), start=1):
        where = f"Client/{group}/{item}[{number}]"
        assignment = reader.text(product, "ToewijzingNummer", f"{where}/ToewijzingNummer")
        first = reader.date(product, first_name, f"{where}/{first_name}")
        last = reader.date(product, last_name, f"{where}/{last_name}", required=code == "307") if last_name else None
        if first is not None and last is not None and last < first:
            problems.add(None, None, "message.order", file=name, element=f"{where}/{last_name}",
                         first=f"{first:%d-%m-%Y}", last=f"{last:%d-%m-%Y}")
        kind_of = product.find(reader.q("Product"))
        lines.append(Line(standard, KINDS[code], message_id or "", bsn or "", provider or "", municipality or "",
                          assignment or "", _any_text(kind_of, "Categorie") if kind_of is not None else None,
                          _any_text(kind_of, "Code") if kind_of is not None else None, first, last,
                          reader.optional(product, "RedenBeeindiging") if code == "307" else None, sent, name))
    if not lines:
        problems.add(None, None, "message.missing", file=name, element=f"Client/{group}/{item}")
    return lines


class _Reader:
    """Elements of the message's own namespace, each missing one a problem named by its path."""

    def __init__(self, name: str, namespace: str, problems: ProblemCollector) -> None:
        self.name, self.namespace, self.problems = name, namespace, problems

    def q(self, tag: str) -> str:
        return f"{{{self.namespace}}}{tag}"

    def child(self, parent, tag: str, where: str):
        found = parent.find(self.q(tag))
        if found is None:
            self.problems.add(None, None, "message.missing", file=self.name, element=where)
        return found

    def text(self, parent, tag: str, where: str) -> str | None:
        found = parent.find(self.q(tag))
        value = (found.text or "").strip() if found is not None else ""
        if not value:
            self.problems.add(None, None, "message.missing", file=self.name, element=where)
            return None
        return value

    def optional(self, parent, tag: str) -> str | None:
        found = parent.find(self.q(tag))
        return (found.text or "").strip() or None if found is not None else None

    def date(self, parent, tag: str, where: str, required: bool = True) -> dt.date | None:
        found = parent.find(self.q(tag))
        if found is None or not (found.text or "").strip():
            if required:
                self.problems.add(None, None, "message.missing", file=self.name, element=where)
            return None
        value = _date(found.text)
        if value is None:
            self.problems.add(None, None, "message.date", file=self.name, element=where, written=found.text.strip())
        return value


def _any_text(parent, tag: str) -> str | None:
    """The text of a child in any namespace (the basisschema's elements have their own)."""
    for child in parent:
        if child.tag.rpartition("}")[2] == tag:
            return (child.text or "").strip() or None
    return None


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()[:10]) if text else None
    except ValueError:
        return None


COLUMNS = ("client_id", "standard", "kind", "message_id", "provider", "municipality", "assignment", "category",
           "product", "first_day", "last_day", "reason", "sent")


def import_messages(store, path: Path | str, key) -> ImportResult:
    """Import every iJw/iWmo message under `path` (a folder, a zip file or one .xml) into
    `care_messages`, as one batch: all are checked first and nothing is written when any is
    wrong. A set of files imported before is recognised by its content and changes nothing;
    a message already stored (the same sender's identification) is skipped."""
    import hashlib

    import pyarrow as pa

    from vertrouwd.errors import VertrouwdError
    from vertrouwd.privacy.pseudonyms import Pseudonymizer, neutral

    path = Path(path)
    if not path.exists():
        raise VertrouwdError("file.not_found", path=path)
    problems = ProblemCollector(str(path))
    try:
        files = message_files(path)
    except (zipfile.BadZipFile, OSError) as err:
        problems.add(None, None, "message.archive", reason=type(err).__name__)
        problems.raise_if_any()
    if not files:
        raise VertrouwdError("message.none", path=path)
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    sha = digest.hexdigest()
    earlier = store.batch_with_hash(sha)
    if earlier:
        return ImportResult(earlier["table_name"], earlier["file_name"], earlier["batch_id"], already_imported=True,
                            imported_at=earlier["imported_at"])
    stored_key = store.key_version()
    if stored_key is not None and stored_key != key.version:
        raise VertrouwdError("key.mismatch", stored=stored_key, given=key.version)
    lines = [line for name, data in files for line in parse(name, data, problems)]
    problems.raise_if_any()
    pseudonyms = Pseudonymizer(key)
    clients = pseudonyms.array("client", pa.array([line.bsn for line in lines], pa.string()))[0]
    table = pa.table({
        "client_id": clients,
        **{name: pa.array([getattr(line, name) for line in lines], pa.date32() if name in ("first_day", "last_day", "sent")
                          else pa.string()) for name in COLUMNS[1:]}})
    _stops_have_a_start(store, table, lines, problems)
    problems.raise_if_any()
    batch, added, skipped = store.record_messages(table, neutral(path.name), sha, key.version)
    return ImportResult("care_messages", path.name, batch, len(lines), added, skipped)


def _stops_have_a_start(store, table, lines: list[Line], problems: ProblemCollector) -> None:
    """A stop of care for an assignment that no message assigned or started, here or in the
    store, is refused: it would make a spell out of nothing."""
    known = store.known_assignments(table)
    for line, client in zip(lines, table["client_id"].to_pylist()):
        if line.kind == "stopped" and (client, line.provider, line.assignment) not in known:
            problems.add(None, None, "message.stop_without_start", file=line.source, assignment=line.assignment)
