"""One base exception; each error carries a catalog key so it speaks the user's language."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from vertrouwd.i18n import t

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
        super().__init__("import.failed", file=file, count=total)
        self.file = file
        self.problems = problems
        self.total = total

    def report(self) -> str:
        lines = [t("import.failed", file=self.file, count=self.total)]
        lines += [f"  - {p}" for p in self.problems[:MAX_LISTED_PROBLEMS]]
        if self.total > MAX_LISTED_PROBLEMS:
            lines.append(t("import.more_problems", count=self.total - MAX_LISTED_PROBLEMS))
        lines.append(t("import.nothing_written"))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()


class ProblemCollector:
    """Counts all problems and keeps the first ones in the file (by line) in detail, in
    whatever order they are met: reading runs ahead of checking."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.total = 0
        self._kept: list[tuple[tuple[int, int], int, Problem]] = []  # max-heap on (no line, line)
        self._met = 0

    @staticmethod
    def _rank(line: int | None) -> tuple[int, int]:
        return (line is None, line or 0)

    def add(self, line: int | None, column: str | None, code: str, value: str | None = None,
            hidden: bool = False, **params: object) -> None:
        self.total += 1
        if not self.would_list(line):
            return
        self._met += 1
        rank = self._rank(line)
        entry = ((-rank[0], -rank[1]), -self._met, Problem(self.file, line, column, code, value, hidden, params))
        if len(self._kept) < MAX_LISTED_PROBLEMS:
            heapq.heappush(self._kept, entry)
        else:
            heapq.heapreplace(self._kept, entry)

    def count(self, n: int) -> None:
        """Count problems that are not listed."""
        self.total += n

    def would_list(self, line: int | None) -> bool:
        """Whether a problem at `line` would be among those listed in detail."""
        if len(self._kept) < MAX_LISTED_PROBLEMS:
            return True
        last = self._kept[0][0]
        return self._rank(line) < (-last[0], -last[1])

    @property
    def problems(self) -> list[Problem]:
        """The problems kept in detail, in file order (problems of no line last)."""
        return [p for _, _, p in sorted(self._kept, key=lambda e: ((-e[0][0], -e[0][1]), -e[1]))]

    def raise_if_any(self) -> None:
        if self.total:
            raise ValidationError(self.file, self.problems, self.total)
