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
import tempfile
import time
from pathlib import Path
from typing import Any

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


def measure(
    lang: str,
    path: str | Path,
    limit: int = 0,
    batch_size: int = 64,
    pipeline: str | None = None,
    share: tuple[int, int] = (0, 1),
    barrier: str | None = None,
    per_component: bool = True,
) -> dict:
    """Annotate the texts in this process; tokens/s for the whole pipeline and per part.

    `pipeline`: another pipeline for `lang` (package or folder, kronika.nlp.choice), e.g.
    the measured peer. `share` (k, n): only every n-th text from the k-th (one of n
    processes). `barrier`: a path prefix; after loading, write `<barrier>.ready<k>` and wait
    for `<barrier>.go`, so that parallel processes time the same stretch.
    """
    from kronika.nlp import load_pipeline

    if pipeline:
        from kronika.nlp.choice import configure

        configure({lang: pipeline})
    nlp = load_pipeline(lang)
    if nlp is None:
        raise SystemExit(f"no pipeline shipped for {lang}")
    texts = read_texts(path, limit)[share[0] :: share[1]]
    list(nlp.pipe(["Sveiki, pasaule. Hello world."] * 4))  # warm-up: lazy tables, matcher
    if barrier:
        Path(f"{barrier}.ready{share[0]}").touch()
        while not Path(f"{barrier}.go").exists():
            time.sleep(0.01)
    load_before = load_average()
    t0, c0, started = time.perf_counter(), time.process_time(), time.time()
    n_tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    finished = time.time()
    load_after = load_average()
    parts = {}
    for name in nlp.pipe_names if per_component else []:
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
        # How busy the machine was: a figure taken under load is not the model's speed.
        "load_average_before_after": [load_before, load_after],
        "cpu_count": os.cpu_count(),
        "threads": 1,
        "component_seconds_tokenizer_plus": parts,
        "pipeline": nlp.pipe_names,
        "model": model_name(nlp),
        "started": started,
        "finished": finished,
    }


def load_average() -> list[float]:
    """1/5/15-minute load averages (processes wanting a core), rounded."""
    return [round(x, 2) for x in os.getloadavg()]


def describe_load(result: dict) -> str:
    """'load 0.52 -> 1.10 (1-min average, 2 cores)' for a result of measure/run_processes."""
    before, after = result["load_average_before_after"]
    return f"load {before[0]} -> {after[0]} (1-min average, {result.get('cpu_count')} cores)"


def model_name(nlp) -> str:
    meta = nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}@{meta.get('version')}"


def _child_args(lang: str, path: str | Path | None, limit: int, **options: Any) -> list[str]:
    job = {"lang": lang, "path": str(path or DEFAULT_TEXTS[lang]), "limit": limit, **options}
    return [sys.executable, "-m", "kronika.nlp.bench", json.dumps(job)]


def run_isolated(
    lang: str, path: str | Path | None = None, limit: int = 0, pipeline: str | None = None
) -> dict:
    """`measure` in a fresh single-threaded process."""
    env = {**os.environ, **SINGLE_THREAD_ENV}
    args = _child_args(lang, path, limit, pipeline=pipeline)
    out = subprocess.run(args, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_processes(
    lang: str,
    processes: int,
    path: str | Path | None = None,
    limit: int = 0,
    pipeline: str | None = None,
) -> dict:
    """The texts shared among `processes` single-threaded processes that start timing
    together; tokens per wall-clock second of the whole stretch, and per CPU-second."""
    env = {**os.environ, **SINGLE_THREAD_ENV}
    load_before = load_average()
    with tempfile.TemporaryDirectory() as tmp:
        barrier = str(Path(tmp) / "bench")
        children = [
            subprocess.Popen(
                _child_args(
                    lang,
                    path,
                    limit,
                    pipeline=pipeline,
                    share=[k, processes],
                    barrier=barrier,
                    per_component=False,
                ),
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for k in range(processes)
        ]
        while not all(Path(f"{barrier}.ready{k}").exists() for k in range(processes)):
            if any(c.poll() not in (None, 0) for c in children):
                raise RuntimeError("a benchmark process failed")
            time.sleep(0.02)
        Path(f"{barrier}.go").touch()
        results = []
        for child in children:
            stdout, _ = child.communicate()
            if child.returncode:
                raise RuntimeError("a benchmark process failed")
            results.append(json.loads(stdout.strip().splitlines()[-1]))
    tokens = sum(r["tokens"] for r in results)
    wall = max(r["finished"] for r in results) - min(r["started"] for r in results)
    cpu = sum(r["cpu_seconds"] for r in results)
    return {
        "lang": lang,
        "model": results[0]["model"],
        "processes": processes,
        "docs": sum(r["docs"] for r in results),
        "tokens": tokens,
        "wall_seconds": round(wall, 3),
        "tokens_per_wall_s": round(tokens / wall),
        "tokens_per_cpu_s": round(tokens / cpu),
        "load_average_before_after": [load_before, load_average()],
        "cpu_count": os.cpu_count(),
    }


def side_by_side(
    lang: str,
    peer: str,
    processes: tuple[int, ...] = (1, 2),
    path: str | Path | None = None,
    limit: int = 0,
) -> dict:
    """Kronika's pipeline and `peer` (a pipeline of the same language) on the same texts with
    the same process counts, in one run; see `cross_language_side_by_side`."""
    return cross_language_side_by_side(lang, peer, lang, processes, path, limit)


def cross_language_side_by_side(
    lang: str,
    peer: str,
    peer_lang: str,
    processes: tuple[int, ...] = (1, 2),
    path: str | Path | None = None,
    limit: int = 0,
) -> dict:
    """Kronika's `lang` pipeline and a peer pipeline of `peer_lang` (the same language, or
    another: spaCy's small English model on Latvian news, as there is no Latvian peer) on the
    same `lang` texts, with the same process counts, alternating in one run (so that both see
    the same machine load); with the load average."""
    texts = path or DEFAULT_TEXTS[lang]
    before = load_average()
    rows = []
    for n in processes:
        for code, pipeline in ((lang, None), (peer_lang, peer)):
            row = run_processes(code, n, texts, limit, pipeline)
            row["system"] = "kronika" if pipeline is None else "peer"
            rows.append(row)
    return {
        "texts": str(texts),
        "cpu_count": os.cpu_count(),
        "load_average_before_after": [before, load_average()],
        "rows": rows,
    }


if __name__ == "__main__":
    job = json.loads(sys.argv[1])
    job["share"] = tuple(job.get("share", (0, 1)))
    print(json.dumps(measure(**job)))
