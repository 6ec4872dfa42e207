"""The dataset card (README.md) and DATA_CHANGELOG.md of a release."""

from __future__ import annotations

import json
from typing import Any

from kronika.release.figures import FIGURES
from kronika.release.package import table_file
from kronika.release.sources import RELEASE_LICENSE, SOURCES

HTTP_BASE = "https://HOST/PATH/releases"


def http_query_snippet(version: str, base: str = HTTP_BASE) -> str:
    """How an analyst queries a published release over HTTP with DuckDB (README text)."""
    url = f"{base}/{version}"
    return f"""```sql
-- DuckDB CLI or any DuckDB client; httpfs reads only the byte ranges a query needs.
INSTALL httpfs;  -- once per machine (fetched from DuckDB's extension repository)
LOAD httpfs;
SELECT label, count(*) AS n
FROM read_parquet('{url}/mentions.parquet')
GROUP BY label ORDER BY n DESC;

-- who is quoted most, joining two remote tables
SELECT coalesce(e.canonical_name, q.speaker_text) AS speaker, count(*) AS quotes
FROM read_parquet('{url}/quotes.parquet') AS q
LEFT JOIN read_parquet('{url}/entities.parquet') AS e
  ON e.entity_id = q.speaker_entity_id
GROUP BY speaker ORDER BY quotes DESC LIMIT 20;
```

Offline, or where the httpfs extension cannot be installed, Kronika registers a small HTTP
reader with DuckDB instead (same SQL, plain `http(s)://` URLs):

```python
from kronika.release.remote import connect_http

con = connect_http()  # LOAD httpfs if available, else Kronika's HTTP reader
con.sql("SELECT count(*) FROM read_parquet('{url}/articles.parquet')").fetchall()
```

To work on a local copy instead: `kronika download {url}/ --to data/`
(checks every checksum), then query `data/{version}/*.parquet`."""


LOCAL_QUERIES = """```sql
-- in this folder: duckdb, then
SELECT lang, count(*) AS articles FROM 'articles.parquet' GROUP BY lang;

-- who was quoted about NATO
SELECT coalesce(e.canonical_name, q.speaker_text) AS speaker, q.text
FROM 'quotes.parquet' AS q
LEFT JOIN 'entities.parquet' AS e ON e.entity_id = q.speaker_entity_id
WHERE q.text ILIKE '%NATO%';

-- organisations that co-occur with Japan (Q17) in an article
SELECT o.canonical_name, count(DISTINCT m.article_id) AS articles
FROM 'mentions.parquet' AS m
JOIN 'entities.parquet' AS o ON o.entity_id = m.entity_id AND o.label = 'ORG'
WHERE m.article_id IN (SELECT article_id FROM 'mentions.parquet' WHERE entity_id = 'Q17')
GROUP BY 1 ORDER BY 2 DESC;

-- events involving Latvia (Q211), with their sentence
SELECT ev.plover_type, ev.modality, ev.trigger, ev.date_resolved,
       substr(a.text, s.start + 1, s."end" - s.start) AS sentence
FROM 'events.parquet' AS ev
JOIN 'articles.parquet' AS a USING (article_id)
JOIN 'sentences.parquet' AS s USING (article_id, sentence_idx)
WHERE 'Q211' IN (ev.actor_entity_id, ev.target_entity_id, ev.location_entity_id);
```"""


def _tables_section(manifest: dict[str, Any], descriptions: dict[str, str]) -> list[str]:
    lines = ["| table | file | rows | what |", "|---|---|---:|---|"]
    for name, info in manifest["tables"].items():
        lines.append(f"| `{name}` | `{info['path']}` | {info['rows']:,} | {descriptions[name]} |")
    return lines


def _sources_section() -> list[str]:
    lines = ["| source | licence | used for | attribution |", "|---|---|---|---|"]
    for s in SOURCES:
        lines.append(
            f"| [{s['title']}]({s['path']}) | {s['licence']} | {s['used_for']} "
            f"| {s['attribution']} |"
        )
    return lines


