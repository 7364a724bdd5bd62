"""The command line: a thin skin over the library. Each command calls one library function,
prints the outcome in the user's language, and turns errors into a message and exit code."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table as RichTable
from rich.text import Text

from vertrouwd import formats, i18n, settings
from vertrouwd.errors import ValidationError, VertrouwdError
from vertrouwd.i18n import number, t


def _language_from_argv() -> str:
    """Help texts are built before options are parsed, so look for --lang ourselves."""
    argv = sys.argv[1:]
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in i18n.LANGUAGES else "nl"
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in i18n.LANGUAGES else "nl"
    return i18n.language()


_HELP_LANG = _language_from_argv()


def h(key: str) -> str:
    return t(key, lang=_HELP_LANG)


app = typer.Typer(help=h("help.app"), no_args_is_help=True, add_completion=False,
                  context_settings={"help_option_names": ["-h", "--help"]})
# Wide enough for the tables when output goes to a file or pipe (Rich would assume 80).
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 130)
err = Console(stderr=True, soft_wrap=True, width=None if sys.stderr.isatty() else 130)

Lang = Annotated[str, typer.Option("--lang", help=h("help.lang"), envvar="VERTROUWD_LANG")]
Db = Annotated[Optional[Path], typer.Option("--db", help=h("help.db"), envvar="VERTROUWD_DB")]
KeyFile = Annotated[Optional[Path], typer.Option("--key-file", help=h("help.key_file"))]
DateFrom = Annotated[Optional[str], typer.Option("--from", help=h("help.measure.from"))]
DateTo = Annotated[Optional[str], typer.Option("--to", help=h("help.measure.to"))]
Output = Annotated[Optional[Path], typer.Option("-o", "--output", help=h("help.measure.output"))]
Engine = Annotated[str, typer.Option("--engine", help=h("help.measure.engine"))]
SparkMaster = Annotated[str, typer.Option("--spark-master", help=h("help.measure.spark_master"))]
MinCell = Annotated[int, typer.Option("--min-cell", min=1, help=h("help.measure.min_cell"))]
Clients = Annotated[int, typer.Option("--clients", min=10, help=h("help.synth.clients"))]
Years = Annotated[float, typer.Option("--years", min=0.25, max=50, help=h("help.synth.years"))]
Seed = Annotated[int, typer.Option("--seed", help=h("help.synth.seed"))]
Scope = Annotated[str, typer.Option("--scope", help=h("help.handover.scope"))]
Cap = Annotated[Optional[int], typer.Option("--cap", min=1, max=10_000, help=h("help.handover.cap"))]
PlanOutput = Annotated[Optional[Path], typer.Option("-o", "--output", help=h("help.handover.output"))]
Apply = Annotated[bool, typer.Option("--apply", help=h("help.handover.apply"))]
Reason = Annotated[Optional[str], typer.Option("--reason", help=h("help.handover.why"))]
UndoReason = Annotated[Optional[str], typer.Option("--reason", help=h("help.undo.why"))]
ExcelCsv = Annotated[bool, typer.Option("--excel-csv", help=h("help.excel_csv"))]


@contextmanager
def _command(lang: str) -> Iterator[None]:
    """Set the language; turn library errors into a clean message and exit code."""
    if lang not in i18n.LANGUAGES:
        err.print(f"--lang: nl | en ('{lang}')")
        raise typer.Exit(2)
    with i18n.speaking(lang):
        try:
            yield
        except ValidationError as e:
            err.print(e.report(), markup=False, highlight=False)
            raise typer.Exit(e.exit_code) from None
        except VertrouwdError as e:
            err.print(str(e), markup=False, highlight=False)
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            err.print(t("cli.interrupted"))
            raise typer.Exit(130) from None
        except typer.Exit:
            raise
        except Exception as e:  # never print data from an unexpected error: it may hold identifiers
            if os.environ.get("VERTROUWD_DEBUG"):
                raise
            err.print(t("cli.unexpected", kind=type(e).__name__), markup=False, highlight=False)
            raise typer.Exit(1) from None


def _add_row(grid: RichTable, *cells: str) -> None:
    """A table row whose cells are shown as they are: names from the data are never read as
    Rich markup ('Noord [/wmo]')."""
    grid.add_row(*(Text(cell) for cell in cells))


def _progress(in_bytes: bool = True) -> Progress:
    """A progress bar on the terminal's error stream (none when it is not a terminal): of
    bytes read, with the time left, or of steps."""
    columns = (DownloadColumn(), TimeRemainingColumn()) if in_bytes else ()
    return Progress(TextColumn("{task.description}"), BarColumn(), *columns, console=err, transient=True,
                    disable=not err.is_terminal)


@app.command(help=h("help.init"))
def init(key_file: KeyFile = None, lang: Lang = "nl") -> None:
    from vertrouwd.privacy.keys import create_key

    with _command(lang):
        path = create_key(key_file)
        out.print(t("key.created", path=path), markup=False)


def _import(table: str, file: Path, db: Path | None, mapping: list[str], ignore: list[str], bsn: bool,
            key_file: Path | None) -> None:
    from vertrouwd.ingest.columns import parse_mapping
    from vertrouwd.ingest.importer import import_file
    from vertrouwd.privacy.keys import load_key
    from vertrouwd.store import Store

    key = load_key(key_file)
    if table in (MESSAGES_TABLE, FHIR_TABLE):  # not one table's file: iJw/iWmo messages, or FHIR resources
        from vertrouwd.ingest.fhir import import_fhir
        from vertrouwd.ingest.messages import import_messages

        with _progress(in_bytes=False) as bar, Store(db) as store:
            bar.add_task(t("progress.read", file=file.name), total=None)
            results = [import_messages(store, file, key)] if table == MESSAGES_TABLE else import_fhir(store, file, key)
        for result in results:
            _print_import(result)
        return
    pairs = parse_mapping(mapping)
    with _progress() as bar, Store(db) as store:
        tasks: dict[str, int] = {}

        def progress(phase: str, advance: int, total: int | None) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(t(f"progress.{phase}", file=file.name), total=total)
            bar.advance(tasks[phase], advance)

        result = import_file(store, table, file, key, pairs, ignore, bsn, progress)
    _print_import(result)


MESSAGES_TABLE = "berichten"
FHIR_TABLE = "fhir"


def _print_import(result) -> None:
    if result.already_imported:
        out.print(t("import.already", batch=result.batch_id, file=result.file,
                    when=f"{result.imported_at:%Y-%m-%d %H:%M}"), markup=False)
    else:
        shown = MESSAGES_TABLE if result.table == "care_messages" else result.table  # the name the user typed
        out.print(t("import.done", file=result.file, table=shown, added=number(result.rows_added),
                    skipped=number(result.rows_skipped), updated=number(result.rows_updated),
                    batch=result.batch_id), markup=False)


@app.command("import", help=h("help.import"))
def import_(
    table: Annotated[str, typer.Argument(help=h("help.import.table"))],
    file: Annotated[Path, typer.Argument(help=h("help.import.file"))],
    db: Db = None,
    mapping: Annotated[Optional[list[str]], typer.Option("--map", help=h("help.import.map"))] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help=h("help.import.ignore"))] = None,
    bsn: Annotated[bool, typer.Option("--bsn", help=h("help.import.bsn"))] = False,
    key_file: KeyFile = None,
    lang: Lang = "nl",
) -> None:
    with _command(lang):
        _import(table, file, db, mapping or [], ignore or [], bsn, key_file)


@app.command(help=h("help.synth"))
def synth(
    out_dir: Annotated[Path, typer.Option("--out", help=h("help.synth.out"))],
    clients: Annotated[Optional[int], typer.Option("--clients", min=10, help=h("help.synth.clients_preset"))] = None,
    years: Annotated[Optional[float], typer.Option("--years", min=0.25, max=50, help=h("help.synth.years_preset"))] = None,
    seed: Seed = settings.SEED,
    fmt: Annotated[str, typer.Option("--format", help=h("help.synth.format"))] = "csv",
    preset: Annotated[str, typer.Option("--preset", help=h("help.synth.preset"))] = "gemeente",
    lang: Lang = "nl",
) -> None:
    with _command(lang):
        if fmt not in ("csv", "parquet"):
            raise VertrouwdError("synth.format", value=fmt)
        if preset == "gemeente":
            files = _synthesize(out_dir, clients or settings.SYNTH_CLIENTS, years or settings.SYNTH_YEARS, seed, fmt)
        else:  # one kind of care, as the scenario simulator's preset runs it, written out as data
            import dataclasses

            from vertrouwd.simulate import write_municipality
            from vertrouwd.simulate.model import PRESETS, materialize

            if preset not in PRESETS:
                raise VertrouwdError("simulate.unknown", value=preset, presets=", ".join(["gemeente", *PRESETS]))
            scenario = PRESETS[preset]
            scenario = dataclasses.replace(scenario, clients=clients or scenario.clients, years=years or scenario.years)
            with _progress(in_bytes=False) as bar:
                bar.add_task(t("progress.synth", clients=number(scenario.clients)), total=None)
                municipality = materialize(scenario.check(), seed)
                files = write_municipality(municipality, out_dir, fmt)
            counts = {name: number(table.num_rows) for name, table in municipality.tables().items()}
            out.print(t("synth.done", out=out_dir, **counts), markup=False)
        for name, path in files.items():
            out.print(f"  {name}: {path}", markup=False)


def _synthesize(out_dir: Path, clients: int, years: float, seed: int, fmt: str) -> dict[str, Path]:
    from vertrouwd.simulate import Levers, synthesize, write_municipality

    steps = ["clients", "contracts", "staff", "caseloads", "contacts"]
    with _progress(in_bytes=False) as bar:
        task = bar.add_task(t("progress.synth", clients=number(clients)), total=len(steps) + 1)
        municipality = synthesize(Levers(clients=clients, years=years, seed=seed),
                                  progress=lambda _step: bar.advance(task))
        files = write_municipality(municipality, out_dir, fmt)
        bar.advance(task)
    counts = {name: number(table.num_rows) for name, table in municipality.tables().items()}
    out.print(t("synth.done", out=out_dir, **counts), markup=False)
    return files


@app.command(help=h("help.status"))
def status(db: Db = None, lang: Lang = "nl") -> None:
    from vertrouwd.store import Store

    with _command(lang), Store(db, read_only=True) as store:
        _print_status(store)


def _print_status(store) -> None:
    counts = store.row_counts()
    tables = RichTable(title=t("status.title", path=store.path, version=store.version))
    tables.add_column(t("status.table"))
    tables.add_column(t("status.rows"), justify="right")
    for name, n in counts.items():
        _add_row(tables, name, number(n))
    out.print(tables)
    if store.handover_batches():
        _print_handover_batches(store)
    batches = store.batches()
    if not batches:
        out.print(t("status.no_batches"))
        return
    grid = RichTable(title=t("status.batches"))
    for key in ("status.batch", "status.table", "status.file", "status.read", "status.added",
                "status.skipped", "status.updated", "status.key", "status.when"):
        grid.add_column(t(key), justify="right" if key in ("status.read", "status.added", "status.skipped",
                                                           "status.updated") else "left")
    for b in batches:
        _add_row(grid, str(b["batch_id"]), b["table_name"], b["file_name"], number(b["rows_read"]),
                     number(b["rows_added"]), number(b["rows_skipped"]), number(b["rows_updated"]),
                     b["key_version"], f"{b['imported_at']:%Y-%m-%d %H:%M}")
    out.print(grid)


@app.command(help=h("help.demo"))
def demo(
    directory: Annotated[Path, typer.Option("--dir", help=h("help.demo.dir"))] = Path("demo"),
    clients: Clients = settings.SYNTH_CLIENTS,
    years: Years = settings.SYNTH_YEARS,
    seed: Seed = settings.SEED,
    lang: Lang = "nl",
) -> None:
    from vertrouwd import demo as the_demo
    from vertrouwd.store import Store

    with _command(lang):
        out.print(t("demo.start", clients=number(clients), years=number(years, 0 if years == int(years) else 1)))
        place = the_demo.fresh(directory)
        files = _synthesize(place.data, clients, years, seed, "csv")
        for table in the_demo.TABLES:
            _import(table, files[table], place.db, [], [], table in the_demo.WITH_BSN, place.key_file)
        with Store(place.db, read_only=True) as store:
            _print_status(store)
            facts = store.contact_facts()
            out.print(t("demo.summary", first=f"{facts['first']:%d-%m-%Y}", last=f"{facts['last']:%d-%m-%Y}",
                        orgs=facts["organizations"], teams=facts["teams"], areas=facts["areas"], db=place.db),
                      markup=False)
            scenarios, check = the_demo.scenarios(store, {"base": t("demo.scenario_base"),
                                                          "nine_years": t("demo.scenario_9"),
                                                          "duo": t("demo.scenario_duo")})
            rows = _scenario_rows(scenarios, directory / "simulation.csv", seed,
                                  measured={"measured_professionals_mean": check["measured_faces"],
                                            "measured_upc_mean": check["measured_upc"]})
            _write_report(store, directory / "report.html", directory / "report.xlsx", None, None, settings.MIN_CELL,
                          rows, summary=True)
        out.print(t("demo.next", db=place.db), markup=False)
        example = the_demo.handover_example(files["contacts"], facts["last"])
        if example:
            out.print(t("demo.handover", db=place.db, keyfile=place.key_file, pid=example[0],
                        on=f"{example[1]:%d-%m-%Y}"), markup=False)


measure_app = typer.Typer(help=h("help.measure"), no_args_is_help=True)
app.add_typer(measure_app, name="measure")


def _date_option(option: str, value: str | None):
    import datetime as dt

    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            pass
    raise VertrouwdError("measure.date", option=option, value=value)


@measure_app.command("relational", help=h("help.measure.relational"))
def measure_relational(
    file: Annotated[Optional[Path], typer.Argument(help=h("help.measure.file"))] = None,
    output: Output = None,
    level: Annotated[str, typer.Option("--level", help=h("help.measure.level"))] = "professional",
    by: Annotated[Optional[list[str]], typer.Option("--by", help=h("help.measure.by"))] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    window: Annotated[Optional[str], typer.Option("--window", help=h("help.measure.window"))] = None,
    step: Annotated[Optional[str], typer.Option("--step", help=h("help.measure.step"))] = None,
    engine: Engine = settings.ENGINE,
    spark_master: SparkMaster = settings.SPARK_MASTER,
    min_contacts: Annotated[int, typer.Option("--min-contacts", min=1, help=h("help.measure.min_contacts"))] = settings.MIN_CONTACTS,
    risk_professionals: Annotated[int, typer.Option("--risk-professionals", min=2, help=h("help.measure.risk_professionals"))] = settings.RISK_PROFESSIONALS,
    risk_upc: Annotated[float, typer.Option("--risk-upc", min=0, max=1, help=h("help.measure.risk_upc"))] = settings.RISK_UPC,
    risk_min_contacts: Annotated[int, typer.Option("--risk-min-contacts", min=1, help=h("help.measure.risk_min_contacts"))] = settings.RISK_MIN_CONTACTS,
    min_cell: MinCell = settings.MIN_CELL,
    excel: ExcelCsv = False,
    db: Db = None,
    key_file: KeyFile = None,
    bsn: Annotated[bool, typer.Option("--bsn", help=h("help.import.bsn"))] = False,
    lang: Lang = "nl",
) -> None:
    from contextlib import nullcontext

    import pyarrow as pa
    import pyarrow.compute as pc

    from vertrouwd.export import write_table
    from vertrouwd.measures import Risk, relational, summary
    from vertrouwd.privacy.suppress import relational_layout, suppress_table
    from vertrouwd.store import Store

    with _command(lang):
        start, end = _date_option("--from", date_from), _date_option("--to", date_to)
        risk = Risk(risk_professionals, risk_upc, risk_min_contacts)
        pseudonyms = None
        if file is not None and file.is_dir():  # read where it lies, by the engine's own reader
            from vertrouwd.privacy.pseudonyms import Pseudonymizer
            from vertrouwd.privacy.keys import load_key

            pseudonyms = Pseudonymizer(load_key(key_file))
            store, source = nullcontext(), file
        elif file is not None:
            from vertrouwd.ingest.importer import import_file
            from vertrouwd.privacy.keys import load_key

            store = source = Store(":memory:")  # straight from the file: no database file is touched
            import_file(store, "contacts", file, load_key(key_file), bsn=bsn)
        else:
            store = source = Store(db, read_only=True)
        with store, _progress(in_bytes=False) as bar:
            bar.add_task(t("progress.measure"), total=None)
            table = relational(source, level=level, by=by or [], start=start, end=end, engine=engine,
                               min_contacts=min_contacts, risk=risk, window=window, step=step,
                               spark_master=spark_master)
            version = pseudonyms.version if pseudonyms is not None else store.key_version()
        if "client_id" in table.column_names:  # clients by their printed pseudonym; no raw number leaves
            from vertrouwd.privacy.pseudonyms import printed_array

            column = table["client_id"].combine_chunks()
            if pseudonyms is not None:
                column = pseudonyms.array("client", column.cast(pa.string()))[0]
            table = table.set_column(table.column_names.index("client_id"), "client_id", printed_array(column, version))
        latest = table
        if window:  # the terminal speaks of the latest window; the file holds them all
            latest = table.filter(pc.equal(table["window_end"], pc.max(table["window_end"])))
            windows = len(set(table["window_end"].to_pylist()))
            out.print(t("measure.window_shown", first=f"{latest['window_start'][0].as_py():%d-%m-%Y}",
                        last=f"{latest['window_end'][0].as_py():%d-%m-%Y}", count=windows), markup=False)
        if by:  # the same suppression as the report, secondary cells included, each window apart
            layout = relational_layout(table.column_names)
            table, _ = suppress_table(table, layout, min_cell, apart="window_end" if window else None)
            latest, hidden = suppress_table(latest, layout, min_cell)
            _print_groups(latest, hidden, by, min_cell, output)
        else:
            _print_summary(summary(latest.drop_columns([c for c in ("window_start", "window_end")
                                                        if c in latest.column_names]), min_contacts, risk),
                           level, min_contacts, risk)
        if output:
            write_table(table, output, excel)
            out.print(t("measure.written", path=output, rows=number(table.num_rows)), markup=False)


def _print_summary(row: dict, level: str, min_contacts: int, risk) -> None:
    out.print(t("measure.summary", clients=number(row["clients"]), min=min_contacts, all=number(row["clients_all"]),
                nop=formats.text(row["n_professionals_mean"], "n_professionals_mean"),
                actors=t(f"measure.actors.{level}"), upc=formats.text(row["upc_mean"], "upc_mean"),
                share=formats.percent(row["share_at_risk"]), risk_nop=risk.professionals,
                risk_upc=formats.text(risk.upc, "upc"), risk_min=risk.min_contacts), markup=False)


GROUP_FIGURES = ("clients", "share_at_risk", "n_professionals_mean", "upc_mean", "secon_mean")


def _print_groups(table, hidden: list, by: list[str], min_cell: int, output: Path | None, limit: int = 15) -> None:
    """The groups with the highest share at risk first, with the report's column names,
    number forms and marks; says how many are shown when the table is cut."""
    header = formats.heading
    rows = sorted(zip(table.to_pylist(), hidden),
                  key=lambda rh: (rh[0].get("share_at_risk") is None, -(rh[0].get("share_at_risk") or 0)))
    grid = RichTable(title=t("measure.groups_title"))
    for column in (*by, *GROUP_FIGURES):
        grid.add_column(header(column), justify="left" if column in by else "right")
    for r, gone in rows[:limit]:
        keys = [str(r[c]) if r[c] is not None else t("mark.missing_group") for c in by]
        _add_row(grid, *keys, *[t("mark.suppressed") if c in gone else formats.text(r[c], c) for c in GROUP_FIGURES])
    out.print(grid)
    if any(hidden):
        out.print(t("mark.legend.suppressed", min_cell=min_cell), markup=False)
    _print_cut(len(rows), limit, t(f"measure.groups.{by[0]}") if len(by) == 1 else t("measure.groups"), output)


def _print_cut(total: int, limit: int, what: str, output: Path | None) -> None:
    if total > limit:
        out.print(t("measure.cut", shown=number(limit), total=number(total), what=what) +
                  ("." if output else t("measure.cut_hint")), markup=False)


Period = Annotated[str, typer.Option("--period", help=h("help.measure.period"))]
OrgBy = Annotated[Optional[list[str]], typer.Option("--by", help=h("help.measure.org_by"))]


def _organisation_command(kind: str, db, by, date_from, date_to, output, engine, spark_master, lang, excel=False,
                          **options):
    """Run one organisational or link measure on the store, print it, and write it."""
    from vertrouwd import measures
    from vertrouwd.export import write_table
    from vertrouwd.store import Store

    with _command(lang):
        start, end = _date_option("--from", date_from), _date_option("--to", date_to)
        function = {"staff": measures.staff_flows, "caseload": measures.caseloads,
                    "broken": measures.broken_relationships}[kind]
        min_cell = options.pop("min_cell", None)
        with Store(db, read_only=True) as store:
            table = function(store, by=by or ["organization"], start=start, end=end, engine=engine,
                             spark_master=spark_master, **options)
        hidden = None
        if min_cell:  # the parts of a broken relationship too, as in the report
            from vertrouwd.privacy.suppress import BROKEN_LAYOUT, suppress_table

            table, hidden = suppress_table(table, BROKEN_LAYOUT, min_cell, apart="period")
        _print_rows(table, f"measure.title.{kind}", output, hidden, min_cell or settings.MIN_CELL,
                    columns=TERMINAL_COLUMNS.get(kind))
        if output:
            write_table(table, output, excel)
            out.print(t("measure.written", path=output, rows=number(table.num_rows)), markup=False)


# What the terminal shows of a wide measure (the file with -o holds every column).
TERMINAL_COLUMNS = {"staff": ["period", "organization", "team", "headcount", "joiners", "left_organisation",
                              "outflow_organisation", "outflow_contract_ended", "left_team", "stability_index"]}


def _print_rows(table, title: str, output: Path | None, hidden: list | None = None, min_cell: int = settings.MIN_CELL,
                limit: int = 20, columns: list[str] | None = None) -> None:
    """The last `limit` rows, with the report's column names, number forms and marks
    (`hidden`: per row, the names of its suppressed cells)."""
    header = formats.heading
    grid = RichTable(title=t(title))
    shown = [c for c in columns if c in table.column_names] if columns else \
        [c for c in table.column_names if c not in ("period_start", "period_end", "client_id", "suppressed")][:9]
    text_columns = ("period", "organization", "team", "outcome", "professional_id")
    for name in shown:
        grid.add_column(header(name), justify="left" if name in text_columns else "right")
    first = max(0, table.num_rows - limit)
    for i, row in enumerate(table.slice(first).to_pylist(), start=first):
        gone = hidden[i] if hidden else ()
        _add_row(grid, *[formats.period(row[c]) if c == "period" else t("mark.suppressed") if c in gone else
                       t("mark.not_defined") if row[c] is None else formats.text(row[c], c) for c in shown])
    out.print(grid)
    if hidden and any(hidden):
        out.print(t("mark.legend.suppressed", min_cell=min_cell), markup=False)
    _print_cut(table.num_rows, limit, t("measure.rows"), output)


@measure_app.command("staff", help=h("help.measure.staff"))
def measure_staff(period: Period = "year", by: OrgBy = None,
                  date_from: DateFrom = None,
                  date_to: DateTo = None,
                  output: Output = None,
                  engine: Engine = settings.ENGINE,
                  spark_master: SparkMaster = settings.SPARK_MASTER,
                  excel: ExcelCsv = False,
                  db: Db = None, lang: Lang = "nl") -> None:
    _organisation_command("staff", db, by, date_from, date_to, output, engine, spark_master, lang, excel,
                          unit=period)


@measure_app.command("caseload", help=h("help.measure.caseload"))
def measure_caseload(by: OrgBy = None,
                     date_from: DateFrom = None,
                     date_to: DateTo = None,
                     output: Output = None,
                     engine: Engine = settings.ENGINE,
                     spark_master: SparkMaster = settings.SPARK_MASTER,
                     excel: ExcelCsv = False,
                     db: Db = None, lang: Lang = "nl") -> None:
    _organisation_command("caseload", db, by, date_from, date_to, output, engine, spark_master, lang, excel)


@measure_app.command("broken", help=h("help.measure.broken"))
def measure_broken(period: Period = "year", by: OrgBy = None,
                   detail: Annotated[bool, typer.Option("--detail", help=h("help.measure.detail"))] = False,
                   min_cell: MinCell = settings.MIN_CELL,
                   date_from: DateFrom = None,
                   date_to: DateTo = None,
                   output: Output = None,
                   engine: Engine = settings.ENGINE,
                   spark_master: SparkMaster = settings.SPARK_MASTER,
                   excel: ExcelCsv = False,
                   db: Db = None, lang: Lang = "nl") -> None:
    options = {"unit": period, "detail": detail}
    if not detail:
        options["min_cell"] = min_cell
    _organisation_command("broken", db, by, date_from, date_to, output, engine, spark_master, lang, excel, **options)


@app.command(help=h("help.report"))
def report(
    db: Db = None,
    output: Annotated[Path, typer.Option("-o", "--output", help=h("help.report.output"))] = Path("report.html"),
    xlsx: Annotated[Optional[Path], typer.Option("--xlsx", help=h("help.report.xlsx"))] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    min_cell: MinCell = settings.MIN_CELL,
    scenarios: Annotated[Optional[Path], typer.Option("--scenarios", help=h("help.report.scenarios"))] = None,
    lang: Lang = "nl",
) -> None:
    from vertrouwd.report.scenarios import read
    from vertrouwd.store import Store

    with _command(lang):
        start, end = _date_option("--from", date_from), _date_option("--to", date_to)
        rows = read(scenarios) if scenarios else None  # checked before the work
        with Store(db, read_only=True) as store:
            _write_report(store, output, xlsx, start, end, min_cell, rows)


def _write_report(store, output: Path, xlsx: Path | None, start, end, min_cell: int,
                  scenario_rows: list[dict] | None = None, summary: bool = False) -> None:
    """Build and write the report; print its headlines (and with `summary` the relational
    summary of the same year, so the terminal shows the report's own figures)."""
    from vertrouwd.measures import Risk
    from vertrouwd.report import scenarios
    from vertrouwd.report.content import build
    from vertrouwd.report.render import workbook, write_html

    extra = [scenarios.section(scenario_rows)] if scenario_rows else []

    steps = ["relational", "organisational", "links", "policy"]
    with _progress(in_bytes=False) as bar:
        task = bar.add_task(t("progress.report"), total=len(steps) + 1)
        content = build(store, start, end, min_cell, progress=lambda _step: bar.advance(task))
        content.sections += extra
        write_html(content, output)
        if xlsx:
            workbook(content, xlsx)
        bar.advance(task)
    if summary and content.summary and content.summary["clients"]:
        out.print(t("demo.year", year=content.year), markup=False)
        _print_summary(content.summary, "professional", settings.MIN_CONTACTS, Risk())
    for line in content.headlines:
        out.print(line, markup=False)
    out.print(t("report.written", path=output.resolve()), markup=False)
    if xlsx:
        out.print(t("report.written", path=xlsx.resolve()), markup=False)


handover_app = typer.Typer(help=h("help.handover"), invoke_without_command=True, no_args_is_help=True)
app.add_typer(handover_app, name="handover")


@handover_app.callback()
def handover(
    ctx: typer.Context,
    leaving: Annotated[Optional[str], typer.Option("--leaving", help=h("help.handover.leaving"))] = None,
    on: Annotated[Optional[str], typer.Option("--on", help=h("help.handover.on"))] = None,
    db: Db = None,
    scope: Scope = "organization",
    cap: Cap = None,
    keep_households: Annotated[bool, typer.Option("--keep-households/--split-households",
                                                  help=h("help.handover.households"))] = True,
    output: PlanOutput = None,
    excel: ExcelCsv = False,
    apply: Apply = False,
    reason: Reason = None,
    key_file: KeyFile = None,
    lang: Lang = "nl",
) -> None:
    from vertrouwd.privacy.pseudonyms import Pseudonymizer
    from vertrouwd.privacy.keys import load_key
    from vertrouwd.plan.handover import plan_handover
    from vertrouwd.store import Store

    if ctx.invoked_subcommand:  # handover list / undo
        return
    with _command(lang):
        if not (leaving and leaving.strip()) or not on:
            raise VertrouwdError("handover.leaving_and_on")
        day = _date_option("--on", on)
        _require_reason(apply, reason)
        _check_plan_file(output)
        pseudonyms = Pseudonymizer(load_key(key_file))
        ids = [pseudonyms.stored("professional", raw.strip()) for raw in leaving.split(",") if raw.strip()]
        with Store(db, read_only=not apply) as store:
            plan = plan_handover(store, ids, day, scope, cap, keep_households)
            batch = _apply_plan(store, plan, day, reason, pseudonyms) if apply else None
            data_end = store.contact_span()[1]
            version = store.key_version()
        _show_plan(plan, day, apply, output, version, excel, data_end)
        if batch:
            out.print(t("handover.batch", batch=batch), markup=False)


@handover_app.command("list", help=h("help.handover.list"))
def handover_list(db: Db = None, lang: Lang = "nl") -> None:
    from vertrouwd.store import Store

    with _command(lang), Store(db, read_only=True) as store:
        _print_handover_batches(store)


def _print_handover_batches(store) -> None:
    batches = store.handover_batches()
    if not batches:
        out.print(t("handover.none_applied"), markup=False)
        return
    grid = RichTable(title=t("handover.batches"))
    for key in ("handover.batch_id", "handover.date", "handover.clients", "handover.why", "handover.applied_at",
                "handover.undone"):
        grid.add_column(t(key), justify="right" if key in ("handover.batch_id", "handover.clients") else "left")
    for b in batches:
        undone = t("handover.undone_at", when=f"{b['undone_at']:%d-%m-%Y %H:%M}", reason=b["undone_reason"]) \
            if b["undone_at"] else ""
        _add_row(grid, str(b["batch_id"]), f"{b['handover_date']:%d-%m-%Y}", number(b["clients"]), b["reason"],
                     f"{b['applied_at']:%d-%m-%Y %H:%M}", undone)
    out.print(grid, markup=False)


@handover_app.command("undo", help=h("help.handover.undo"))
def handover_undo(batch: Annotated[int, typer.Argument(help=h("help.handover.undo_batch"))],
                  reason: UndoReason = None, db: Db = None, key_file: KeyFile = None, lang: Lang = "nl") -> None:
    from vertrouwd.privacy.pseudonyms import Pseudonymizer
    from vertrouwd.privacy.keys import load_key
    from vertrouwd.store import Store

    with _command(lang):
        why, by, at = _on_record(reason, "handover.undo_reason_required", Pseudonymizer(load_key(key_file)))
        with Store(db) as store:
            count = store.undo_handovers(batch, why, by, at)
        out.print(t("handover.undone_done", batch=batch, clients=i18n.plural("count.client", count)), markup=False)


def _check_plan_file(output: Path | None) -> None:
    """Refuse a plan file the plan cannot be written to before anything is planned or stored."""
    if output is not None and output.suffix.lower() not in (".xlsx", ".csv", ".parquet"):
        raise VertrouwdError("plan.format", path=output)


def _require_reason(apply: bool, reason: str | None) -> None:
    if apply and not (reason and reason.strip()):
        raise VertrouwdError("handover.reason_required")


def _on_record(reason: str | None, missing: str, pseudonyms) -> tuple:
    """(the reason without numbers of people, who (the operating-system user, pseudonymised),
    when) for a change to the store that is kept on record; no reason is refused."""
    import datetime as dt
    import getpass

    from vertrouwd.privacy.pseudonyms import neutral

    if not (reason and reason.strip()):
        raise VertrouwdError(missing)
    return neutral(reason.strip()), pseudonyms.one("user", getpass.getuser()), dt.datetime.now().replace(microsecond=0)


def _apply_plan(store, plan, day, reason: str, pseudonyms) -> int | None:
    """Store the placed clients of a plan as one batch of handovers, on record; returns the
    batch number (None when nobody moved)."""
    why, by, at = _on_record(reason, "handover.reason_required", pseudonyms)
    return store.record_handovers([(p.client_id, p.leaving, p.receiver, p.reason) for p in plan.placements
                                   if p.receiver], day, why, by, at)


@app.command(help=h("help.rebalance"))
def rebalance(
    team: Annotated[Optional[str], typer.Option("--team", help=h("help.rebalance.team"))] = None,
    on: Annotated[Optional[str], typer.Option("--on", help=h("help.rebalance.on"))] = None,
    db: Db = None,
    scope: Scope = "organization",
    cap: Cap = None,
    output: PlanOutput = None,
    excel: ExcelCsv = False,
    apply: Apply = False,
    reason: Reason = None,
    key_file: KeyFile = None,
    lang: Lang = "nl",
) -> None:
    import datetime as dt

    from vertrouwd.privacy.pseudonyms import Pseudonymizer
    from vertrouwd.privacy.keys import load_key
    from vertrouwd.plan.handover import plan_rebalance
    from vertrouwd.store import Store

    with _command(lang):
        _require_reason(apply, reason)
        _check_plan_file(output)
        with Store(db, read_only=not apply) as store:
            day = _date_option("--on", on)
            if day is None:  # the day after the last contact: the caseloads as they stand
                last = store.contact_span()[1]
                day = (last or dt.date.today()) + dt.timedelta(days=1)
            plan = plan_rebalance(store, day, team, scope, cap)
            batch = _apply_plan(store, plan, day, reason, Pseudonymizer(load_key(key_file))) if apply else None
            version = store.key_version()
        if not plan.placements and not plan.missing:
            out.print(t("rebalance.nothing"))
            return
        _show_plan(plan, day, apply, output, version, excel)
        if batch:
            out.print(t("handover.batch", batch=batch), markup=False)


@app.command(help=h("help.reidentify"))
def reidentify(
    file: Annotated[Path, typer.Argument(help=h("help.reidentify.file"))],
    ids: Annotated[Path, typer.Option("--ids", help=h("help.reidentify.ids"))],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help=h("help.reidentify.output"))] = None,
    key_file: KeyFile = None,
    lang: Lang = "nl",
) -> None:
    from vertrouwd.privacy import reidentify as back
    from vertrouwd.privacy.keys import load_key

    with _command(lang):
        target = output or file.with_name(file.stem + ".herleid" + (file.suffix if file.suffix else ".csv"))
        count = back.reidentify(file, ids, load_key(key_file), target)
        out.print(t("reidentify.done", count=number(count), path=target), markup=False)


