"""Five typical analyst queries, timed on a run's output through its DuckDB catalog.

They are the questions the README shows (volume per language, top entities, co-occurrence,
mentions over time, a name in context with its sentence), written against the views of
output/kronika.duckdb, each in a fresh read-only connection as a analyst's session would be.
"""

from __future__ import annotations

import time
from pathlib import Path

ANALYST_QUERIES: dict[str, str] = {
    "articles_per_lang": """
        SELECT lang, count(*) AS articles, sum(n_sentences) AS sentences, sum(n_chars) AS chars
        FROM articles GROUP BY lang ORDER BY lang""",
    "top_entities": """
        SELECT canonical_name, label, wikidata_id, n_mentions, n_articles
        FROM entities ORDER BY n_mentions DESC, canonical_name LIMIT 20""",
    "organisations_with_top_place": """
        WITH top AS (SELECT entity_id FROM entities WHERE label IN ('GPE', 'LOC')
                     ORDER BY n_mentions DESC, entity_id LIMIT 1)
        SELECT o.canonical_name AS organisation, count(DISTINCT m2.article_id) AS articles
        FROM mentions m1 JOIN mentions m2 USING (article_id)
        JOIN entities o ON o.entity_id = m2.entity_id
        WHERE m1.entity_id = (SELECT entity_id FROM top) AND o.label = 'ORG'
        GROUP BY ALL ORDER BY articles DESC, organisation LIMIT 20""",
    "mentions_per_day_and_label": """
        SELECT CAST(a.published_at AS DATE) AS day, m.label, count(*) AS mentions
        FROM mentions m JOIN articles a USING (article_id)
        GROUP BY ALL ORDER BY day, m.label""",
    "person_in_context": """
        WITH top AS (SELECT entity_id FROM entities WHERE label = 'PER'
                     ORDER BY n_mentions DESC, entity_id LIMIT 1)
        SELECT a.title, m.surface,
               substring(a.text, s.start + 1, s."end" - s.start) AS sentence
        FROM mentions m JOIN articles a USING (article_id)
        JOIN sentences s ON s.article_id = m.article_id AND s.sentence_idx = m.sentence_idx
        WHERE m.entity_id = (SELECT entity_id FROM top)
        ORDER BY a.published_at DESC, m.start LIMIT 50""",
}


def time_queries(out: Path, repeat: int = 3) -> dict[str, dict[str, float | int]]:
    """Seconds of each query: first run and best of `repeat`, plus the rows it returned."""
    import duckdb

    timings: dict[str, dict[str, float | int]] = {}
    for name, sql in ANALYST_QUERIES.items():
        runs = []
        n_rows = 0
        for _ in range(repeat):
            con = duckdb.connect(str(out / "kronika.duckdb"), read_only=True)
            try:
                began = time.perf_counter()
                n_rows = len(con.sql(sql).fetchall())
                runs.append(time.perf_counter() - began)
            finally:
                con.close()
        timings[name] = {
            "first_s": round(runs[0], 4),
            "best_s": round(min(runs), 4),
            "rows": n_rows,
        }
    return timings
