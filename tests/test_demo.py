"""`vertrouwd demo` (what `make demo` runs), small: it ends with a report and a handover hint that works."""

from __future__ import annotations

import shlex

from tests.conftest import run


def test_demo_end_to_end(tmp_path):
    result = run("demo", "--dir", tmp_path / "demo", "--clients", 800, "--years", 1.5)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo" / "report.html").exists() and (tmp_path / "demo" / "report.xlsx").exists()
    assert "Rapport geschreven" in result.output
    hint = [line for line in result.output.splitlines() if "vertrouwd handover" in line]
    assert hint
    command = shlex.split(hint[0].split(": ", 1)[1])[1:]  # drop the program name
    planned = run(*command)
    assert planned.exit_code in (0, 3), planned.output
    assert "cliënten krijgen een nieuwe medewerker" in planned.output