def _show_plan(plan, day, applied: bool, output: Path | None, version: str | None, excel: bool = False,
               data_end=None) -> None:
    """Print a handover or rebalancing plan per receiving professional, in the organisation's
    own numbers where it keeps them (`own_ids.py`), else in pseudonyms printed with the store's
    key `version`; write it with -o; exit 3 when room ran out."""
    from vertrouwd.privacy import own_ids
    from vertrouwd.measures.main import ACTIVE_DAYS
    from vertrouwd.plan.export import write_plan

    ids = own_ids.load(version=version)
    for leaver, end in sorted(plan.left.items()):
        out.print(t("handover.left_before", name=ids.label(leaver), end=f"{end:%d-%m-%Y}", on=f"{day:%d-%m-%Y}"),
                  markup=False)
    if not plan.placements and not plan.missing:
        out.print(t("handover.nobody"))
        if data_end is not None and (day - data_end).days > ACTIVE_DAYS:  # nobody can be active then
            out.print(t("handover.after_data", last=f"{data_end:%d-%m-%Y}", on=f"{day:%d-%m-%Y}", days=ACTIVE_DAYS),
                      markup=False)
        return
    out.print(t("handover.title_applied" if applied else "handover.title", on=f"{day:%d-%m-%Y}"), markup=False)
    for receiver, placed in plan.by_receiver():
        if receiver is None:
            out.print(t("handover.unplaced_group", clients=i18n.plural("count.client", len(placed))), markup=False)
        else:
            known = sum(p.reason == "known_face" for p in placed)
            out.print(t("handover.receiver", name=ids.label(receiver),
                        clients=i18n.plural("count.client", len(placed)),
                        known=i18n.plural("count.known_face", known), before=plan.loads_before[receiver],
                        after=plan.loads_after[receiver], cap=plan.caps.get(receiver, "—")), markup=False)
        grid = RichTable(show_edge=False, box=None, padding=(0, 2))
        for key in ("handover.client", "handover.from", "handover.reason"):
            grid.add_column(t(key))
        for p in placed:
            _add_row(grid, ids.label(p.client_id), ids.label(p.leaving), _reason(p))
        out.print(grid)
    total, moved, known = len(plan.placements), plan.moved, plan.count("known_face")
    out.print(t("handover.summary", moved=moved, total=total, known=known,
                known_pct=formats.percent(known / moved if moved else None), team=plan.count("same_team"),
                unplaced=plan.count("unplaced")), markup=False)
    for group, count in plan.missing.items():
        out.print(t("handover.missing", group=group, count=i18n.plural("count.client", count)), markup=False)
    if not ids:
        out.print(t("ids.hint"), markup=False)
    if output:
        write_plan(plan, output, ids, _reason, excel)
        out.print(t("measure.written", path=output, rows=number(total)), markup=False)
    if plan.missing:
        raise typer.Exit(3)


