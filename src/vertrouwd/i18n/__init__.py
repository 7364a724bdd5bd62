"""Texts a user reads, in Dutch (default) and English.

`t("key", name=value)` formats the text of the current language. The language is
chosen once per command (`--lang`, else `VERTROUWD_LANG`, else Dutch).
"""

from __future__ import annotations

import os

from vertrouwd.i18n.catalog import MESSAGES

LANGUAGES = ("nl", "en")
_current = os.environ.get("VERTROUWD_LANG", "nl") if os.environ.get("VERTROUWD_LANG") in LANGUAGES else "nl"


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LANGUAGES)}")
    _current = lang


def language() -> str:
    return _current


def t(key: str, lang: str | None = None, **values: object) -> str:
    text = MESSAGES[key][lang or _current]
    return text.format(**values) if values else text


def plural(key: str, count: int, lang: str | None = None, **values: object) -> str:
    """The form of a text 'one | many' (or 'none | one | many') for `count`, with {n}:
    plural('count.client', 4) -> '4 cliënten'."""
    forms = [form.strip() for form in MESSAGES[key][lang or _current].split("|")]
    none, one, many = forms if len(forms) == 3 else (forms[1], *forms)
    chosen = none if count == 0 else one if count == 1 else many
    return chosen.format(n=number(count, lang=lang), **values)


def number(value: float | int, decimals: int = 0, lang: str | None = None) -> str:
    """1234567.5 -> '1.234.567,5' in Dutch, '1,234,567.5' in English."""
    text = f"{value:,.{decimals}f}"
    if (lang or _current) == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text
