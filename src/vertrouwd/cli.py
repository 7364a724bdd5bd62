"""The command line: a thin skin over the library. Each command calls one library function,
prints the outcome in the user's language, and turns errors into a message and exit code."""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table as RichTable

from vertrouwd import i18n
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
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

Lang = Annotated[str, typer.Option("--lang", help=h("help.lang"), envvar="VERTROUWD_LANG")]
Db = Annotated[Optional[Path], typer.Option("--db", help=h("help.db"), envvar="VERTROUWD_DB")]
KeyFile = Annotated[Optional[Path], typer.Option("--key-file", help=h("help.key_file"))]


@contextmanager
def _command(lang: str) -> Iterator[None]:
    """Set the language; turn library errors into a clean message and exit code."""
    if lang not in i18n.LANGUAGES:
        err.print(f"--lang: nl | en ('{lang}')")
        raise typer.Exit(2)
    i18n.set_language(lang)
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


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


@app.command(help=h("help.init"))
def init(key_file: KeyFile = None, lang: Lang = "nl") -> None:
    from vertrouwd.keys import create_key

    with _command(lang):
        path = create_key(key_file)
        out.print(t("key.created", path=path), markup=False)


def _import(table: str, file: Path, db: Path | None, mapping: list[str], ignore: list[str], bsn: bool,
            key_file: Path | None) -> None:
    from vertrouwd.ingest.columns import parse_mapping
    from vertrouwd.ingest.importer import import_file
    from vertrouwd.keys import load_key
    from vertrouwd.store import Store

    key = load_key(key_file)
    pairs = parse_mapping(mapping)
    with _progress() as bar, Store(db) as store:
        tasks: dict[str, int] = {}

        def progress(phase: str, advance: int, total: int | None) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(t(f"progress.{phase}", file=file.name), total=total)
            bar.advance(tasks[phase], advance)

        result = import_file(store, table, file, key, pairs, ignore, bsn, progress)
    if result.already_imported:
        out.print(t("import.already", batch=result.batch_id, file=result.file,
                    when=f"{result.imported_at:%Y-%m-%d %H:%M}"), markup=False)
    else:
        out.print(t("import.done", file=result.file, table=result.table, added=number(result.rows_added),
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
    clients: Annotated[int, typer.Option("--clients", min=10, help=h("help.synth.clients"))] = 20_000,
    years: Annotated[float, typer.Option("--years", min=0.25, max=50, help=h("help.synth.years"))] = 3.0,
    seed: Annotated[int, typer.Option("--seed", help=h("help.synth.seed"))] = 1,
    fmt: Annotated[str, typer.Option("--format", help=h("help.synth.format"))] = "csv",
    lang: Lang = "nl",
) -> None:
    with _command(lang):
        if fmt not in ("csv", "parquet"):
            raise VertrouwdError("synth.format", value=fmt)
        files = _synthesize(out_dir, clients, years, seed, fmt)
        for name, path in files.items():
            out.print(f"  {name}: {path}", markup=False)


def _synthesize(out_dir: Path, clients: int, years: float, seed: int, fmt: str) -> dict[str, Path]:
    from vertrouwd.simulate import Levers, synthesize, write_municipality

    steps = ["clients", "contracts", "staff", "caseloads", "contacts"]
    with Progress(TextColumn("{task.description}"), BarColumn(), console=err, transient=True,
                  disable=not err.is_terminal) as bar:
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
        tables.add_row(name, number(n))
    out.print(tables)
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
        grid.add_row(str(b["batch_id"]), b["table_name"], b["file_name"], number(b["rows_read"]),
                     number(b["rows_added"]), number(b["rows_skipped"]), number(b["rows_updated"]),
                     b["key_version"], f"{b['imported_at']:%Y-%m-%d %H:%M}")
    out.print(grid)


@app.command(help=h("help.demo"))
def demo(
    directory: Annotated[Path, typer.Option("--dir", help=h("help.demo.dir"))] = Path("demo"),
    clients: Annotated[int, typer.Option("--clients", min=10, help=h("help.synth.clients"))] = 20_000,
    years: Annotated[float, typer.Option("--years", min=0.25, max=50, help=h("help.synth.years"))] = 3.0,
    seed: Annotated[int, typer.Option("--seed", help=h("help.synth.seed"))] = 1,
    lang: Lang = "nl",
) -> None:
    from vertrouwd.keys import create_key
    from vertrouwd.store import Store

    with _command(lang):
        out.print(t("demo.start", clients=number(clients), years=number(years, 0 if years == int(years) else 1)))
        data = directory / "data"
        files = _synthesize(data, clients, years, seed, "csv")
        key_file = directory / "demo.key"
        if not key_file.exists():
            create_key(key_file)
        db = directory / "demo.duckdb"
        for stale in (db, Path(str(db) + ".wal")):
            if stale.exists():
                stale.unlink()
        shutil.rmtree(str(db) + ".tmp", ignore_errors=True)
        for table in ("professionals", "clients", "contracts", "contacts"):
            _import(table, files[table], db, [], [], True if table in ("contacts", "clients") else False, key_file)
        with Store(db, read_only=True) as store:
            _print_status(store)
            first, last, orgs, teams, areas = store.con.execute(
                "SELECT min(date), max(date), count(DISTINCT organization), count(DISTINCT team), "
                "count(DISTINCT area) FROM contacts").fetchall()[0]
        out.print(t("demo.summary", first=f"{first:%d-%m-%Y}", last=f"{last:%d-%m-%Y}", orgs=orgs, teams=teams,
                    areas=areas, db=db), markup=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