def _reason(p) -> str:
    return t(f"handover.reason.{p.reason}", contacts=i18n.plural("count.contact", p.contacts),
             last=f"{p.last_contact:%d-%m-%Y}" if p.last_contact else "")


@app.command(help=h("help.signals"))
def signals(
    on: Annotated[Optional[str], typer.Option("--on", help=h("help.signals.on"))] = None,
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=104, help=h("help.signals.weeks"))] = settings.SIGNAL_WEEKS,
    team: Annotated[Optional[str], typer.Option("--team", help=h("help.rebalance.team"))] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help=h("help.signals.output"))] = None,
    db: Db = None,
    lang: Lang = "nl",
) -> None:
    import datetime as dt

    from vertrouwd.privacy import own_ids
    from vertrouwd.plan.export import write_signals
    from vertrouwd.plan.signals import signals as find
    from vertrouwd.store import Store

    with _command(lang):
        if output is not None and output.suffix.lower() != ".xlsx":
            raise VertrouwdError("signals.format", path=output)
        with Store(db, read_only=True) as store:
            day = _date_option("--on", on)
            if day is None:  # the day after the last contact: things as they stand
                last = store.contact_span()[1]
                day = (last or dt.date.today()) + dt.timedelta(days=1)
            found = find(store, day, weeks, team)
            version = store.key_version()
        ids = own_ids.load(version=version)
        out.print(t("signals.title", on=f"{day:%d-%m-%Y}"), markup=False)
        sections = (
            (t("signals.leaving", weeks=weeks, clients=i18n.plural("count.client", len(found.leaving))),
             ("handover.client", "signals.column.main", "signals.column.last_day"),
             [(ids.label(c), ids.label(p), f"{d:%d-%m-%Y}") for c, p, d in found.leaving]),
            (t("signals.at_risk", clients=i18n.plural("count.client", len(found.at_risk)), **_risk_words()),
             ("handover.client", "signals.column.main", "signals.column.professionals", "signals.column.upc"),
             [(ids.label(c), ids.label(p), number(n), formats.text(u, "upc")) for c, p, n, u in found.at_risk]),
            (t("signals.over_cap", professionals=i18n.plural("count.professional", len(found.over_cap))),
             ("signals.column.professional", "signals.column.load", "plan.column.cap"),
             [(ids.label(p), number(load), number(cap)) for p, load, cap in found.over_cap]),
        )
        for title, headers, rows in sections:
            out.print(title, markup=False)
            if rows:
                grid = RichTable(show_edge=False, box=None, padding=(0, 2))
                for key in headers:
                    grid.add_column(t(key))
                for row in rows[:SIGNALS_SHOWN]:
                    _add_row(grid, *row)
                out.print(grid)
                _print_cut(len(rows), SIGNALS_SHOWN, t("measure.rows"), output)
        if not ids:
            out.print(t("ids.hint"), markup=False)
        if output:
            write_signals(found, output, ids)
            out.print(t("report.written", path=output), markup=False)


