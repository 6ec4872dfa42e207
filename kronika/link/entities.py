"""Canonical ``entities`` table from all mentions (every article, every run).

``build_entities(mentions, articles)`` returns the columns of ``schemas.Entity`` minus
``run_id``, sorted by ``entity_id``. Rules (docs/entities.md):
- one row per ``entity_id`` (ids come from within-article linking, kronika.link.coref);
- mentions are de-duplicated by ``mention_id`` (re-runs of an article do not double-count);
- ``name_lv`` / ``name_en`` (one per ``NAME_LANGS``): the entity's base form in that
  language's articles: for a ``k:`` id the name that defined the id when it is among them,
  else the most frequent mention lemma there (ties: the lexicon's name, longer, alphabetical);
  with no mention in that language, the lexicon's name; else null;
- ``canonical_name``: ``name_en`` when known (an English reader sees English names, and a
  linked entity's name does not depend on which language happened to mention it first); else,
  for a ``k:`` id, the (label, name) whose hash *is* the id; for a Wikidata id ``name_lv``,
  else the most frequent mention lemma;
- ``label``: the lexicon's label for linked entities, else the label in the id's hash;
- ``aliases``: every other lemma and surface seen (sorted, distinct);
- first/last seen: min/max over mentioning articles of coalesce(published_at, ingested_at).
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from kronika.link.ids import local_entity_id
from kronika.link.lexicon import load_lexicon
from kronika.link.names import split_role, strip_en

LABELS = ("PER", "ORG", "GPE", "LOC", "EVENT", "PRODUCT", "MISC")
UTC = pl.Datetime("us", "UTC")
# Languages with a name column (`name_<lang>` in schemas.Entity): Kronika's first-class ones.
NAME_LANGS = ("lv", "en")

ENTITY_COLUMNS = (
    "entity_id",
    "canonical_name",
    *(f"name_{lang}" for lang in NAME_LANGS),
    "label",
    "wikidata_id",
    "aliases",
    "n_mentions",
    "n_articles",
    "first_seen",
    "last_seen",
)


def _to_utc(col: str, schema: pl.Schema) -> pl.Expr:
    dtype = schema.get(col)
    expr = pl.col(col)
    if dtype is None or dtype == pl.Null:
        return pl.lit(None, dtype=UTC).alias(col)
    if isinstance(dtype, pl.Datetime):
        expr = (
            expr.dt.convert_time_zone("UTC")
            if dtype.time_zone
            else expr.dt.replace_time_zone("UTC")
        )
        return expr.dt.cast_time_unit("us").alias(col)
    return expr.str.to_datetime(time_zone="UTC", time_unit="us").alias(col)


def _article_times(articles: pl.DataFrame) -> pl.DataFrame:
    """article_id, seen_at and article_lang (null when `articles` has no `lang` column)."""
    schema = articles.schema
    lang = pl.col("lang") if "lang" in schema else pl.lit(None, dtype=pl.String)
    cols = [
        pl.col("article_id"),
        _to_utc("published_at", schema),
        _to_utc("ingested_at", schema),
        lang.cast(pl.String).alias("article_lang"),
    ]
    return (
        articles.select(cols)
        .select(
            "article_id",
            pl.coalesce("published_at", "ingested_at").alias("seen_at"),
            "article_lang",
        )
        .unique("article_id", keep="first", maintain_order=True)
    )


def _name_candidates(lemmas: list[str]) -> list[str]:
    out: list[str] = []
    for lemma in lemmas:
        for lang in ("lv", "en"):
            out.append(lemma[split_role(lemma, lang).name_start :])
        out += [lemma, strip_en(lemma)]
    return list(dict.fromkeys(x for x in out if x))


def _canonical_local(eid: str, lemmas: list[str], labels: list[str]) -> tuple[str, str]:
    """Recover (name, label) from a ``k:`` id by re-hashing the candidates."""
    names = _name_candidates(lemmas)
    for label in dict.fromkeys([*labels, *LABELS]):
        for name in names:
            if local_entity_id(label, name) == eid:
                return name, label
    counts = Counter(lemmas)
    name = min(counts, key=lambda n: (-counts[n], -len(n), n))
    lab = Counter(labels)
    return name, min(lab, key=lambda x: (-lab[x], LABELS.index(x) if x in LABELS else 99))


def _canonical_linked(qid: str, lemmas: list[str], labels: list[str]) -> tuple[str, str]:
    """The most frequent lemma (ties: lexicon lv, then en name) and the lexicon's label."""
    entry = load_lexicon().by_qid(qid)
    counts = Counter(lemmas)
    prefer = [entry.name_lv, entry.name_en] if entry else []

    def key(n: str) -> tuple:
        return (-counts[n], prefer.index(n) if n in prefer else len(prefer), n)

    name = min(counts, key=key) if counts else (entry.canonical_name if entry else qid)
    if entry is not None:
        return name, entry.label
    lab = Counter(labels)
    return name, min(lab, key=lambda x: (-lab[x], x))


