"""Licences and attribution of the material a release is derived from.

Copied from the READMEs of the shared data folders (gold, ud, lexicons, news-text); keep the two
in step when a source is added. The release's own licence is CC BY-SA 4.0 because ShareAlike
material (FullStack-LV / LVTB, supraverden) flows into it.
"""

from __future__ import annotations

RELEASE_LICENSE = {
    "name": "CC-BY-SA-4.0",
    "path": "https://creativecommons.org/licenses/by-sa/4.0/",
    "title": "Creative Commons Attribution-ShareAlike 4.0 International",
}

# Data Package `sources` entries, plus `licence` and `used_for` for the dataset card.
SOURCES: list[dict[str, str]] = [
    {
        "title": "FullStack-LV (Latvian multilayer corpus), AiLab IMCS University of Latvia",
        "path": "https://github.com/LUMII-AILab/FullStack",
        "licence": "CC BY-SA 4.0",
        "attribution": (
            "© AiLab, Institute of Mathematics and Computer Science, University of Latvia. "
            "Gruzitis et al., Creation of a balanced state-of-the-art multilayer corpus for NLU, "
            "LREC 2018."
        ),
        "used_for": "Latvian news text, Latvian gold annotations (evaluation), model training",
    },
    {
        "title": "Latvian UD Treebank (UD_Latvian-LVTB)",
        "path": "https://github.com/UniversalDependencies/UD_Latvian-LVTB",
        "licence": "CC BY-SA 4.0",
        "attribution": (
            "© AiLab, Institute of Mathematics and Computer Science, University of Latvia."
        ),
        "used_for": "training the Latvian pipeline (tokens, lemmas, morphology, dependencies)",
    },
    {
        "title": "GUM corpus (Georgetown University Multilayer Corpus), Wikinews documents",
        "path": "https://github.com/amir-zeldes/gum",
        "licence": "texts CC BY 2.5 (Wikinews); annotations CC BY 4.0",
        "attribution": (
            "Zeldes, Amir (2017), The GUM Corpus: Creating Multilayer Resources in the Classroom, "
            "Language Resources and Evaluation 51(3). Texts from Wikinews (see each article's uri)."
        ),
        "used_for": "English news text and English gold annotations (evaluation)",
    },
    {
        "title": "UD English EWT",
        "path": "https://github.com/UniversalDependencies/UD_English-EWT",
        "licence": "CC BY-SA 4.0",
        "attribution": (
            "© 2013–2021 The Board of Trustees of the Leland Stanford Junior University."
        ),
        "used_for": "training the English pipeline",
    },
    {
        "title": "Country and city lexicons (dr5hn/countries-states-cities-database, mledoze)",
        "path": "https://github.com/dr5hn/countries-states-cities-database",
        "licence": "ODbL-1.0",
        "attribution": (
            "Contains information from dr5hn/countries-states-cities-database and "
            "mledoze/countries, made available under the ODbL; also Natural Earth (public domain), "
            "Unicode CLDR, iso-codes/pycountry and the EU Publications Office authority tables."
        ),
        "used_for": "linking places to canonical entities and Wikidata ids",
    },
    {
        "title": "Organisation lexicon (confirmordeny/supraverden)",
        "path": "https://github.com/confirmordeny/supraverden",
        "licence": "CC BY-SA 4.0",
        "attribution": "supraverden general_list (QIDs from Wikidata, CC0).",
        "used_for": "linking organisations to canonical entities and Wikidata ids",
    },
]

LICENSES: list[dict[str, str]] = [
    RELEASE_LICENSE,
    {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0 (GUM annotations)",
    },
    {
        "name": "CC-BY-2.5",
        "path": "https://creativecommons.org/licenses/by/2.5/",
        "title": "Creative Commons Attribution 2.5 (Wikinews texts)",
    },
    {
        "name": "ODbL-1.0",
        "path": "https://opendatacommons.org/licenses/odbl/1-0/",
        "title": "Open Database License 1.0 (country and city lexicons)",
    },
]


def datapackage_sources() -> list[dict[str, str]]:
    """Sources in Data Package form (title, path, plus a free-text licence note)."""
    return [
        {"title": s["title"], "path": s["path"], "description": f"Licence: {s['licence']}."}
        for s in SOURCES
    ]
