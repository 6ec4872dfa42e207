"""Bare `nlp.pipe` over the benchmark texts: the floor `kronika run` is compared with.

Run as a fresh process (``python -m kronika.bench.bare FILE... --processes N``) so that it pays
the same model loading as the pipeline does, and prints one JSON line. Texts go to the shipped
pipeline of their corpus language, with the same batch size the pipeline uses and the same
number of processes (`n_process`) as the pipeline's workers. Docs are counted, nothing else.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

PIPE_BATCH_SIZE = 64  # as kronika.nlp.annotate


def texts_by_lang(paths: list[Path]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    record = json.loads(line)
                    out.setdefault(record["lang"], []).append(record["text"])
    return out


def count_tokens(paths: list[Path]) -> dict:
    """Tokens of the texts from the pipelines' tokenizers alone (sizes run without bare)."""
    from kronika.nlp import load_pipeline

    tokens = docs = 0
    for lang, texts in texts_by_lang(paths).items():
        nlp = load_pipeline(lang)
        if nlp is None:
            raise SystemExit(f"no pipeline shipped for {lang}")
        for doc in nlp.tokenizer.pipe(texts, batch_size=PIPE_BATCH_SIZE):
            tokens += len(doc)
            docs += 1
    return {"docs": docs, "tokens": tokens}


def annotate_bare(paths: list[Path], processes: int) -> dict:
    from kronika.nlp import load_pipeline

    began = time.perf_counter()
    groups = texts_by_lang(paths)
    pipelines = {lang: load_pipeline(lang) for lang in groups}
    loaded = time.perf_counter()
    tokens = docs = 0
    for lang, texts in groups.items():
        nlp = pipelines[lang]
        if nlp is None:
            raise SystemExit(f"no pipeline shipped for {lang}")
        nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
        for doc in nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE, n_process=processes):
            tokens += len(doc)
            docs += 1
    done = time.perf_counter()
    return {
        "docs": docs,
        "tokens": tokens,
        "processes": processes,
        "load_s": round(loaded - began, 3),
        "annotate_s": round(done - loaded, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--tokens-only", action="store_true", help="Count tokens, no NLP.")
    args = parser.parse_args()
    if args.tokens_only:
        print(json.dumps(count_tokens(args.files)))
    else:
        print(json.dumps(annotate_bare(args.files, args.processes)))


if __name__ == "__main__":
    main()
