"""Calibration: a municipality made by the simulator with known levers, measured back
from its data; the calibrated scenario then gives the data's own continuity."""

from __future__ import annotations

import dataclasses

import pytest

from tests.conftest import run
from vertrouwd.simulate.calibrate import baseline_check, calibrate
from vertrouwd.simulate.model import PRESETS, load_scenario, materialize

TRUTH = dataclasses.replace(PRESETS["buurtteam"], name="waar", clients=2000, years=10.0, annual_outflow=0.25,
                            tender_years=3.0, provider_change_probability=0.5, team_size=8, caseload_cap=20,
                            contact_weeks=2.0, trajectory_years=1.5, vacancy_weeks=4)


@pytest.fixture(scope="module")
def town():
    return materialize(TRUTH, 3).tables()


def test_the_levers_come_back_from_the_data(town):
    """Tolerances: the run's own randomness over 10 years, 2,000 clients in care and 250
    positions (about 1,000 person-years, 39 tenders)."""
    s = calibrate(town).scenario
    assert s.years == pytest.approx(TRUTH.years, abs=0.05)
    assert s.clients == pytest.approx(TRUTH.clients, rel=0.10)
    assert s.contact_weeks == pytest.approx(TRUTH.contact_weeks, rel=0.10)
    assert s.trajectory_years == pytest.approx(TRUTH.trajectory_years, rel=0.15)
    assert s.annual_outflow == pytest.approx(TRUTH.annual_outflow, rel=0.20)
    assert abs(s.vacancy_weeks - TRUTH.vacancy_weeks) <= 2
    assert abs(s.team_size - TRUTH.team_size) <= 1 and s.caseload_cap == TRUTH.caseload_cap
    assert s.tender_years == pytest.approx(TRUTH.tender_years, abs=0.1)
    assert s.provider_change_probability == pytest.approx(TRUTH.provider_change_probability, abs=0.2)
    assert (s.sick_leave, s.cover, s.handover) == (TRUTH.sick_leave, TRUTH.cover, TRUTH.handover)  # not in the data


def test_the_calibrated_baseline_gives_the_datas_continuity(town):
    """Another run (seed) of the calibrated scenario against what the data measures: within
    10% for professionals per client and 0.03 for the mean UPC."""
    check = baseline_check(calibrate(town), town["contacts"], seed=11)
    assert check["model_faces"] == pytest.approx(check["measured_faces"], rel=0.10)
    assert check["model_upc"] == pytest.approx(check["measured_upc"], abs=0.03)


def test_calibrate_writes_a_scenario_file_that_simulate_runs(tmp_path, town):
    import pyarrow.parquet as pq

    db = tmp_path / "s.duckdb"
    for table in ("professionals", "contracts", "contacts"):
        pq.write_table(town[table], tmp_path / f"{table}.parquet")
        assert run("import", table, tmp_path / f"{table}.parquet", "--db", db).exit_code == 0
    assert run("calibrate", "--db", db, "-o", tmp_path / "s.txt").exit_code == 1  # refused before any work
    made = run("calibrate", "--db", db, "-o", tmp_path / "gemeente.toml", "--name", "onze gemeente")
    assert made.exit_code == 0, made.output
    assert "medewerkers verlieten hun organisatie" in made.output and "Gemeten in de gegevens" in made.output
    scenario = load_scenario(str(tmp_path / "gemeente.toml"))
    assert scenario.name == "onze gemeente" and scenario.caseload_cap == 20
    simulated = run("simulate", "--scenario", tmp_path / "gemeente.toml", "--vs", "buurtteam", "--runs", 2)
    assert simulated.exit_code == 0, simulated.output
    assert "onze gemeente" in simulated.output
