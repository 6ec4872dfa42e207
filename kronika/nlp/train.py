"""Training of the per-language pipelines: data preparation, two spaCy runs, assembly.

Two runs per language keep each run short and let NER have its own tok2vec:
``<lang>-ud.cfg`` (morphologizer, trainable lemmatizer, parser on all UD sentences) and
``<lang>-ner.cfg`` (NER on the NER-tagged sentences only). The NER component is then
sourced into the UD pipeline and Kronika's rule components are appended.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from kronika.nlp.data import VAL_PERCENT, build_split, sha256_file, write_docbin

REPO = Path(__file__).resolve().parents[2]
CONFIG_DIR = Path(__file__).resolve().parent / "configs"
DATA_DIR = REPO.parent / "shared" / "data"
UD_FILES = {"lv": "lv-train.conllu", "en": "en-train.conllu"}
DEV_FILES = {"lv": "lv-dev.conllu", "en": "en-dev.conllu"}
SEED = 42


@dataclass
class Prepared:
    lang: str
    work_dir: Path
    ud_train: Path
    ud_val: Path
    ner_train: Path
    ner_val: Path
    split_file: Path


def data_dir() -> Path:
    return DATA_DIR


def prepare_data(lang: str, work_dir: str | Path, limit: int = 0) -> Prepared:
    """Write train/val DocBins (UD and NER) and the split manifest for `lang`."""
    work = Path(work_dir)
    conllu = DATA_DIR / "ud" / UD_FILES[lang]
    dev = DATA_DIR / "ud" / DEV_FILES[lang]
    ud = build_split(conllu, lang, limit=limit, val_conllu=dev)
    ner = build_split(conllu, lang, ner_only=True, limit=limit, val_conllu=dev)
    prep = Prepared(
        lang,
        work,
        write_docbin(ud.train, work / "ud-train.spacy"),
        write_docbin(ud.val or ud.train[:1], work / "ud-val.spacy"),
        write_docbin(ner.train, work / "ner-train.spacy"),
        write_docbin(ner.val or ner.train[:1], work / "ner-val.spacy"),
        work / "split.json",
    )
    manifest = {
        "lang": lang,
        "source": str(conllu.relative_to(DATA_DIR.parent)),
        "source_sha256": sha256_file(conllu),
        "dev_source": str(dev.relative_to(DATA_DIR.parent)),
        "dev_source_sha256": sha256_file(dev),
        "val_rule": f'int(sha256("kronika-val\\t{lang}\\t" + doc_id)[:8], 16) % 100 '
        f"< {VAL_PERCENT[lang]} (documents of {UD_FILES[lang]}) + every document of "
        f"{DEV_FILES[lang]}",
        "limit": limit,
        "val_doc_ids": sorted(ud.val_ids),
        "train_doc_ids": sorted(ud.train_ids),
        "n_docs": {"ud_train": len(ud.train), "ud_val": len(ud.val)},
        "n_ner_docs": {"train": len(ner.train), "val": len(ner.val)},
    }
    prep.split_file.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return prep


def gazetteer_vectors(lang: str, work_dir: str | Path) -> Path:
    """The lexicon indicator vectors the `-gaz` NER configs read (kronika/nlp/features.py)."""
    from kronika.nlp.features import write_vectors_pipeline
    from kronika.nlp.lexicon import load_entries

    entries = load_entries(DATA_DIR / "lexicons", lang)
    return write_vectors_pipeline(entries, lang, Path(work_dir) / "gazvec")


def train_run(
    config: str | Path,
    train: Path,
    dev: Path,
    out_dir: str | Path,
    overrides: dict | None = None,
) -> Path:
    """One spaCy training run; returns the best model's directory."""
    from spacy.cli.train import train as spacy_train

    settings = {"paths.train": str(train), "paths.dev": str(dev), "system.seed": SEED}
    settings.update(overrides or {})
    out = Path(out_dir)
    spacy_train(Path(config), out, use_gpu=-1, overrides=settings)
    return out / "model-best"


def ner_train_docs(prep: Prepared) -> list:
    from spacy.tokens import DocBin

    nlp = spacy.blank(prep.lang)
    return list(DocBin().from_disk(prep.ner_train).get_docs(nlp.vocab))


def assemble(prep: Prepared, ud_model: Path, ner_model: Path, lexicon_dir: Path) -> Language:
    """UD pipeline + sourced NER + Kronika's rule components (tokenizer fixes included)."""
    from kronika.nlp import components
    from kronika.nlp.lexicon import load_entries

    nlp = spacy.load(ud_model)
    ner_nlp = spacy.load(ner_model)
    if ner_nlp.vocab.vectors.shape[0]:  # gazetteer features: NER needs its vectors
        nlp.vocab.vectors = ner_nlp.vocab.vectors
    nlp.add_pipe("ner", source=ner_nlp)
    components.customise_tokenizer(nlp)
    memory = components.label_memory(ner_train_docs(prep))
    if prep.lang == "en":  # GUM's `place` is LOC or GPE: let the lexicon decide those
        memory = {k: v for k, v in memory.items() if v != "LOC"}
    components.add_rule_components(nlp, load_entries(lexicon_dir, prep.lang), memory)
    if prep.lang == "lv":  # name-head/apposition tables of the training docs, lv span rules
        from kronika.nlp import lv_rules

        manifest = json.loads(prep.split_file.read_text(encoding="utf-8"))
        lv_rules.configure(nlp, DATA_DIR / "ud" / UD_FILES["lv"], manifest["val_doc_ids"])
    nlp.meta.update(MODEL_META)
    nlp.meta["name"] = "kronika"
    nlp.meta["version"] = MODEL_VERSION
    nlp.meta["sources"] = SOURCES[prep.lang]
    return nlp


