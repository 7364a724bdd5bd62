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


def _commands(command=None, path=()):
    """(path, command) of every command a user can call, groups that take options included."""
    import typer.main

    command = command or typer.main.get_command(app)
    subcommands = getattr(command, "commands", None)
    if subcommands is None or (path and any(p.param_type_name == "option" for p in command.params if p.name != "lang")):
        yield path, command
    for name, sub in sorted((subcommands or {}).items()):
        yield from _commands(sub, (*path, name))


def test_the_command_reference_lists_every_command_with_exactly_its_options():
    page = (ROOT / "docs" / "cli.md").read_text()
    sections = dict(re.findall(r"^## `vertrouwd ([a-z -]+)`\n(.*?)(?=^## |\Z)", page, re.S | re.M))
    commands = dict(_commands())
    assert set(sections) == {" ".join(path) for path in commands}
    for path, command in commands.items():
        text = sections[" ".join(path)]
        options = {o for p in command.params if p.param_type_name == "option" for o in p.opts + p.secondary_opts}
        assert set(re.findall(r"`(--?[a-z][a-z-]*)`", text)) == options, path
        arguments = [p.name.upper() for p in command.params if p.param_type_name == "argument"]
        assert f"vertrouwd {' '.join([*path, *arguments])} [OPTIONS]" in text, path
        english = {texts["nl"]: texts["en"] for texts in MESSAGES.values()}.get((command.help or "").strip(), "")
        assert english and english in text, path  # the page is in English, the help in the user's language


def test_the_language_belongs_to_the_work_not_to_the_process():
    """A command in English leaves Dutch behind it, and two pieces of work on two threads
    each keep their own language."""
    import threading

    from vertrouwd import i18n

    assert run("status", "--db", ROOT / "no-such-dir" / "x.duckdb", "--lang", "en").exit_code != 0
    assert i18n.t("handover.from") == "van"
    seen, ready = {}, threading.Barrier(2)

    def work(lang: str) -> None:
        with i18n.speaking(lang):
            ready.wait()  # both languages are set before either reads
            seen[lang] = i18n.t("handover.from")

    threads = [threading.Thread(target=work, args=(lang,)) for lang in ("nl", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"nl": "van", "en": "from"}
