"""One base exception; each error carries a catalog key so it speaks the user's language."""

from __future__ import annotations

import heapq
import sys
import threading
from dataclasses import dataclass, field

from vertrouwd.i18n import plural, t

MAX_LISTED_PROBLEMS = 100


class VertrouwdError(Exception):
    """An error meant for the user: `str(err)` is a complete sentence with a hint."""

    exit_code = 1

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(key)

    def __str__(self) -> str:
        return t(self.key, **self.values)


class KeyMissingError(VertrouwdError):
    """No pseudonymisation key: nothing may be imported."""


class StoreLockedError(VertrouwdError):
    """Another process is writing to the same database file."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the format allows.

    `value` is None when there is no value to show, and `hidden` is True for identifier
    columns, whose values are never shown.
    """

    file: str
    line: int | None
    column: str | None
    code: str
    value: str | None = None
    hidden: bool = False
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(t("where.line", line=self.line))
        if self.column is not None:
            where.append(t("where.column", column=self.column))
        text = ", ".join(where) + ": "
        if self.hidden:
            text += t("where.hidden") + " — "
        elif self.value is not None:
            text += t("where.value", value=_shorten(self.value)) + " — "
        return text + t(self.code, **self.params)


def _shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


class ValidationError(VertrouwdError):
    """The input has problems; nothing was written. Exit code 2."""

    exit_code = 2

    def __init__(self, file: str, problems: list[Problem], total: int) -> None:
        super().__init__("import.failed", file=file, count=plural("count.problem", total))
        self.file = file
        self.problems = problems
        self.total = total

    def report(self) -> str:
        lines = [t("import.failed", file=self.file, count=plural("count.problem", self.total))]
        lines += [f"  - {p}" for p in self.problems[:MAX_LISTED_PROBLEMS]]
        if self.total > MAX_LISTED_PROBLEMS:
            lines.append(t("import.more_problems", count=plural("count.other_problem", self.total - MAX_LISTED_PROBLEMS)))
        lines.append(t("import.nothing_written"))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()


class ProblemCollector:
    """Counts all problems and keeps the first ones in the file (by line) in detail, in
    whatever order and from whatever thread they are met: reading runs ahead of checking."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.total = 0
        # A heap of (-rank, -arrival, problem): its root is the listed problem to drop first.
        self._kept: list[tuple[int, int, Problem]] = []
        self._lock = threading.Lock()

    @staticmethod
    def _rank(line: int | None) -> int:
        return sys.maxsize if line is None else line  # problems of no line come last

    def add(self, line: int | None, column: str | None, code: str, value: str | None = None,
            hidden: bool = False, **params: object) -> None:
        with self._lock:
            self.total += 1
            if not self._would_list(line):
                return
            entry = (-self._rank(line), -self.total, Problem(self.file, line, column, code, value, hidden, params))
            if len(self._kept) < MAX_LISTED_PROBLEMS:
                heapq.heappush(self._kept, entry)
            else:
                heapq.heapreplace(self._kept, entry)

    def count(self, n: int) -> None:
        """Count problems that are not listed."""
        with self._lock:
            self.total += n

    def would_list(self, line: int | None) -> bool:
        """Whether a problem at `line` would be among those listed in detail."""
        with self._lock:
            return self._would_list(line)

    def _would_list(self, line: int | None) -> bool:
        return len(self._kept) < MAX_LISTED_PROBLEMS or self._rank(line) < -self._kept[0][0]

    @property
    def problems(self) -> list[Problem]:
        """The problems kept in detail, in file order."""
        with self._lock:
            return [problem for _, _, problem in sorted(self._kept, key=lambda e: e[:2], reverse=True)]

    def raise_if_any(self) -> None:
        if self.total:
            raise ValidationError(self.file, self.problems, self.total)
