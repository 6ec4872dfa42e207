"""Peak memory of annotating one long article: ``python -m kronika.nlp.memory_bench``.

Each size runs in a fresh child process (peak RSS is a per-process high-water mark): the
child loads the pipeline, notes its RSS, builds a single-line article of the given size from
the bundled seed article (line breaks turned into spaces, the worst case for cutting: no
paragraphs), annotates it with `kronika.nlp.annotate` and reports `ru_maxrss`. `--whole`
annotates it as one Doc instead (the behaviour before kronika.nlp.pieces), for comparison.
Prints a Markdown table (the one in docs/performance.md) and, with --json, the raw rows.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "raw" / "lv" / "nato-tokyo.txt"
DEFAULT_SIZES_MB = (0.1, 1.0, 5.0)


def single_line_article(n_chars: int) -> str:
    """The seed article on one line, repeated with varied years, cut to `n_chars` at a space."""
    base = " ".join(SEED.read_text(encoding="utf-8").split())
    parts, size, i = [], 0, 0
    while size < n_chars:
        part = base.replace("2023", str(1990 + i % 40))
        parts.append(part)
        size += len(part) + 1
        i += 1
    text = " ".join(parts)
    cut = text.rfind(" ", 0, n_chars)
    return text[: cut if cut > 0 else n_chars]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure_here(lang: str, n_chars: int, whole: bool) -> dict:
    """Annotate one article in this process; RSS after loading and at the peak (MiB)."""
    from kronika.nlp import annotate, load_pipeline

    nlp = load_pipeline(lang)
    if nlp is None:
        raise SystemExit(f"no pipeline for {lang!r}")
    nlp("Sagatavošana.")  # first call allocates the model's buffers: part of the baseline
    text = single_line_article(n_chars)
    loaded = _peak_rss_mb()
    began = time.perf_counter()
    if whole:
        nlp.max_length = len(text) + 1
        doc = nlp(text)
    else:
        [doc] = annotate([text], lang)
    return {
        "lang": lang,
        "mode": "whole" if whole else "pieces",
        "chars": len(text),
        "tokens": len(doc),
        "entities": len(doc.ents),
        "seconds": round(time.perf_counter() - began, 1),
        "rss_loaded_mb": round(loaded),
        "peak_rss_mb": round(_peak_rss_mb()),
    }


def measure_in_child(lang: str, n_chars: int, whole: bool) -> dict:
    cmd = [sys.executable, "-m", "kronika.nlp.memory_bench", "--child", str(n_chars)]
    cmd += ["--lang", lang] + (["--whole"] if whole else [])
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        return {"lang": lang, "chars": n_chars, "error": f"exit {done.returncode}: {tail[0]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def markdown(rows: list[dict]) -> str:
    lines = [
        "| characters | mode | tokens | seconds | RSS after load (MiB) | peak RSS (MiB) |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        size = f"{r['chars']:,}"
        if "error" in r:
            lines.append(f"| {size} | {r.get('mode', '')} | | | | {r['error']} |")
            continue
        lines.append(
            f"| {size} | {r['mode']} | {r['tokens']:,} | {r['seconds']} "
            f"| {r['rss_loaded_mb']:,} | {r['peak_rss_mb']:,} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kronika.nlp.memory_bench")
    parser.add_argument("--sizes", type=float, nargs="+", default=list(DEFAULT_SIZES_MB))
    parser.add_argument("--lang", default="lv")
    parser.add_argument("--whole", action="store_true", help="one Doc, no pieces (old way)")
    parser.add_argument("--json", action="store_true", help="also print the raw rows")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(measure_here(args.lang, args.child, args.whole)))
        return 0
    rows = []
    for mb in args.sizes:
        rows.append(measure_in_child(args.lang, int(mb * 1_000_000), args.whole))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(markdown(rows))
    if args.json:
        print(json.dumps(rows, indent=1))
    return 0 if all("error" not in r for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
