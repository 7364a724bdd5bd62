"""The report: one self-contained HTML file that opens offline without errors or requests,
an Excel workbook with a sheet per table, and no small cell published in either."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import openpyxl
import pytest

from tests.conftest import run
from vertrouwd.ingest.importer import import_file
from vertrouwd.keys import Key
from vertrouwd.simulate import Levers, synthesize, write_municipality
from vertrouwd.store import Store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def report_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    files = write_municipality(synthesize(Levers(clients=1500, years=2, seed=8)), folder / "data", "csv")
    db = folder / "store.duckdb"
    with Store(db) as store:
        for name, path in files.items():
            import_file(store, name, path, Key(b"report test key 0123456789", "test"))
    html, xlsx = folder / "report.html", folder / "report.xlsx"
    result = run("report", "--db", db, "-o", html, "--xlsx", xlsx)
    assert result.exit_code == 0, result.output
    assert "Rapport geschreven" in result.output and "cliënten" in result.output
    return html, xlsx


def test_html_is_self_contained(report_files):
    html = report_files[0].read_text(encoding="utf-8")
    assert html.count("<svg") >= 4  # charts
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", html)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", html)
    assert "default-src 'none'" in html
    assert "Per team" in html and "Relaties verbroken door vertrek" in html


def test_workbook_has_a_sheet_per_table(report_files):
    book = openpyxl.load_workbook(report_files[1], read_only=True)
    assert {"Per team", "Per organisatie", "Per wijk", "Per domein", "Per interventie",
            "Personeel per organisatie en", "Relaties verbroken door vert"} <= set(book.sheetnames), book.sheetnames
    sheet = book["Per team"]
    header = next(sheet.iter_rows(values_only=True))
    assert header[:3] == ("team", "cliënten", "met risico")


def test_no_small_cell_is_published(report_files):
    book = openpyxl.load_workbook(report_files[1], read_only=True)
    counted = {"cliënten", "met risico", "verbroken relaties", "bekend gezicht", "onbekende", "uit beeld", "huishoudens"}
    seen = 0
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        for column, name in enumerate(rows[0]):
            if name in counted:
                for row in rows[1:]:
                    value = row[column]
                    assert value == "–" or value == 0 or value >= 10, (sheet.title, name, value)
                    seen += 1
    assert seen > 50


def test_english_report(report_files, tmp_path):
    db = report_files[0].parent / "store.duckdb"
    out = tmp_path / "en.html"
    result = run("report", "--db", db, "-o", out, "--lang", "en")
    assert result.exit_code == 0
    assert "Relationships broken by departures" in out.read_text(encoding="utf-8")


def open_in_chromium(page, folder):
    """Open `page` headless; return (rendered DOM, console lines, URLs the page requested)."""
    net_log = folder / "net.json"
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={folder / 'profile'}", "--enable-logging=stderr", "--v=0",
         f"--log-net-log={net_log}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line]
    # Requests the page made: URL requests whose initiator is the page (the browser's own
    # housekeeping, such as update checks, has initiator "not an origin").
    sources: dict[int, dict] = {}
    for event in json.loads(net_log.read_text(errors="replace"))["events"]:
        params = event.get("params") or {}
        entry = sources.setdefault(event["source"]["id"], {"urls": set(), "initiators": set()})
        if "url" in params:
            entry["urls"].add(params["url"])
        if "initiator" in params:
            entry["initiators"].add(params["initiator"])
    from_page = [url for entry in sources.values() if entry["initiators"] - {"not an origin"}
                 for url in entry["urls"] if not url.startswith(("file:", "data:"))]
    return done.stdout, console, from_page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is installed by `make test`")
def test_opens_in_headless_chromium_without_errors_or_requests(report_files, tmp_path):
    dom, console, requests = open_in_chromium(report_files[0], tmp_path)
    assert dom.count("<svg") >= 4  # the charts are in the rendered page
    assert console == [] and requests == []


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is installed by `make test`")
def test_the_browser_check_sees_a_request_and_a_console_error(tmp_path):
    page = tmp_path / "leaky.html"
    page.write_text('<html><body><img src="http://127.0.0.1:9/pixel.png"><script>console.error("x")</script>'
                    "</body></html>")
    _, console, requests = open_in_chromium(page, tmp_path)
    assert requests == ["http://127.0.0.1:9/pixel.png"]
    assert console


def test_a_store_with_only_a_few_contacts_gets_a_report_without_small_figures(tmp_path):
    (tmp_path / "c.csv").write_text("client_id,professional_id,date\nA,P,2024-01-01\nA,Q,2024-02-01\nB,P,2024-03-01\n")
    db = tmp_path / "s.duckdb"
    assert run("import", "contacts", tmp_path / "c.csv", "--db", db).exit_code == 0
    result = run("report", "--db", db, "-o", tmp_path / "r.html")
    assert result.exit_code == 0, result.output
    assert "cliënt" not in result.output.split("Rapport geschreven")[0]  # no headline about 2 clients
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<svg" in html


def test_report_carries_the_scenarios_of_a_simulation(report_files, tmp_path):
    db = report_files[0].parent / "store.duckdb"
    made = run("simulate", "--vs", "buurtteam-subsidie", "--runs", 2, "--clients", 400, "--years", 4, "-o", tmp_path)
    assert made.exit_code == 0, made.output
    html, xlsx = tmp_path / "met.html", tmp_path / "met.xlsx"
    result = run("report", "--db", db, "-o", html, "--xlsx", xlsx, "--scenarios", tmp_path / "simulation.csv")
    assert result.exit_code == 0, result.output
    import html as markup

    text = markup.unescape(html.read_text(encoding="utf-8"))
    assert "Per team" in text and "Scenario's naast elkaar (gesimuleerd)" in text
    assert "Met scenario 'buurtteam-subsidie' zien cliënten in 4 jaar gemiddeld" in text
    assert "Kerncijfers per scenario (me" in openpyxl.load_workbook(xlsx, read_only=True).sheetnames

    # a damaged file is refused before anything is written, naming file, line, column and value
    import csv

    bad = tmp_path / "kapot.csv"
    with open(tmp_path / "simulation.csv", encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    rows[2][rows[0].index("upc_mean")] = "veel"
    with open(bad, "w", encoding="utf-8", newline="") as target:
        csv.writer(target).writerows(rows)
    refused = run("report", "--db", db, "-o", tmp_path / "niet.html", "--scenarios", bad)
    assert refused.exit_code != 0
    assert f"{bad}, regel 3, kolom upc_mean: 'veel' is geen getal." in refused.output
    assert not (tmp_path / "niet.html").exists()
