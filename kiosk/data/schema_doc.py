"""Render the table contract as Markdown (docs/schema.md), so the docs cannot drift from the code."""

from __future__ import annotations

from kiosk.data.schema import TABLES, TEXT_EN, TEXT_ZH

TYPE_NAMES = {"text": "text", TEXT_ZH: "text (Chinese)", TEXT_EN: "text (English, no Chinese)",
              "int": "integer", "float": "number"}

INTRO = """# Content tables

Generated from `kiosk/data/schema.py` by `python -m kiosk.data.schema_doc > docs/schema.md`;
`tests/test_docs.py` fails when this file is out of date.

Source files live in `db/<table>.csv` (UTF-8, header row = column names). Staff update packages
carry the same files (see `docs/packages.md`). An empty cell is NULL. Every text residents see has a
`_zh` and an `_en` column; a row gives both or neither. Coordinates must lie inside Jinshan and carry
a `precision`: `exact` (a verified point), `approximate` (a low-confidence point), `town` (the place
is drawn at its town's centre because it has no point of its own).
"""


def render_markdown() -> str:
    lines = [INTRO]
    for table in TABLES:
        lines.append(f"## `{table.name}`\n\n{table.doc}\n")
        key = ", ".join(f"`{k}`" for k in table.pk)
        lines.append(f"Key: {key}.")
        if table.foreign_keys:
            refs = "; ".join(f"`{fk.column}` → `{fk.table}.{fk.other}`" for fk in table.foreign_keys)
            lines.append(f"References: {refs}.")
        lines.append("\n| column | type | required | allowed values | meaning |\n|---|---|---|---|---|")
        for col in table.columns:
            choices = ", ".join(f"`{c}`" for c in col.choices)
            lines.append(f"| `{col.name}` | {TYPE_NAMES[col.type]} | {'yes' if col.required else ''} | "
                         f"{choices} | {col.doc} |")
        lines.append("")
    lines.append("## `search_index` (built, not a source)\n\nOne row per findable item, made by "
                 "`kiosk/data/search_index.py` at build time: `kind`, `item_id`, `title_zh`, "
                 "`title_en`, `haystack` (lowercased text), `pinyin` (toneless pinyin of the Chinese "
                 "title), `initials`, `rank`.\n")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_markdown(), end="")
