"""End-to-end: the flow over one folder mixing HTML, text, JSONL and broken files.

The HTML page's main text (not its menu, cookie notice or footer) must reach `articles`;
every broken file must become a reject with its reason; nothing is dropped.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from kronika.store.layout import Layout
from kronika.store.parquet import read_table

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_api")]

MAIN_PARAGRAPHS = [
    "Rīgas domes sēdē trešdien deputāti apstiprināja jauno sabiedriskā transporta plānu, "
    "kas paredz vairāk tramvaju reisu Pārdaugavā un Purvciemā.",
    "Satiksmes departamenta vadītājs Jānis Bērziņš sacīja, ka pirmās izmaiņas pasažieri "
    "pamanīs jau septembrī, kad kursēs arī jauni elektrobusi.",
    "Plāna izstrādē piedalījās Rīgas Tehniskās universitātes pētnieki, kuri divus gadus "
    "skaitīja pasažierus visās pilsētas pieturās un salīdzināja maršrutu noslodzi.",
    "Opozīcijas deputāti kritizēja plānu, norādot, ka tas neatrisina sastrēgumus "
    "Brīvības ielā, tomēr balsojumā to atbalstīja četrdesmit deputāti.",
]
BOILERPLATE = ("Pieteikties jaunumiem", "Mēs izmantojam sīkdatnes", "Visas tiesības aizsargātas")

ARTICLE_HTML = f"""<!doctype html>
<html lang="lv"><head><meta charset="utf-8">
<title>Rīgā apstiprina jauno transporta plānu</title></head>
<body>
<header><nav><a href="/">Sākums</a> <a href="/zinas">Ziņas</a>
<a href="/sports">Sports</a> <a href="/pieteikties">Pieteikties jaunumiem</a></nav></header>
<div class="cookie-banner">Mēs izmantojam sīkdatnes, lai uzlabotu vietnes darbību.</div>
<main><article>
<h1>Rīgā apstiprina jauno transporta plānu</h1>
{"".join(f"<p>{p}</p>" for p in MAIN_PARAGRAPHS)}
</article></main>
<footer><p>© 2026 Ziņu portāls. Visas tiesības aizsargātas.</p></footer>
</body></html>
"""
# Markup with no text in it: a script and an empty body.
EMPTY_PAGE_HTML = "<html><head><script>var a = 1;</script></head><body><div></div></body></html>"


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "article.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (inbox / "empty-page.html").write_text(EMPTY_PAGE_HTML, encoding="utf-8")
    (inbox / "note.txt").write_text(
        "Liepājā šodien atklāja jaunu koncertzāli. Atklāšanā piedalījās simtiem cilvēku.\n",
        encoding="utf-8",
    )
    good = {"text": "NATO ministers met in Brussels on Tuesday. They discussed air defence."}
    (inbox / "feed.jsonl").write_text(json.dumps(good) + "\n{broken json\n", encoding="utf-8")
    (inbox / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.4 not an article")
    return inbox


def test_flow_mixed_folder_html_main_text_in_articles(mixed_folder: Path, tmp_path: Path) -> None:
    from flows.run import kronika_run

    out = tmp_path / "out"
    summary = kronika_run(inputs=[str(mixed_folder)], out=str(out), progress=False)
    assert summary["balanced"]
    assert (summary["articles"], summary["rejects"]) == (3, 4)

    con = duckdb.connect(str(out / "kronika.duckdb"), read_only=True)
    query = "SELECT input_uri, lang, title, text FROM articles ORDER BY input_uri"
    rows = con.sql(query).fetchall()
    con.close()
    by_uri = {uri: (lang, title, text) for uri, lang, title, text in rows}
    assert sorted(by_uri) == ["inbox/article.html", "inbox/feed.jsonl", "inbox/note.txt"]
    lang, title, text = by_uri["inbox/article.html"]
    assert (lang, title) == ("lv", "Rīgā apstiprina jauno transporta plānu")
    for paragraph in MAIN_PARAGRAPHS:
        assert paragraph in text
    assert not any(noise in text for noise in BOILERPLATE)
    assert by_uri["inbox/feed.jsonl"][0] == "en" and by_uri["inbox/note.txt"][0] == "lv"

    rejects = read_table(Layout.at(out), "rejects")
    reasons = dict(zip(rejects["input_uri"], rejects["reason"], strict=True))
    assert reasons == {
        "inbox/empty-page.html": "no_main_text",
        "inbox/feed.jsonl": "malformed_json",
        "inbox/binary.txt": "binary",
        "inbox/scan.pdf": "unknown_format",
    }

    mentions = read_table(Layout.at(out), "mentions")
    articles = read_table(Layout.at(out), "articles")
    html_id = articles.filter(articles["input_uri"] == "inbox/article.html")["article_id"][0]
    surfaces = set(mentions.filter(mentions["article_id"] == html_id)["surface"].to_list())
    assert any("Rīga" in s for s in surfaces), surfaces  # the HTML text went through NLP too
