"""Smoke training through `kronika train` on a tiny slice (seconds, not minutes)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kronika.cli import app


@pytest.mark.flow
def test_nlp_train_smoke(tmp_path) -> None:
    out, work = tmp_path / "model", tmp_path / "work"
    result = CliRunner().invoke(
        app,
        [
            "train",
            "lv",
            "--limit",
            "120",
            "--max-steps",
            "2",
            "--out",
            str(out),
            "--work",
            str(work),
            "--no-evaluate",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (out / "config.cfg").exists() and (out / "split.json").exists()
    training = json.loads((out / "training.json").read_text())
    assert training["seed"] == 42 and training["limit"] == 120
    assert "Training record" in (out / "README.md").read_text()

    import spacy

    from kronika.nlp import components  # noqa: F401

    nlp = spacy.load(out)
    assert nlp.pipe_names[-2:] == ["kronika_ent_fix", "kronika_lemma_fix"]
    assert nlp("Rīgā 2024. gadā").text == "Rīgā 2024. gadā"
