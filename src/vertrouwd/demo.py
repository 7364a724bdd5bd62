"""The demo: a synthetic municipality in a fresh store of its own, three scenarios a policy
advisor would ask about, and a worker whose leaving is worth planning. The command line
prints and reports; this module decides what the demo is."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import duckdb

from vertrouwd.privacy.keys import create_key
from vertrouwd.store import remove_store

# Import order: the contacts last, so the report's first figures cover every table.
TABLES = ("professionals", "clients", "contracts", "contacts")
WITH_BSN = ("clients", "contacts")  # the synthetic client numbers are valid BSNs


@dataclasses.dataclass(frozen=True)
class Place:
    directory: Path

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def key_file(self) -> Path:
        return self.directory / "demo.key"

    @property
    def db(self) -> Path:
        return self.directory / "demo.duckdb"


def fresh(directory: Path) -> Place:
    """The demo's folder with its own key (kept between runs) and no database yet."""
    place = Place(directory)
    if not place.key_file.exists():
        create_key(place.key_file)
    remove_store(place.db)
    return place


def scenarios(store, names: dict[str, str]) -> tuple[list, dict[str, float]]:
    """The municipality itself as the simulator's baseline (its levers calibrated on the
    store, over its own years and clients), against 9-year contracts and against a team
    that covers in fixed duos and hands over to known faces; `names` gives them their
    words. Also the baseline's check against the data (`calibrate.baseline_check`)."""
    from vertrouwd.simulate.calibrate import baseline_check, calibrate

    calibration = calibrate(store, name=names["base"])
    base = calibration.scenario
    variants = [base, dataclasses.replace(base, name=names["nine_years"], tender_years=9.0),
                dataclasses.replace(base, name=names["duo"], cover="duo", handover="known")]
    return variants, baseline_check(calibration, store)


def handover_example(contacts_file: Path, last: dt.date) -> tuple[str, dt.date] | None:
    """The worker with the most clients in the 90 days up to half a year before the data
    ends, as the demo's user would type them (their own number, from the file), and that
    day: a handover worth planning."""
    day = last.replace(day=1) - dt.timedelta(days=180)
    path = str(contacts_file).replace("'", "''")
    busiest = duckdb.sql(
        f"SELECT professional_id FROM read_csv('{path}') WHERE date BETWEEN DATE '{day}' - 90 AND DATE '{day}' "
        "GROUP BY 1 ORDER BY count(DISTINCT client_id) DESC, 1 LIMIT 1").fetchall()
    return (busiest[0][0], day) if busiest else None
