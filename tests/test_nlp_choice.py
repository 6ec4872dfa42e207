"""Pluggable pipelines (kronika.nlp.choice): choosing, checking and label-mapping a pipeline.

Pipelines are tiny untrained spaCy pipelines built here and saved to tmp: no downloads.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from kronika import nlp as knlp  # noqa: E402
from kronika.nlp import choice  # noqa: E402


def _tiny(path: Path, parts: tuple[str, ...], labels: tuple[str, ...] = ("PERSON",)) -> Path:
    nlp = spacy.blank("en")
    for part in parts:
        pipe = nlp.add_pipe(part)
        if part == "ner":
            for label in labels:
                pipe.add_label(label)
        elif part == "morphologizer":
            pipe.add_label("POS=PROPN")
        elif part == "parser":
            pipe.add_label("nsubj")
    nlp.initialize()
    nlp.meta["name"] = "tiny"
    nlp.meta["version"] = "9.9.9"
    nlp.to_disk(path)
    return path


@pytest.fixture
def clean_choice() -> Iterator[None]:
    choice.configure(None)
    yield
    choice.configure(None)


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("en=en_core_web_trf", ("en", "en_core_web_trf")),
        (" en = ./models/x ", ("en", "./models/x")),
        ("lv=/abs/path", ("lv", "/abs/path")),
    ],
)
def test_parse_choice_accepts(option: str, expected: tuple[str, str]) -> None:
    assert choice.parse_choice(option) == expected


@pytest.mark.parametrize("option", ["en", "en=", "=x", "de=de_core_news_sm", ""])
def test_parse_choice_refuses(option: str) -> None:
    with pytest.raises(choice.PipelineError):
        choice.parse_choice(option)


def test_config_file_paths_relative_to_file(tmp_path: Path) -> None:
    cfg = tmp_path / "kronika.toml"
    cfg.write_text('[pipelines]\nen = "pipes/en"\nlv = "lv_pkg"\n', encoding="utf-8")
    assert choice.read_config(cfg) == {"en": str(tmp_path / "pipes" / "en"), "lv": "lv_pkg"}
    cfg.write_text("[pipelines]\nen = 3\n", encoding="utf-8")
    with pytest.raises(choice.PipelineError):
        choice.read_config(cfg)
    cfg.write_text("[pipelines\n", encoding="utf-8")
    with pytest.raises(choice.PipelineError):
        choice.read_config(cfg)


@pytest.mark.parametrize(
    ("parts", "missing"),
    [
        (("parser", "morphologizer"), "NER"),
        (("morphologizer", "ner"), "parser"),
        (("parser", "ner"), "morphology"),
        ((), "NER, parser, morphology"),
    ],
)
def test_refuses_pipeline_lacking_a_part(
    tmp_path: Path, clean_choice: None, parts: tuple[str, ...], missing: str
) -> None:
    path = _tiny(tmp_path / "p", parts)
    with pytest.raises(choice.PipelineError, match=f"lacks {missing} "):
        choice.configure({"en": str(path)})
    assert choice.chosen() == {}  # a refused choice leaves the shipped pipelines in place


def test_refuses_wrong_language_unknown_label_and_missing_package(
    tmp_path: Path, clean_choice: None
) -> None:
    path = _tiny(tmp_path / "p", ("morphologizer", "parser", "ner"))
    with pytest.raises(choice.PipelineError, match="for language 'en', not 'lv'"):
        choice.configure({"lv": str(path)})
    odd = _tiny(tmp_path / "odd", ("morphologizer", "parser", "ner"), ("SPORTS_TEAM",))
    with pytest.raises(choice.PipelineError, match="SPORTS_TEAM"):
        choice.configure({"en": str(odd)})
    with pytest.raises(choice.PipelineError, match="cannot load"):
        choice.configure({"en": "no_such_pipeline_package_xyz"})
    assert "\n" not in str(choice.PipelineError("x"))


def test_chosen_pipeline_is_used_versioned_and_labels_mapped(
    tmp_path: Path, clean_choice: None
) -> None:
    path = _tiny(tmp_path / "p", ("morphologizer", "parser", "ner"))
    choice.configure({"en": str(path)})
    nlp = knlp.load_pipeline("en")
    assert nlp.pipe_names[-1] == choice.LABEL_MAP_COMPONENT
    assert knlp.model_versions()["en"] == "en_tiny@9.9.9"
    doc = knlp.annotate(["Ada Lovelace wrote."], "en")[0]
    assert doc.user_data["kronika_model"] == "en_tiny@9.9.9"
    # The label map itself, on a hand-made Doc with OntoNotes labels.
    from spacy.tokens import Span

    doc = spacy.blank("en")("Ada met Americans at Wembley in London on Monday")
    doc.ents = [
        Span(doc, 0, 1, "PERSON"),
        Span(doc, 2, 3, "NORP"),
        Span(doc, 4, 5, "FAC"),
        Span(doc, 6, 7, "GPE"),
        Span(doc, 8, 9, "DATE"),
    ]
    mapped = choice.map_doc_labels(doc, "ontonotes")
    assert [(e.text, e.label_) for e in mapped.ents] == [
        ("Ada", "PER"),
        ("Wembley", "LOC"),
        ("London", "GPE"),
    ]


def test_no_choice_means_shipped(clean_choice: None) -> None:
    versions = knlp.model_versions()
    for lang, version in versions.items():
        assert "_kronika@" in version, (lang, version)


def test_cli_refuses_an_unusable_pipeline_with_exit_2(tmp_path: Path, clean_choice: None) -> None:
    from typer.testing import CliRunner

    from kronika.cli.app import app

    text = tmp_path / "a.txt"
    text.write_text("Hello John.\n", encoding="utf-8")
    bad = _tiny(tmp_path / "bad", ("parser", "ner"))
    for option in (f"en={bad}", "en", "en=no_such_pipeline_package_xyz"):
        args = ["run", str(text), "-o", str(tmp_path / "out"), "--pipeline", option]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, (option, result.output)
    cfg = tmp_path / "kronika.toml"
    cfg.write_text('[pipelines]\nen = "./bad"\n', encoding="utf-8")
    args = ["run", str(text), "-o", str(tmp_path / "out"), "--config", str(cfg)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "lacks morphology" in result.output
    assert not (tmp_path / "out").exists()  # refused before any work


@pytest.mark.flow
def test_flow_parameter_refuses_an_unusable_pipeline(
    tmp_path: Path, clean_choice: None, prefect_api: None
) -> None:
    from flows.run import kronika_run

    text = tmp_path / "a.txt"
    text.write_text("Hello John.\n", encoding="utf-8")
    bad = _tiny(tmp_path / "bad", ("morphologizer", "ner"))
    with pytest.raises(choice.PipelineError, match="lacks parser"):
        kronika_run(
            [str(text)], out=str(tmp_path / "out"), progress=False, pipelines={"en": str(bad)}
        )
    assert not (tmp_path / "out").exists()
