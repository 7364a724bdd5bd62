"""`vertrouwd demo` (what `make demo` runs), small: it ends with a report and a handover hint that works."""

from __future__ import annotations

import shlex

from tests.conftest import run


def test_demo_end_to_end(tmp_path):
    result = run("demo", "--dir", tmp_path / "demo", "--clients", 800, "--years", 1.5)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo" / "report.html").exists() and (tmp_path / "demo" / "report.xlsx").exists()
    assert "Rapport geschreven" in result.output
    # the terminal's summary and the first headline give the same share at risk, of the same year
    import re

    summary = re.search(r"(\d+%|<1%) loopt risico", result.output).group(1)
    headline = re.search(r"In (.+?) liep (\d+%|<1%) van de cliënten risico", result.output)
    assert headline and headline.group(2) == summary and f"In {headline.group(1)}:" in result.output
    hint = [line for line in result.output.splitlines() if "vertrouwd handover" in line]
    assert hint
    command = shlex.split(hint[0].split(": ", 1)[1])[1:]  # drop the program name
    planned = run(*command)
    assert planned.exit_code in (0, 3), planned.output
    assert "cliënten krijgen een nieuwe medewerker" in planned.output


def test_the_demos_scenarios_start_from_the_municipality_itself(tmp_path):
    """The baseline is calibrated on the demo's own store, over its own years and clients,
    and the report says how the model and the data differ."""
    import csv

    result = run("demo", "--dir", tmp_path / "demo", "--clients", 600, "--years", 2)
    assert result.exit_code == 0, result.output
    with open(tmp_path / "demo" / "simulation.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["scenario"] == "deze gemeente (geijkt)" and float(rows[0]["years"]) < 2.1
    assert {row["years"] for row in rows} == {rows[0]["years"]}  # one horizon for every scenario
    assert float(rows[0]["measured_professionals_mean"]) > float(rows[0]["professionals_mean"])  # intakes, duos, ...
    html = (tmp_path / "demo" / "report.html").read_text(encoding="utf-8")
    assert "is geijkt op de eigen gegevens" in html