SIGNALS_SHOWN = 25


def _risk_words() -> dict:
    from vertrouwd.measures import Risk

    risk = Risk()
    return {"professionals": risk.professionals, "upc": formats.text(risk.upc, "upc"), "contacts": risk.min_contacts}


batch_app = typer.Typer(help=h("help.batch"), no_args_is_help=True)
app.add_typer(batch_app, name="batch")


@batch_app.command("remove", help=h("help.batch.remove"))
def batch_remove(number: Annotated[int, typer.Argument(help=h("help.batch.number"))],
                 reason: UndoReason = None, db: Db = None, key_file: KeyFile = None, lang: Lang = "nl") -> None:
    from vertrouwd.privacy.pseudonyms import Pseudonymizer
    from vertrouwd.privacy.keys import load_key
    from vertrouwd.store import Store

    with _command(lang):
        why, by, at = _on_record(reason, "batch.reason_required", Pseudonymizer(load_key(key_file)))
        with Store(db) as store:
            gone = store.remove_batch(number, why, by, at)
        out.print(t("batch.removed", batch=number, table=gone["table"], file=gone["file"],
                    rows=i18n.plural("count.row", gone["rows"])), markup=False)


ids_app = typer.Typer(help=h("help.ids"), no_args_is_help=True)
app.add_typer(ids_app, name="ids")


