"""Every command has help in both languages and a place in the README; every text exists twice."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from tests.conftest import run
from vertrouwd.cli import app
from vertrouwd.i18n.catalog import MESSAGES

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = sorted([c.name or c.callback.__name__ for c in app.registered_commands] +
                  [g.name for g in app.registered_groups])


def test_every_text_in_dutch_and_english_with_the_same_placeholders():
    fields = lambda text: {f for _, f, _, _ in string.Formatter().parse(text) if f}
    for key, texts in MESSAGES.items():
        assert set(texts) == {"nl", "en"}, key
        assert fields(texts["nl"]) == fields(texts["en"]), key


SUBCOMMANDS = {g.name: [c.name for c in g.typer_instance.registered_commands] for g in app.registered_groups}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_a_readme_entry(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    for sub in SUBCOMMANDS.get(command, []):
        assert "--lang" in run(command, sub, "--help").output, (command, sub)
    if command not in SUBCOMMANDS or command == "handover":  # handover plans itself too
        assert "--lang" in result.output
    readme = (ROOT / "README.md").read_text()
    assert re.search(rf"vertrouwd {command}\b", readme), f"README does not mention 'vertrouwd {command}'"


def test_design_page_is_kept_in_the_project():
    assert (ROOT / "docs" / "design.md").exists()
