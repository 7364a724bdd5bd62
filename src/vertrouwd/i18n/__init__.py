"""Texts a user reads, in Dutch (default) and English.

`t("key", name=value)` formats the text in the language of the work at hand: a command
speaks its `--lang` (`with speaking(lang):`), else `VERTROUWD_LANG`, else Dutch. The
language travels with the work (a context variable), so a report built in English on one
thread never changes another's; `lang=` on a call overrides it.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from vertrouwd.i18n.catalog import MESSAGES

LANGUAGES = ("nl", "en")
_current: ContextVar[str] = ContextVar(
    "language", default=os.environ["VERTROUWD_LANG"] if os.environ.get("VERTROUWD_LANG") in LANGUAGES else "nl")


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Everything inside speaks `lang`; the language before comes back after."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LANGUAGES)}")
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def language() -> str:
    return _current.get()


def t(key: str, lang: str | None = None, **values: object) -> str:
    text = MESSAGES[key][lang or _current.get()]
    return text.format(**values) if values else text


def plural(key: str, count: int, lang: str | None = None, **values: object) -> str:
    """The form of a text 'one | many' (or 'none | one | many') for `count`, with {n}:
    plural('count.client', 4) -> '4 cliënten'."""
    forms = [form.strip() for form in MESSAGES[key][lang or _current.get()].split("|")]
    none, one, many = forms if len(forms) == 3 else (forms[1], *forms)
    chosen = none if count == 0 else one if count == 1 else many
    return chosen.format(n=number(count, lang=lang), **values)


def number(value: float | int, decimals: int = 0, lang: str | None = None) -> str:
    """1234567.5 -> '1.234.567,5' in Dutch, '1,234,567.5' in English."""
    text = f"{value:,.{decimals}f}"
    if (lang or _current.get()) == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text
