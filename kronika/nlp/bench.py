"""`kronika bench nlp`: throughput of the shipped pipelines on plain news text.

Runs in a child process with every BLAS/OpenMP pool at one thread and divides by that
process's CPU time, so the figure is tokens per second *per core* (wall-clock rate too).
Texts are read once and annotated once (no repeats: the tokenizer cache would flatter
the result).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
DEFAULT_TEXTS = {lang: SHARED / "raw" / "news-text" / f"{lang}.jsonl" for lang in ("lv", "en")}
SINGLE_THREAD_ENV = {
    k: "1"
    for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")
}


def read_texts(path: str | Path, limit: int = 0) -> list[str]:
    texts = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                texts.append(json.loads(line)["text"])
            if limit and len(texts) >= limit:
                break
    return texts


def measure(lang: str, path: str | Path, limit: int = 0, batch_size: int = 64) -> dict:
    """Annotate the texts in this process; tokens/s for the whole pipeline and per part."""
    from kronika.nlp import load_pipeline

    nlp = load_pipeline(lang)
    if nlp is None:
        raise SystemExit(f"no pipeline shipped for {lang}")
    texts = read_texts(path, limit)
    list(nlp.pipe(["Sveiki, pasaule. Hello world."] * 4))  # warm-up: lazy tables, matcher
    t0, c0 = time.perf_counter(), time.process_time()
    n_tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    parts = {}
    for name in nlp.pipe_names:
        others = [p for p in nlp.pipe_names if p != name]
        with nlp.select_pipes(disable=others):
            t = time.process_time()
            for _ in nlp.pipe(texts, batch_size=batch_size):
                pass
            parts[name] = round(time.process_time() - t, 3)
    return {
        "lang": lang,
        "texts": str(path),
        "docs": len(texts),
        "chars": sum(len(t) for t in texts),
        "tokens": n_tokens,
        "seconds": round(seconds, 3),
        # Per core = per CPU-second of this single-threaded process: on a shared machine
        # wall time also counts the time other processes held the core.
        "tokens_per_s": round(n_tokens / cpu_seconds),
        "cpu_seconds": round(cpu_seconds, 3),
        "tokens_per_wall_s": round(n_tokens / seconds),
        "threads": 1,
        "component_seconds_tokenizer_plus": parts,
        "pipeline": nlp.pipe_names,
    }


def run_isolated(lang: str, path: str | Path | None = None, limit: int = 0) -> dict:
    """`measure` in a fresh single-threaded process."""
    env = {**os.environ, **SINGLE_THREAD_ENV}
    args = [
        sys.executable,
        "-m",
        "kronika.nlp.bench",
        lang,
        str(path or DEFAULT_TEXTS[lang]),
        str(limit),
    ]
    out = subprocess.run(args, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    lang_arg, path_arg, limit_arg = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print(json.dumps(measure(lang_arg, path_arg, limit_arg)))