@ids_app.command("add", help=h("help.ids.add"))
def ids_add(file: Annotated[Path, typer.Argument(help=h("help.ids.file"))],
            key_file: KeyFile = None, lang: Lang = "nl") -> None:
    from vertrouwd.privacy import own_ids
    from vertrouwd.privacy.keys import load_key

    with _command(lang):
        count, path = own_ids.add(file, load_key(key_file))
        out.print(t("ids.added", count=i18n.plural("count.number", count), path=path), markup=False)


@ids_app.command("show", help=h("help.ids.show"))
def ids_show(lang: Lang = "nl") -> None:
    from vertrouwd.privacy import own_ids

    with _command(lang):
        ids = own_ids.load()
        numbers = len({number for number, _ in ids.entries.values()})
        out.print(t("ids.shown", count=i18n.plural("count.number", numbers), path=ids.path) if ids
                  else t("ids.none", path=ids.path), markup=False)


@app.command(help=h("help.calibrate"))
def calibrate(
    output: Annotated[Path, typer.Option("-o", "--output", help=h("help.calibrate.output"))] = Path("scenario.toml"),
    name: Annotated[str, typer.Option("--name", help=h("help.calibrate.name"))] = "gemeente",
    db: Db = None,
    lang: Lang = "nl",
) -> None:
    from vertrouwd.files import atomic_write
    from vertrouwd.simulate.calibrate import calibrate as estimate
    from vertrouwd.simulate.calibrate import baseline_check, scenario_toml
    from vertrouwd.store import Store

    with _command(lang):
        if output.suffix.lower() != ".toml":
            raise VertrouwdError("calibrate.format", path=output)
        with Store(db, read_only=True) as store, _progress(in_bytes=False) as bar:
            bar.add_task(t("progress.measure"), total=None)
            calibration = estimate(store, name=name)
            check = baseline_check(calibration, store)  # the calibrated model's continuity beside the data's
        grid = RichTable(title=t("calibrate.title", first=f"{calibration.first:%d-%m-%Y}",
                                 last=f"{calibration.last:%d-%m-%Y}"))
        for key in ("calibrate.lever", "calibrate.value", "calibrate.from"):
            grid.add_column(t(key), justify="right" if key == "calibrate.value" else "left")
        for lever in calibration.sources:
            value = getattr(calibration.scenario, lever)
            shown = t(f"lever.{lever}.{value}") if isinstance(value, str) else formats.text(value, lever)
            _add_row(grid, f"{formats.heading(lever)} ({lever})", shown, calibration.source(lever))
        out.print(grid)
        out.print(t("calibrate.check", **{k: number(v, 1) if k.endswith("faces") else number(v, 2)
                                          for k, v in check.items()}), markup=False)
        text = scenario_toml(calibration)
        atomic_write(output, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
        out.print(t("calibrate.written", path=output), markup=False)


@app.command(help=h("help.simulate"))
def simulate(
    preset: Annotated[str, typer.Option("--preset", "--scenario", help=h("help.simulate.preset"))] = "buurtteam",
    vs: Annotated[Optional[list[str]], typer.Option("--vs", help=h("help.simulate.vs"))] = None,
    runs: Annotated[int, typer.Option("--runs", min=1, max=1000, help=h("help.simulate.runs"))] = 1,
    years: Annotated[Optional[float], typer.Option("--years", min=0.25, max=50, help=h("help.synth.years"))] = None,
    clients: Annotated[Optional[int], typer.Option("--clients", min=10, help=h("help.synth.clients"))] = None,
    seed: Seed = settings.SEED,
    output: Annotated[Optional[Path], typer.Option("-o", "--out", help=h("help.simulate.output"))] = None,
    materialize: Annotated[bool, typer.Option("--materialize", help=h("help.simulate.materialize"))] = False,
    report_file: Annotated[Optional[Path], typer.Option("--report", help=h("help.simulate.report"))] = None,
    lang: Lang = "nl",
) -> None:
    import dataclasses

    import pyarrow as pa

    from vertrouwd.export import write_table
    from vertrouwd.report import scenarios as scenario_report
    from vertrouwd.report.content import Estimate
    from vertrouwd.report.render import cell_text
    from vertrouwd.simulate.model import load_scenario

    with _command(lang):
        scenarios = [load_scenario(name) for name in [preset, *(vs or [])]]
        # One place, one horizon: every scenario takes the first one's size and years unless told otherwise.
        changes = {"years": years or scenarios[0].years, "clients": clients or scenarios[0].clients}
        scenarios = [dataclasses.replace(s, **changes) for s in scenarios]
        rows = _compare(scenarios, runs, seed)
        first = scenarios[0]
        for sentence in scenario_report.sentences(rows):
            out.print(sentence, markup=False)
        if report_file:
            _simulation_report(report_file, first, rows)
        grid = RichTable(title=t("simulate.title", years=number(first.years, 0), clients=number(first.clients),
                                 runs=runs))
        grid.add_column(t("simulate.scenario"))
        for key in ("simulate.professionals", "simulate.upc", "simulate.coc", "simulate.broken", "simulate.risk",
                    "simulate.outflow"):
            grid.add_column(t(key), justify="right")
        for row in rows:
            cells = []
            for name in scenario_report.FIGURES[:6]:
                value = Estimate(row[name], row[name + "_low"], row[name + "_high"]) if runs > 1 else row[name]
                cells.append(cell_text(value, name))
            _add_row(grid, row["scenario"], *cells)
        out.print(grid)
        if output:
            path = write_table(pa.Table.from_pylist(rows), output / "simulation.csv")
            out.print(t("measure.written", path=path, rows=len(rows)), markup=False)
        if materialize:
            from vertrouwd.simulate import write_municipality
            from vertrouwd.simulate.model import materialize as write_out

            if output is None:
                raise VertrouwdError("simulate.materialize_needs_out")
            for scenario in scenarios:  # the first run of each scenario, as data in the data model
                folder = output / _folder_name(scenario.name)
                write_municipality(write_out(scenario, seed), folder, "csv")
                out.print(t("simulate.materialized", name=scenario.name, path=folder), markup=False)


def _folder_name(name: str) -> str:
    """A scenario's name as one folder inside -o: letters, digits, '-' and '_' only, so a
    name such as '..' or 'a/../../b' never leads outside it."""
    import re

    return re.sub(r"[^\w-]+", "-", name, flags=re.ASCII).strip("-") or "scenario"


def _compare(scenarios: list, runs: int, seed: int) -> list[dict]:
    from vertrouwd.simulate.model import compare

    with _progress(in_bytes=False) as bar:
        task = bar.add_task(t("progress.simulate"), total=len(scenarios) * runs)
        return compare(scenarios, runs, seed, progress=lambda: bar.advance(task))


def _scenario_rows(scenarios: list, path: Path, seed: int, runs: int = 5, measured: dict | None = None) -> list[dict]:
    """The scenarios compared, written to `path` (for `report --scenarios`) and told in words;
    `measured`: the data's own figures, beside the baseline (the first row) it was calibrated on."""
    import pyarrow as pa

    from vertrouwd.export import write_table
    from vertrouwd.report.scenarios import sentences

    rows = _compare(scenarios, runs, seed)
    rows[0].update(measured or {})
    write_table(pa.Table.from_pylist(rows), path)
    for line in sentences(rows):
        out.print(line, markup=False)
    return rows


def _simulation_report(path: Path, first, rows: list[dict]) -> None:
    """The scenarios side by side as a report of their own (the same HTML as `vertrouwd report`)."""
    import datetime as dt

    from vertrouwd.report import scenarios
    from vertrouwd.report.content import ReportContent
    from vertrouwd.report.render import write_html
    from vertrouwd.simulate.model import START

    end = START + dt.timedelta(weeks=round(first.years * 52)) - dt.timedelta(days=1)
    write_html(ReportContent(t("report.simulation_title"), (START, end), settings.MIN_CELL, [], [scenarios.section(rows)]), path)
    out.print(t("report.written", path=path.resolve()), markup=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
