"""The parameters of a synthetic municipality: the levers a scenario can pull.

Defaults describe an ordinary Dutch municipality; where a default stands for a published
figure, the comment names it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

DOMAINS = ("jeugd", "wmo", "participatie")


@dataclass(frozen=True)
class Levers:
    clients: int = 20_000
    years: float = 3.0
    seed: int = 1
    start: dt.date = dt.date(2023, 1, 1)
    municipality: str = "Gemeente Voorbeeld"
    areas: int | None = None  # None: about one wijk per 2,500 clients, 4 to 12
    domain_shares: tuple[float, ...] = (0.40, 0.35, 0.25)  # jeugd, wmo, participatie
    # Policy level
    tender_years: float = 3.0  # planned contract length
    extension_years: float = 2.0  # optional extension up to the maximum end date
    extension_probability: float = 0.5
    provider_change_probability: float = 0.35  # at a tender, another organisation wins
    # Organisational level
    annual_outflow: float = 0.17  # CBS: about 17% of staff in social work leave per year (all causes)
    vacancy_days: tuple[int, int] = (14, 90)  # before a leaver is replaced
    team_size: int = 10
    caseload_cap: dict[str, int] = field(default_factory=lambda: {"jeugd": 16, "wmo": 30, "participatie": 40})
    # Staffing aims at this share of the caps for the assigned caseload. The caseload measure
    # (clients with a contact in the month or the 60 days before, colleagues' clients included)
    # counts about 1.5 times the assigned caseload, so 0.5 keeps measured caseloads under caps.
    target_load: float = 0.5
    mean_tenure_years: float = 6.0  # of staff already employed when the data starts
    # Relational level
    contact_interval_days: tuple[int, int] = (7, 28)  # each client's own rhythm lies in this range
    # Contacts with a colleague instead of the own worker (a home visit together, a question by
    # phone, an evening shift): more in youth care, where families are seen by two, than with
    # a klantmanager.
    colleague_share: dict[str, float] = field(default_factory=lambda: {"jeugd": 0.12, "wmo": 0.08, "participatie": 0.04})
    intake_share: float = 0.5  # trajectories whose first contact is an intake by another worker of the team
    sick_leave: float = 0.07  # share of working days off sick (CBS: 7.0-7.5% in zorg en welzijn, 2022-2023)
    sick_days: int = 42  # mean length of a spell of absence long enough to need cover (about six weeks)
    # Clients served by a fixed pair (part-time workers, a duo) who take turns.
    duo_share: dict[str, float] = field(default_factory=lambda: {"jeugd": 0.25, "wmo": 0.12, "participatie": 0.03})
    trajectory_median_days: float = 240.0
    trajectory_sigma: float = 0.8  # lognormal spread of trajectory length
    trajectory_days: tuple[int, int] = (30, 1460)
    household_sizes: tuple[float, ...] = (0.60, 0.20, 0.12, 0.08)  # share of households with 1, 2, 3, 4 clients

    @property
    def days(self) -> int:
        return int(round(self.years * 365.25))

    @property
    def n_areas(self) -> int:
        return self.areas or max(4, min(12, round(self.clients / 2500)))
