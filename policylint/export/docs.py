"""docs/export.md, written from the exporters' mapping tables (`python -m policylint.export.docs > docs/export.md`);
tests/test_export.py keeps the file current."""

from __future__ import annotations

from policylint.export import dpv, fides
from policylint.schema import load_schema

# The schema's enums neither export carries: facts of the policy text (what it denies, how it announces changes,
# cookie banners, ...) that DPV 2.3's core, pd and eu-gdpr files and fideslang's taxonomy have no place for.
NOT_EXPORTED = (
    "negative_statement/properties/claim", "restriction/properties/kind", "claim_exceptions/properties/conditions",
    "tracking_technology/properties/technology", "tracking_technology/properties/category",
    "cookies/properties/consent", "purpose/properties/consent", "channel/properties/type", "fee/properties/kind",
    "response_time/properties/commitment", "framework", "changes/properties/notification/items/properties/method",
    "identifiability_claim/properties/claim", "children/properties/statements/items/properties/kind",
)


def _enum(path: str) -> list[str]:
    node = load_schema()["$defs"]
    for part in path.split("/"):
        node = node[part]
    return list(node["enum"])


def _cell(terms: tuple[str, ...] | str | None) -> str:
    if not terms:
        return "*none*"
    return ", ".join(f"`{t}`" for t in ((terms,) if isinstance(terms, str) else terms))


def export_markdown() -> str:
    lines = [
        "# Export mappings",
        "",
        "<!-- Generated from policylint/export/dpv.py and fides.py by `python -m policylint.export.docs`; "
        "tests/test_export.py keeps it current. -->",
        "",
        "`policylint export --format dpv FILE` writes the policy as JSON-LD in the terms of the W3C Data Privacy "
        "Vocabulary (DPV) 2.3 (`dpv:`, and its `pd:` and `eu-gdpr:` extensions); `policylint export --format "
        "fideslang FILE` writes a Fides `system` manifest. The tables give, for each value of each schema enum "
        "the exports read, the term it becomes. *none* means the vocabulary has no term for the value: the export "
        "says the value in words (in DPV, `dct:type` with the schema's value) and never types it with a near term.",
        "",
        "## DPV 2.3",
        "",
        "Every `dpv:`, `pd:` and `eu-gdpr:` term below exists in the vocabulary files (`tests/data/dpv-2.3/`, checked "
        "by the tests).",
        "",
    ]
    for path, table in dpv.TABLES.items():
        lines += [f"### `{path}`", "", "| value | DPV |", "|---|---|"]
        lines += [f"| `{value}` | {_cell(table[value])} |" for value in _enum(path)]
        lines.append("")
    lines += ["### fideslang data category keys (`fideslang` on data categories and items)", "",
              "A key narrower than one listed takes the nearest listed ancestor's terms; a key with no listed "
              "ancestor (`user.account`, `user.childrens`, `system...`) has none.", "", "| fideslang | DPV |",
              "|---|---|"]
    lines += [f"| `{key}` | {_cell(terms)} |" for key, terms in sorted(dpv.FIDESLANG_CATEGORIES.items())]
    unmapped = sorted(f"`{path}`: {', '.join(f'`{v}`' for v in _enum(path) if not table[v])}"
                      for path, table in dpv.TABLES.items() if any(not table[v] for v in _enum(path)))
    lines += ["", "### Values with no DPV term", ""] + [f"- {entry}" for entry in unmapped] + [""]
    lines += [
        "## fideslang", "",
        "A purpose's data use is its `fideslang` key, else its kind's below; a purpose with neither is listed in "
        "`meta.policylint.without_fideslang_key` and has no privacy declaration. Data categories come from the "
        "`fideslang` keys of data categories and items and from their sensitive types; data subjects only from the "
        "`fideslang` keys of audiences (the schema has no enum of people).", "",
    ]
    for path, table in fides.TABLES.items():
        what = fides.TAXONOMY_TABLES.get(path, "fideslang value")
        lines += [f"### `{path}`", "", f"| value | {what} |", "|---|---|"]
        lines += [f"| `{value}` | {_cell(table[value])} |" for value in _enum(path)]
        lines.append("")
    unmapped = sorted(f"`{path}`: {', '.join(f'`{v}`' for v in _enum(path) if not table[v])}"
                      for path, table in fides.TABLES.items() if any(not table[v] for v in _enum(path)))
    lines += ["### Values with no fideslang key or value", ""] + [f"- {entry}" for entry in unmapped] + [""]
    lines += ["## Enums neither export carries", "",
              "Facts of the notice with no place in either vocabulary (or, for `purpose/properties/consent` and "
              "`channel/properties/type`, no term in DPV's core, pd and eu-gdpr files): the notice says them, the "
              "exports do not.", ""]
    lines += [f"- `{path}`" for path in NOT_EXPORTED] + [""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(export_markdown(), end="")
