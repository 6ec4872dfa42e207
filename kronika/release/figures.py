"""PNG figures for the dataset card; every figure survives an empty table ("no data yet")."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: releases are built by flows and CI
import matplotlib.pyplot as plt
import polars as pl
from matplotlib.ticker import MaxNLocator

TOP_N = 15
# Fixed PNG metadata so the same data gives the same bytes.
PNG_METADATA = {"Software": None}

FIGURES = {
    "articles_per_day.png": "Articles per day and language",
    "top_entities.png": "Most mentioned entities",
    "top_speakers.png": "Most quoted speakers",
    "events_by_type.png": "Events by PLOVER type",
}


def articles_per_day(articles: pl.DataFrame) -> pl.DataFrame:
    """(day, lang, n): publication day, or ingest day when the publication time is unknown."""
    if articles.is_empty():
        return pl.DataFrame(schema={"day": pl.Date, "lang": pl.String, "n": pl.UInt32})
    day = pl.coalesce("published_at", "ingested_at").dt.date().alias("day")
    return articles.group_by(day, "lang").len("n").sort("day", "lang")


def top_entities(mentions: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """(name, n): mentions per canonical entity (the mention's lemma when not linked)."""
    names = entities.select("entity_id", "canonical_name")
    joined = mentions.join(names, on="entity_id", how="left")
    name = pl.coalesce("canonical_name", "lemma").alias("name")
    return _top(joined.select(name))


def top_speakers(quotes: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """(name, n): quotes per speaker entity (the speaker as written when not linked)."""
    names = entities.select(pl.col("entity_id").alias("speaker_entity_id"), "canonical_name")
    joined = quotes.join(names, on="speaker_entity_id", how="left")
    name = pl.coalesce("canonical_name", "speaker_text").alias("name")
    return _top(joined.select(name).drop_nulls())


def events_by_type(events: pl.DataFrame) -> pl.DataFrame:
    return _top(events.select(pl.col("plover_type").alias("name")), n=None)


def _top(names: pl.DataFrame, n: int | None = TOP_N) -> pl.DataFrame:
    counts = names.group_by("name").len("n").sort(["n", "name"], descending=[True, False])
    return counts if n is None else counts.head(n)


def _no_data(ax: plt.Axes) -> None:
    ax.text(0.5, 0.5, "no data yet", ha="center", va="center", fontsize=16, color="grey")
    ax.set_xticks([])
    ax.set_yticks([])


def _barh(ax: plt.Axes, counts: pl.DataFrame) -> None:
    names = counts["name"].to_list()[::-1]  # largest on top
    ax.barh(names, counts["n"].to_list()[::-1], color="#4c72b0")
    ax.set_xlabel("count")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _per_day(ax: plt.Axes, counts: pl.DataFrame) -> None:
    for lang in sorted(counts["lang"].unique().to_list()):
        part = counts.filter(pl.col("lang") == lang)
        ax.plot(part["day"].to_list(), part["n"].to_list(), marker="o", label=lang)
    ax.set_ylabel("articles")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(title="language")
    ax.figure.autofmt_xdate()


def _save(path: Path, title: str, counts: pl.DataFrame, draw) -> None:
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    try:
        ax.set_title(title)
        if counts.is_empty():
            _no_data(ax)
        else:
            draw(ax, counts)
        fig.tight_layout()
        fig.savefig(path, format="png", metadata=PNG_METADATA)
    finally:
        plt.close(fig)


def write_figures(frames: dict[str, pl.DataFrame], folder: Path) -> list[str]:
    """Draw the card's figures into `folder`; returns their file names."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "articles_per_day.png": (articles_per_day(frames["articles"]), _per_day),
        "top_entities.png": (top_entities(frames["mentions"], frames["entities"]), _barh),
        "top_speakers.png": (top_speakers(frames["quotes"], frames["entities"]), _barh),
        "events_by_type.png": (events_by_type(frames["events"]), _barh),
    }
    for name, (counts, draw) in data.items():
        _save(folder / name, FIGURES[name], counts, draw)
    return list(data)
