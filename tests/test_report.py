"""The report: one self-contained HTML file that opens offline without errors or requests,
an Excel workbook with a sheet per table, and no small cell published in either."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess

import openpyxl
import pytest

from tests.conftest import run
from vertrouwd import measures
from vertrouwd.ingest.importer import import_file
from vertrouwd.privacy.keys import Key
from vertrouwd.report.content import Chart, Section, build
from vertrouwd.simulate import Levers, synthesize, write_municipality
from vertrouwd.store import Store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def report_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    files = write_municipality(synthesize(Levers(clients=3000, years=2, seed=8)), folder / "data", "csv")
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
    assert "<link" not in html and "<img" not in html and " src=" not in html
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", html)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", html)
    assert "default-src 'none'" in html
    assert "Per team" in html and "Relaties verbroken door vertrek" in html
    # the one inline script (the filter) runs only because the policy names its hash
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html


def test_the_summary_for_the_council_comes_first(report_files):
    html = report_files[0].read_text(encoding="utf-8")
    order = [html.index(marker) for marker in ('id="summary"', "Wat kunt u doen", 'id="howto"', 'id="relational"',
                                               'id="organisational"', 'id="links"', 'id="policy"')]
    assert order == sorted(order)
    summary = html[html.index('id="summary"'):html.index('id="howto"')]
    for level in ("Beleid (gemeente)", "Organisatie (aanbieders)", "Relatie (cliënt en medewerker)"):
        assert level in summary


def _cells(html: str, title: str) -> tuple[list[str], list[list[str]]]:
    """The headings and the cell texts of the table under the heading `title`."""
    part = html[html.index(f"<h3>{title}</h3>"):]
    part = part[:part.index("</table>")]
    headers = re.findall(r"<th>(.*?)</th>", part)
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", part)[1:]]
    return headers, rows


def test_shares_are_percentages_and_counts_whole_numbers(report_files):
    import html as markup

    html = markup.unescape(report_files[0].read_text(encoding="utf-8"))
    percent = re.compile(r"^(\d{1,3}(\.\d{3})*%|<1%|x|n\.v\.t\.)$")
    whole = re.compile(r"^(\d{1,3}(\.\d{3})*|x)$")
    checked = 0
    for title in ("Per team", "Per wijk", "Per domein", "Personeel per organisatie, per jaar",
                  "Relaties verbroken door vertrek", "Handen per huishouden, per kwartaal"):
        headers, rows = _cells(html, title)
        for i, name in enumerate(headers):
            for row in rows:
                if name.startswith("%") or name.endswith("%"):
                    assert percent.match(row[i]), (title, name, row[i])
                    checked += 1
                elif name in ("cliënten", "met risico", "instroom", "uitstroom", "verbroken relaties", "huishoudens",
                              "mediaan dagen vaste relatie"):
                    assert whole.match(row[i]), (title, name, row[i])
                    checked += 1
    assert checked > 100
    assert "UPC 3e kwartiel" not in html and "mediaan UPC" not in html  # columns that were 1,00 everywhere


def test_headlines_give_the_direction_and_one_figure_of_at_risk(report_files):
    db = report_files[0].parent / "store.duckdb"
    with Store(db, read_only=True) as store:
        content = build(store)
        per_domain = measures.relational(store, by=["domain"], start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    # the contacts run to 30-12-2024: the report ends with that quarter, its year is 2024
    assert content.period[1] == dt.date(2024, 12, 31) and content.year == "2024" and content.previous_year == "2023"
    # the reporting year's share at risk, from the measures by domain (every client is in one domain)
    share = sum(per_domain["clients_at_risk"].to_pylist()) / sum(per_domain["clients"].to_pylist())
    assert abs(content.summary["share_at_risk"] - share) < 1e-12
    trend = next(c for s in content.sections for c in s.charts if c.title == "report.chart.trend_risk")
    assert trend.x[-1] == "4e kwartaal 2024" and abs(trend.series["alle cliënten"][-1] - share) < 1e-12
    shown = f"{round(100 * share)}%"
    assert content.headlines[0].startswith(f"In 2024 liep {shown} van de cliënten risico")
    assert "in 2023 was dat" in content.headlines[0]
    relation = dict(content.levels)["Relatie (cliënt en medewerker)"]
    assert relation[0].value == shown and relation[0].previous is not None
    assert all("in 2023" in line for line in content.headlines[1:3])
    # the definition of "at risk" is on the page once
    html = report_files[0].read_text(encoding="utf-8")
    assert html.count("4 of meer verschillende medewerkers zag") == 1


def _x_ticks(svg_text: str) -> list[tuple[float, str]]:
    """(position, label) of each tick on the x axis of a matplotlib SVG."""
    axis = svg_text[svg_text.index('id="matplotlib.axis_1"'):svg_text.index('id="matplotlib.axis_2"')]
    ticks = []
    for group in re.split(r'<g id="xtick_\d+">', axis)[1:]:
        x = float(re.search(r'<use [^>]*x="([\d.]+)"', group).group(1))
        label = re.search(r"<text[^>]*>([^<]*)</text>", group).group(1)
        ticks.append((x, label))
    return ticks


def test_every_axis_label_sits_under_its_own_point_once(report_files):
    from vertrouwd.report.charts import svg, ticks

    db = report_files[0].parent / "store.duckdb"
    with Store(db, read_only=True) as store:
        content = build(store)
    charts = [c for s in content.sections for c in s.charts]
    assert {c.title for c in charts} >= {"report.chart.trend_risk", "report.chart.outflow", "report.chart.over_cap",
                                         "report.chart.nop_distribution"}
    for chart in charts:
        assert len(set(chart.x)) == len(chart.x), (chart.title, chart.x)  # one point per label
        assert all(len(v) == len(chart.x) for v in chart.series.values())
        assert not any(re.search(r"\d{4}-\d{2}", x) for x in chart.x), chart.x  # no ISO dates
        drawn = _x_ticks(svg(chart))
        labels = [label for _, label in drawn]
        assert labels == [label for _, label in ticks(chart)], chart.title
        assert len(set(labels)) == len(labels) <= len(chart.x)
        positions = [x for x, _ in drawn]
        assert positions == sorted(positions) and len(set(positions)) == len(positions)
    trend = next(c for c in charts if c.title == "report.chart.trend_risk")
    assert trend.x == ["4e kwartaal 2023", "1e kwartaal 2024", "2e kwartaal 2024", "3e kwartaal 2024",
                       "4e kwartaal 2024"]  # 12-month windows, one per quarter, over two years of data
    outflow = next(c for c in charts if c.title == "report.chart.outflow")
    assert outflow.x == ["2023", "2024"]
    months = next(c for c in charts if c.title == "report.chart.over_cap")
    assert months.x[:2] == ["jan 2023", "feb 2023"] and months.x[-1] == "dec 2024" and len(months.x) == 24
    labelled = [label for _, label in ticks(months)]
    assert labelled[-1] == "dec 2024" and len(labelled) == 12  # every other month, the last always


def test_value_axes_are_written_as_the_tables_write_them():
    from vertrouwd.report.charts import svg

    def y_labels(chart):
        text = svg(chart)
        axis = text[text.index('id="matplotlib.axis_2"'):]
        return re.findall(r"<text[^>]*>([^<]*)</text>", axis)

    share = Chart("t", "s", "lines", ["2024", "2025"], {"a": [0.031, 0.047]}, "share")
    labels = y_labels(share)
    assert all(label.endswith("%") for label in labels) and len(set(labels)) == len(labels)
    assert "1%" in labels or "1,0%" in labels or "0,5%" in labels
    counts = Chart("t", "s", "bars", ["1", "2"], {"c": [5120.0, 2830.0]}, "count")
    assert "5.000" in y_labels(counts)  # Dutch thousands separator
    index = Chart("t", "s", "lines", ["a", "b"], {"u": [0.915, 0.945]}, "index")
    labels = y_labels(index)
    assert len(set(labels)) == len(labels) and all(re.match(r"^0,\d\d\d?$", label) for label in labels), labels


def test_a_chart_whose_series_are_all_equal_is_not_drawn():
    section = Section("report.section.relational")
    section.add_chart(Chart("t", "s", "lines", ["2024", "2025"], {"a": [1.0, 1.0], "b": [1.0, 1.0]}, "index"))
    section.add_chart(Chart("t", "s", "pairs", ["x"], {"voor": [1.0], "na": [1.0]}, "index"))
    assert section.charts == []
    section.add_chart(Chart("t", "s", "lines", ["2024", "2025"], {"a": [1.0, 0.9]}, "index"))
    assert len(section.charts) == 1


def test_the_workbook_is_made_for_analysts(report_files):
    book = openpyxl.load_workbook(report_files[1])
    names = book.sheetnames
    assert names[0] == "Toelichting"
    assert {"Per team", "Per organisatie", "Per wijk", "Per domein", "Per interventie", "Personeel",
            "Verbroken relaties", "Wisseling van aanbieder", "Looptijd contracten", "Aanbieders per raadsperiode",
            "Handen per huishouden", "Grafiek risico per domein", "Grafiek uitstroom"} <= set(names), names
    assert all(len(name) <= 31 for name in names)
    about = [row for row in book["Toelichting"].iter_rows(values_only=True)]
    terms = {row[0] for row in about}
    assert {"Cliënt met risico", "UPC (vaste medewerker)", "COC (spreiding)", "SECON (opvolging)"} <= terms
    assert ("Kleinste getoonde groep (cliënten)", 10) in about
    team = book["Per team"]
    assert team.freeze_panes == "A2" and team.auto_filter.ref.startswith("A1:")
    header = [c.value for c in team[1]]
    assert header[:4] == ["team", "cliënten", "met risico", "% met risico"] and header[-1] == "onderdrukt"
    assert all(c.font.bold for c in team[1])
    share, clients, flag = header.index("% met risico"), header.index("cliënten"), header.index("onderdrukt")
    upc = header.index("gem. UPC")
    shares = 0
    for row in team.iter_rows(min_row=2):
        if row[share].value is None:  # suppressed: empty and flagged, never a text in a number column
            assert row[flag].value == "ja"
        else:
            assert isinstance(row[share].value, (int, float)) and row[share].number_format == "0.0%"
            shares += 1
        assert isinstance(row[clients].value, int) and row[clients].number_format == "#,##0"
        assert isinstance(row[upc].value, float) and row[upc].number_format == "0.00"
    assert shares >= 1 and team.max_row > 10
    assert team.column_dimensions["A"].width > 10
    staff = book["Personeel"]
    assert [c.value for c in staff[1]][:2] == ["periode", "organisatie"]
    chart = book["Grafiek risico per domein"]
    assert [c.value for c in chart[1]][:2] == ["punt op de grafiek", "alle cliënten"]
    assert chart.cell(row=2, column=2).number_format == "0.0%"


def test_no_small_cell_is_published(report_files):
    book = openpyxl.load_workbook(report_files[1], read_only=True)
    counted = {"cliënten", "met risico", "verbroken relaties", "bekend gezicht", "onbekende", "uit beeld", "huishoudens",
               "cliënten ervoor", "cliënten erna"}
    seen = 0
    for sheet in book.worksheets[1:]:
        rows = list(sheet.iter_rows(values_only=True))
        for column, name in enumerate(rows[0]):
            if name in counted:
                for row in rows[1:]:
                    value = row[column]
                    assert value is None or value == 0 or value >= 10, (sheet.title, name, value)
                    seen += 1
    assert seen > 50


def test_english_report(report_files, tmp_path):
    db = report_files[0].parent / "store.duckdb"
    out = tmp_path / "en.html"
    result = run("report", "--db", db, "-o", out, "--lang", "en")
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "Relationships broken by departures" in text and "How to read this" in text
    assert "Usual Provider of Care" in text and "Q4 2024" in text and "kwartaal" not in text


def test_no_english_and_no_raw_column_names_in_the_dutch_report(report_files):
    html = report_files[0].read_text(encoding="utf-8")
    headers = re.findall(r"<th>(.*?)</th>", html)
    assert headers and not [h for h in headers if "_" in h]
    visible = re.sub(r"<svg.*?</svg>|<script.*?</script>|<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
    for word in ("before", "after", "subsidy", "tender", "share", "median", "Q1", "Q4"):
        assert not re.search(rf"\b{word}\b", visible), word


def test_marks_say_what_is_missing(tmp_path):
    """Suppressed (x), not defined (n.v.t.) and a missing group (onbekend) each have their
    own mark and a legend under the table."""
    lines = ["client_id,professional_id,date,contact_id,team"]
    for c in range(30):  # team A: 30 clients, each with two professionals
        lines += [f"a{c},P1,2024-0{1 + c % 8}-01,a{c}x,A", f"a{c},P2,2024-0{1 + c % 8}-15,a{c}y,A"]
    for c in range(3):  # team B: 3 clients, too few to publish
        lines += [f"b{c},P3,2024-03-01,b{c}x,B", f"b{c},P3,2024-04-01,b{c}y,B"]
    for c in range(15):  # team C: 15 clients, hidden too, so B cannot be worked out from a total
        lines += [f"c{c},P5,2024-03-01,c{c}x,C", f"c{c},P5,2024-04-01,c{c}y,C"]
    for c in range(50):  # no team filled in
        lines += [f"n{c},P4,2024-05-01,n{c}x,", f"n{c},P4,2024-06-01,n{c}y,"]
    (tmp_path / "c.csv").write_text("\n".join(lines) + "\n")
    db = tmp_path / "s.duckdb"
    assert run("import", "contacts", tmp_path / "c.csv", "--db", db).exit_code == 0
    assert run("report", "--db", db, "-o", tmp_path / "r.html", "--to", "31-08-2024").exit_code == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    headers, rows = _cells(html, "Per team")
    by_team = {row[0]: row for row in rows}
    assert set(by_team) == {"A", "B", "C", "onbekend"}
    assert by_team["B"][1] == by_team["C"][1] == "x" and by_team["A"][1] == "30" and by_team["onbekend"][1] == "50"
    assert by_team["A"][2] == "0" and by_team["A"][3] == "0%"  # nobody at risk: zero is shown
    part = html[html.index("<h3>Per team</h3>"):]
    legend = part[part.index("</table>"):part.index("</p>")]
    assert "x = niet getoond" in legend and "onbekend = niet ingevuld" in legend


def test_a_contacts_only_store_says_what_to_import(tmp_path):
    lines = ["client_id,professional_id,date,contact_id"] + [
        f"c{i},P{i % 3},2024-0{1 + i % 9}-0{1 + i % 7},k{i}" for i in range(60)] + [
        f"c{i},P{(i + 1) % 3},2024-1{i % 3}-1{i % 9},m{i}" for i in range(60)]
    (tmp_path / "c.csv").write_text("\n".join(lines) + "\n")
    db = tmp_path / "s.duckdb"
    assert run("import", "contacts", tmp_path / "c.csv", "--db", db).exit_code == 0
    assert run("report", "--db", db, "-o", tmp_path / "r.html", "--xlsx", tmp_path / "r.xlsx").exit_code == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "vertrouwd import professionals" in html and "vertrouwd import contracts" in html
    assert "household_id" in html
    # no empty frames: every table has rows, no chart without data
    for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S):
        assert "<tr" in body
    assert "Personeel per organisatie" not in html and "Wisseling van aanbieders" not in html


def open_in_chromium(page, folder, fragment=""):
    """Open `page` headless; return (rendered DOM, console lines, URLs the page requested)."""
    net_log = folder / "net.json"
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={folder / 'profile'}", "--enable-logging=stderr", "--v=0",
         f"--log-net-log={net_log}", "--dump-dom", page.as_uri() + fragment],
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
def test_the_filter_shows_one_team_in_the_browser(report_files, tmp_path):
    """The inline script runs (the policy admits it by its hash: no console error) and
    #filter=... leaves only the rows of that team, wijk or organisation."""
    html = report_files[0].read_text(encoding="utf-8")
    team = re.findall(r'<tr data-f="([^"]+)">', html)[0]
    dom, console, requests = open_in_chromium(report_files[0], tmp_path, "#filter=" + team.replace(" ", "%20"))
    assert console == [] and requests == []
    rows = re.findall(r'<tr data-f="([^"]*)"( hidden="")?>', dom)
    shown = [value for value, hidden in rows if not hidden]
    assert shown and all(team.lower() in value.lower() for value in shown)
    assert len(shown) < len(rows) and all(team.lower() not in value.lower() for value, hidden in rows if hidden)
    assert re.search(rf'id="filter-status"[^>]*>{len(shown)} rijen in de tabellen', dom)


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
    assert "Te weinig cliënten om cijfers over dit jaar te tonen" in html
    assert "<svg" not in html  # no chart of two clients


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
    assert {"Scenario's", "Aannames scenario's"} <= set(openpyxl.load_workbook(xlsx, read_only=True).sheetnames)
    assert "Aannames per scenario" in text and "geen (subsidie)" in text and "hele periode" in text

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
