"""Start-up environment check: a missing backend stops `kronika run` with one line, exit 2."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kronika.nlp
from kronika.envcheck import (
    EnvironmentProblem,
    check_run_environment,
    requirement_of,
    run_problems,
)


@pytest.fixture
def mixed_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_text(
        "<html><body><article><p>Rīga ir Latvijas galvaspilsēta.</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "note.txt").write_text("Rīga ir Latvijas galvaspilsēta.\n", encoding="utf-8")
    return folder


@pytest.fixture
def text_only(tmp_path: Path) -> Path:
    folder = tmp_path / "txt"
    folder.mkdir()
    (folder / "note.txt").write_text("Rīga ir Latvijas galvaspilsēta.\n", encoding="utf-8")
    return folder


def hide(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    """Make `import module` fail as if the package were not installed."""
    monkeypatch.setitem(sys.modules, module, None)


def test_healthy_environment_has_no_problem(mixed_inputs: Path) -> None:
    assert run_problems([mixed_inputs]) == []
    check_run_environment([mixed_inputs])  # does not raise


@pytest.mark.parametrize(
    ("module", "package"),
    [
        ("lxml_html_clean", "lxml_html_clean"),
        ("lxml.html.clean", "lxml_html_clean"),
        ("trafilatura", "trafilatura"),
        ("lingua", "lingua-language-detector"),
        ("spacy", "spacy"),
        ("pyarrow", "pyarrow"),
        ("duckdb", "duckdb"),
        ("polars", "polars"),
        ("prefect", "prefect"),
    ],
)
def test_missing_backend_is_one_line_naming_the_package(
    monkeypatch: pytest.MonkeyPatch, mixed_inputs: Path, module: str, package: str
) -> None:
    hide(monkeypatch, module)
    with pytest.raises(EnvironmentProblem) as info:
        check_run_environment([mixed_inputs])
    message = str(info.value)
    assert "\n" not in message
    assert f"'{package}'" in message and f"import {module} failed" in message
    assert "pip install" in message and "make setup" in message


@pytest.mark.parametrize(
    ("module", "extract", "inputs"),
    [
        ("lxml_html_clean", True, "text_only"),  # no HTML input: no HTML backend needed
        ("trafilatura", True, "text_only"),
        ("spacy", False, "mixed_inputs"),  # --no-extract: no NLP needed
    ],
)
def test_backend_not_needed_is_not_checked(
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    module: str,
    extract: bool,
    inputs: str,
) -> None:
    folder = request.getfixturevalue(inputs)
    hide(monkeypatch, module)
    assert run_problems([folder], extract=extract) == []


def test_missing_shipped_pipeline(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text_only: Path
) -> None:
    monkeypatch.setattr(kronika.nlp, "MODELS_DIR", tmp_path / "no-models")
    problems = run_problems([text_only])
    assert len(problems) == 2 and all("kronika train" in p for p in problems)
    with pytest.raises(EnvironmentProblem, match=r"'lv' is missing .* \(and 1 more problem"):
        check_run_environment([text_only])
    assert run_problems([text_only], extract=False) == []
    # a language with a user-chosen pipeline does not need the shipped one
    assert len(run_problems([text_only], chosen=["lv"])) == 1
    assert run_problems([text_only], chosen=["lv", "en"]) == []


def test_requirement_of_falls_back_to_the_name() -> None:
    assert requirement_of("no-such-package-xyz") == "no-such-package-xyz"
    assert requirement_of("spacy").startswith("spacy")


def test_run_stops_before_any_work(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mixed_inputs: Path
) -> None:
    from kronika.cli import app

    hide(monkeypatch, "lxml_html_clean")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(mixed_inputs), "--out", str(out)])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "lxml_html_clean" in lines[0] and "pip install" in lines[0]
    assert not out.exists()  # nothing written: no tables, no rejects, no lock file
    assert sorted(p.name for p in mixed_inputs.iterdir()) == ["note.txt", "page.html"]