def _name_in(
    lang: str, lemmas: list[str], langs: list[str | None], defining: str | None, known: str | None
) -> str | None:
    """The entity's name in `lang` (rules in the module docstring)."""
    seen = [lemma for lemma, lg in zip(lemmas, langs, strict=True) if lg == lang]
    if not seen:
        return known
    if defining is not None and defining in _name_candidates(seen):
        return defining
    counts = Counter(seen)
    return min(counts, key=lambda n: (-counts[n], n != known, -len(n), n))


def names_by_language(
    eid: str, lemmas: list[str], langs: list[str | None], defining: str | None
) -> dict[str, str | None]:
    """name_<lang> for each of NAME_LANGS; `defining` is a ``k:`` id's own name."""
    entry = load_lexicon().by_qid(eid) if eid.startswith("Q") else None
    return {
        lang: _name_in(lang, lemmas, langs, defining, getattr(entry, f"name_{lang}", None))
        for lang in NAME_LANGS
    }


def _entity_names(
    eid: str, lemmas: list[str], langs: list[str | None], labels: list[str]
) -> tuple[str, str, dict[str, str | None]]:
    """(canonical_name, label, names by language) of one entity."""
    if eid.startswith("Q"):
        frequent, label = _canonical_linked(eid, lemmas, labels)
        names = names_by_language(eid, lemmas, langs, None)
        return names["en"] or names["lv"] or frequent, label, names
    defining, label = _canonical_local(eid, lemmas, labels)
    names = names_by_language(eid, lemmas, langs, defining)
    return names["en"] or defining, label, names


def build_entities(mentions: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Aggregate mentions into canonical entities (schemas.Entity minus run_id)."""
    m = mentions.filter(pl.col("entity_id").is_not_null())
    if "run_id" in m.columns:  # the latest run's row wins for a re-extracted mention
        m = m.sort("run_id")
    m = m.unique("mention_id", keep="last").sort("mention_id")
    times = _article_times(articles)
    m = m.join(times, on="article_id", how="left")
    grouped = (
        m.group_by("entity_id")
        .agg(
            pl.col("lemma"),
            pl.col("surface"),
            pl.col("label"),
            pl.col("article_lang"),
            pl.len().alias("n_mentions"),
            pl.col("article_id").n_unique().alias("n_articles"),
            pl.col("seen_at").min().alias("first_seen"),
            pl.col("seen_at").max().alias("last_seen"),
        )
        .sort("entity_id")
    )
    names: list[str] = []
    labels: list[str] = []
    qids: list[str | None] = []
    aliases: list[list[str]] = []
    by_lang: dict[str, list[str | None]] = {lang: [] for lang in NAME_LANGS}
    for eid, lemmas, surfaces, labs, langs in grouped.select(
        "entity_id", "lemma", "surface", "label", "article_lang"
    ).iter_rows():
        name, label, in_lang = _entity_names(eid, lemmas, langs, labs)
        names.append(name)
        labels.append(label)
        qids.append(eid if eid.startswith("Q") else None)
        other = {n for n in in_lang.values() if n}
        aliases.append(sorted({*lemmas, *surfaces, *other} - {name}))
        for lang in NAME_LANGS:
            by_lang[lang].append(in_lang[lang])
    return grouped.select(
        pl.col("entity_id"),
        pl.Series("canonical_name", names, dtype=pl.String),
        *(pl.Series(f"name_{lang}", by_lang[lang], dtype=pl.String) for lang in NAME_LANGS),
        pl.Series("label", labels, dtype=pl.String),
        pl.Series("wikidata_id", qids, dtype=pl.String),
        pl.Series("aliases", aliases, dtype=pl.List(pl.String)),
        pl.col("n_mentions").cast(pl.Int64),
        pl.col("n_articles").cast(pl.Int64),
        pl.col("first_seen").cast(UTC),
        pl.col("last_seen").cast(UTC),
    )