def _json_block(value: Any) -> list[str]:
    if not value:
        return ["_none recorded_"]
    return ["```json", json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True), "```"]


def dataset_card(manifest: dict[str, Any], descriptions: dict[str, str]) -> str:
    version = manifest["version"]
    lines = [
        f"# Kronika dataset, release {version}",
        "",
        "Articles, sentences, named-entity mentions, canonical entities, quotes and PLOVER events",
        "extracted from Latvian and English news. Every extracted row carries character offsets",
        "into the original-language text (`articles.text`, Unicode code points, end-exclusive)",
        "and its provenance (extractor, version, run id, confidence).",
        "",
        f"- Schema version: `{manifest['schema_version']}` (column-level docs: "
        "`DATA_DICTIONARY.md`; machine-readable: `datapackage.json`)",
        f"- Code version: `{manifest['code_version']}`",
        f"- Previous release: `{manifest['previous_release'] or 'none'}` (see `DATA_CHANGELOG.md`)",
        "",
        "## Contents",
        "",
        *_tables_section(manifest, descriptions),
        "",
        "## Figures",
        "",
    ]
    for name, title in FIGURES.items():
        lines += [f"![{title}](figures/{name})", ""]
    lines += [
        "## Licence and attribution",
        "",
        f"This release is licensed under **{RELEASE_LICENSE['title']}** "
        f"({RELEASE_LICENSE['name']}), because it contains ShareAlike-derived material. Keep",
        "the attributions below with any copy. Article texts keep the licence of their source",
        "(see `articles.source` and `articles.uri`).",
        "",
        *_sources_section(),
        "",
        "## Quality",
        "",
        "Precision / recall / F1 per language on held-out gold data (`kronika eval`):",
        "",
        *_json_block(manifest.get("quality")),
        "",
        "Models:",
        "",
        *_json_block(manifest.get("model_versions")),
        "",
        "## Querying with DuckDB",
        "",
        LOCAL_QUERIES,
        "",
        "Over HTTP, without downloading:",
        "",
        http_query_snippet(version),
        "",
        "## Checking a copy",
        "",
        "`sha256sum -c SHA256SUMS` checks the bytes; `kronika verify .` also checks the",
        "Data Package (`frictionless validate datapackage.json`), row counts and that every",
        "Parquet schema equals the declared one.",
        "",
    ]
    return "\n".join(lines)


def changelog_section(version: str, previous: str | None, diff: dict[str, dict[str, Any]]) -> str:
    """One DATA_CHANGELOG.md section: rows added/removed (by primary key) and columns changed."""
    lines = [f"## {version}", ""]
    if previous is None:
        lines.append("First release.")
    else:
        lines.append(f"Compared with {previous}:")
    lines += ["", "| table | rows | added | removed | columns added | columns removed |"]
    lines.append("|---|---:|---:|---:|---|---|")
    for table, d in diff.items():
        added_cols = ", ".join(f"`{c}`" for c in d["columns_added"]) if previous else ""
        removed_cols = ", ".join(f"`{c}`" for c in d["columns_removed"])
        lines.append(
            f"| `{table}` | {d['rows']:,} | {d['rows_added']:,} | {d['rows_removed']:,} "
            f"| {added_cols} | {removed_cols} |"
        )
    return "\n".join([*lines, ""])


def changelog(section: str, previous_text: str | None) -> str:
    """The new section on top of the previous release's history."""
    head = "# Kronika data changelog\n\nNewest first. Rows are matched by primary key.\n\n"
    older = ""
    if previous_text:
        older = previous_text.split("\n\n", 2)[-1] if previous_text.startswith("# ") else ""
    return head + section + ("\n" + older if older else "")


__all__ = ["changelog", "changelog_section", "dataset_card", "http_query_snippet", "table_file"]