RULE_COMPONENTS = ("kronika_senter", "kronika_ent_fix", "kronika_doc_names", "kronika_lemma_fix")


def replace_ner(
    lang: str,
    model: Path,
    ner_model: Path,
    ner_train: Path,
    lexicon_dir: Path,
    version: str,
) -> Language:
    """An existing pipeline with a newly trained NER: the UD components are kept as they
    are, `ner` and Kronika's rule components are removed, the new NER is sourced with its
    gazetteer vectors and the rule components are added again (tables rebuilt from
    `ner_train` and the lexicons; English gets ``kronika_senter`` before the parser and
    ``kronika_doc_names`` after ``kronika_ent_fix``)."""
    from spacy.tokens import DocBin

    from kronika.nlp import components
    from kronika.nlp.lexicon import load_entries

    nlp = spacy.load(model)
    for name in ("ner", *RULE_COMPONENTS):
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    ner_nlp = spacy.load(ner_model)
    if ner_nlp.vocab.vectors.shape[0]:  # gazetteer features: NER needs its vectors
        nlp.vocab.vectors = ner_nlp.vocab.vectors
    nlp.add_pipe("ner", source=ner_nlp)
    if lang == "en":  # rule sentence starts, kept by the parser (kronika/nlp/senter.py)
        nlp.add_pipe("kronika_senter", before="parser")
    docs = list(DocBin().from_disk(ner_train).get_docs(nlp.vocab))
    memory = components.label_memory(docs)
    if lang == "en":  # `place`/LOC is LOC or GPE: let the lexicon decide those
        memory = {k: v for k, v in memory.items() if v != "LOC"}
    components.add_rule_components(nlp, load_entries(lexicon_dir, lang), memory)
    if lang == "en":  # document-level name consistency (kronika/nlp/docnames.py)
        nlp.add_pipe("kronika_doc_names", after="kronika_ent_fix")
    nlp.meta["version"] = version
    return nlp


def save_model(nlp: Language, prep: Prepared, out_dir: str | Path) -> Path:
    """Write the pipeline and its split manifest (needed by `kronika eval --split val`)."""
    import shutil

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if out.exists():
        for child in out.iterdir():  # keep README.md written separately
            if child.name != "README.md":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    nlp.to_disk(out)
    shutil.copy(prep.split_file, out / "split.json")
    for cfg in CONFIG_DIR.glob(f"{prep.lang}-*.cfg"):  # the configs, next to the model
        shutil.copy(cfg, out / f"train-{cfg.name}")
    return out


MODEL_VERSION = "0.2.0"
MODEL_META = {
    "description": "Kronika news pipeline: tokenizer fixes, morphologizer, trainable lemmatizer, "
    "parser, NER, Kronika rule components (label post-correction, gazetteer ruler, "
    "proper-name lemmas). Trained from ../shared/data only.",
    "author": "Kronika contributors",
    "license": "CC BY-SA 4.0",
}
SOURCES = {
    "lv": [
        {
            "name": "UD Latvian LVTB (v2.12 test, v2.17 dev) and FullStack-LV UD/NE layers",
            "license": "CC BY-SA 4.0",
            "author": "AiLab, IMCS, University of Latvia",
        },
        {
            "name": "Kronika lexicons (countries, cities, towns: ODbL-1.0; organisations: "
            "CC BY-SA 4.0)",
            "license": "ODbL-1.0 / CC BY-SA 4.0",
        },
    ],
    "en": [
        {"name": "UD English EWT v2.16", "license": "CC BY-SA 4.0", "author": "Stanford et al."},
        {"name": "GUM (annotations)", "license": "CC BY 4.0", "author": "Zeldes et al."},
        {
            "name": "Kronika lexicons (countries, cities: ODbL-1.0; organisations: CC BY-SA 4.0)",
            "license": "ODbL-1.0 / CC BY-SA 4.0",
        },
    ],
}


def training_record(prep: Prepared, overrides: dict, timings: dict, ner_config: str) -> dict:
    """Exact inputs of a training: configs, data hashes, seed, versions, timings."""
    manifest = json.loads(prep.split_file.read_text(encoding="utf-8"))
    lex = DATA_DIR / "lexicons"
    configs = {
        f"{prep.lang}-{p}.cfg": CONFIG_DIR / f"{prep.lang}-{p}.cfg" for p in ("ud", ner_config)
    }
    return {
        "lang": prep.lang,
        "seed": SEED,
        "ner_config": f"{prep.lang}-{ner_config}.cfg",
        "spacy": spacy.__version__,
        "configs": {name: sha256_file(p) for name, p in configs.items()},
        "overrides": overrides,
        "data": {manifest["source"]: manifest["source_sha256"]}
        | {f"data/lexicons/{p.name}": sha256_file(p) for p in sorted(lex.glob("*.tsv"))},
        "val_rule": manifest["val_rule"],
        "limit": manifest["limit"],
        "docs": {"train": len(manifest["train_doc_ids"]), "val": len(manifest["val_doc_ids"])},
        "spacy_docs": manifest["n_docs"]
        | {f"ner_{k}": v for k, v in manifest["n_ner_docs"].items()},
        "timings_s": timings,
    }
