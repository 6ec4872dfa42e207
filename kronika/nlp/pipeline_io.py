"""Small shared helpers for the train/eval/bench commands (paths, split manifests)."""

from __future__ import annotations

import json
from pathlib import Path

from kronika.nlp import MODELS_DIR

REPO = MODELS_DIR.parent
LEXICON_DIR = REPO.parent / "shared" / "data" / "lexicons"


def read_manifest(model_path: Path) -> dict | None:
    path = model_path / "split.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
