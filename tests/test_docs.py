"""Documentation that must not drift: the table reference, the README commands, the staff commands."""

from __future__ import annotations

from pathlib import Path

from kiosk.data.schema_doc import render_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_schema_doc_is_current():
    assert (ROOT / "docs" / "schema.md").read_text(encoding="utf-8") == render_markdown(), \
        "run: .venv/bin/python -m kiosk.data.schema_doc > docs/schema.md"


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:1500]
    assert "make run" in head and "make test" in head
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_every_main_option_is_documented():
    from kiosk.app import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    options = [o for action in build_parser()._actions for o in action.option_strings
               if o.startswith("--") and o not in ("--help", "--version")]
    assert options
    for option in options:
        assert f"`{option}" in readme, f"{option} is not documented in README.md"
