"""`kronika bench`: the whole pipeline at several corpus sizes, against bare `nlp.pipe`.

For each size the corpus (kronika.bench.corpus) is written as an inbox, then, each in a fresh
process as a user would run them:
1. an empty `kronika run` (the fixed start-up cost, with Prefect's database already created);
2. `kronika run inbox --workers N` (end to end: wall time, stage seconds from the `runs` row,
   peak RSS of the whole process tree, sampled from /proc);
3. bare `nlp.pipe` of the same texts with the same models and process count
   (kronika.bench.bare);
4. the five analyst queries (kronika.bench.queries) on the output.
A benchmark, not a test: nothing is asserted; the numbers are printed next to the targets.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kronika.bench.corpus import CorpusSpec, write_corpus
from kronika.bench.queries import time_queries
from kronika.bench.server import LocalServer
from kronika.benchmark import latest_run_row

# Targets of issue 13 on the 2-core machine (printed beside the measurements).
TARGETS = {
    "tokens_per_s": 8_500,
    "overhead_share": 0.20,
    "peak_rss_mb": 2_048,
    "scaling_16x_over_1x": 17.0,
    "query_s": 1.0,
}
ARTICLES_PER_DAY = 270_000
STAGES = ("plan", "ingest", "annotate", "extract", "validate", "write", "finalise")


# ---------------------------------------------------------------- processes and memory


def _tree_rss_kb(root: int) -> int:
    """Resident set size of `root` and all its descendants (kB), read from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
                status = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(pid)
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[pid] = int(line.split()[1])
                break
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


@dataclass
class Measured:
    seconds: float
    stdout: str
    peak_rss_mb: float


def run_measured(args: list[str], env: dict[str, str], interval: float = 0.2) -> Measured:
    """Run a command to completion, sampling the RSS of its whole process tree."""
    peak = [0]
    began = time.perf_counter()
    proc = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(interval):
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        stdout, stderr = proc.communicate()
    finally:
        stop.set()
        sampler.join()
        if proc.poll() is None:
            proc.kill()
    seconds = time.perf_counter() - began
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args[:4])} ... failed ({proc.returncode}):\n{stderr[-3000:]}"
        )
    return Measured(seconds, stdout, round(peak[0] / 1024, 1))


def kronika_command() -> list[str]:
    """The installed `kronika` entry point beside this interpreter (as a user runs it)."""
    script = Path(sys.executable).parent / "kronika"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kronika.cli"]


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


# ---------------------------------------------------------------- one size


@dataclass
class BenchConfig:
    sizes: tuple[float, ...] = (1.0, 4.0, 16.0)
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    langs: tuple[str, ...] = ("lv",)
    batch_size: int = 500
    bare: bool = True
    bare_sizes: tuple[float, ...] | None = None  # sizes with the bare nlp.pipe run (None: all)
    queries: bool = True
    keep: Path | None = None  # keep the work folder here (corpus, outputs) instead of deleting
    server: bool = False  # runs against a `prefect server start` (else Prefect's temporary one)
    startup: bool = False  # also measure the start-up cost: temporary server vs running server
    save: Path | None = None  # the report so far, as JSON, rewritten after every size


_SERVER_ENV: dict[str, str] = {}  # PREFECT_API_URL etc. while a LocalServer runs


def _env(work: Path) -> dict[str, str]:
    (work / "prefect").mkdir(parents=True, exist_ok=True)  # Prefect makes no parent folders
    env = {
        **os.environ,
        "PREFECT_HOME": str(work / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        # A loaded machine needs longer than Prefect's default 20 s (kronika sets 90 s).
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300",
    }
    env.pop("PREFECT_API_URL", None)
    return env | _SERVER_ENV


def _run_args(inbox: Path, out: Path, cfg: BenchConfig) -> list[str]:
    args = [*kronika_command(), "run", str(inbox), "--out", str(out), "--no-progress"]
    args += ["--batch-size", str(cfg.batch_size), "--workers", str(cfg.workers)]
    return args


def measure_size(size: float, cfg: BenchConfig, work: Path) -> dict[str, Any]:
    env = _env(work)
    inbox = work / f"inbox-{size:g}x"
    built = time.perf_counter()
    files = write_corpus(CorpusSpec(size=size, langs=cfg.langs), inbox)
    corpus_s = time.perf_counter() - built
    empty = work / "empty"
    empty.mkdir(exist_ok=True)
    startup = run_measured(_run_args(empty, work / f"empty-out-{size:g}x", cfg), env)
    out = work / f"out-{size:g}x"
    e2e = run_measured(_run_args(inbox, out, cfg), env)
    run = latest_run_row(out)
    result: dict[str, Any] = {
        "size": size,
        "articles": run["articles"],
        "inputs": run["inputs"],
        "chars": sum(len(line) for f in files for line in f.read_text("utf-8").splitlines()),
        "corpus_build_s": round(corpus_s, 2),
        "startup_s": round(startup.seconds, 2),
        "end_to_end_s": round(e2e.seconds, 2),
        "peak_rss_mb": e2e.peak_rss_mb,
        "stage_seconds": {k: round(v, 2) for k, v in run["timings"].items()},
        "rows": run["rows"],
        "workers": cfg.workers,
    }
    if cfg.bare and (cfg.bare_sizes is None or size in cfg.bare_sizes):
        cmd = [sys.executable, "-m", "kronika.bench.bare", *map(str, files)]
        bare = run_measured([*cmd, "--processes", str(cfg.workers)], env)
        numbers = json.loads(bare.stdout.strip().splitlines()[-1])
        tokens = numbers["tokens"]
        result |= {
            "tokens": tokens,
            "bare_annotate_s": numbers["annotate_s"],
            "bare_wall_s": round(bare.seconds, 2),
            "bare_peak_rss_mb": bare.peak_rss_mb,
            "bare_nlp_tokens_per_s": round(tokens / numbers["annotate_s"]),
            "tokens_per_s": round(tokens / e2e.seconds),
            "overhead_share": round(1 - numbers["annotate_s"] / e2e.seconds, 3),
        }
    else:  # tokens from the tokenizers alone, so tokens/s is still measured
        cmd = [sys.executable, "-m", "kronika.bench.bare", *map(str, files), "--tokens-only"]
        tokens = json.loads(run_measured(cmd, env).stdout.strip().splitlines()[-1])["tokens"]
        result |= {"tokens": tokens, "tokens_per_s": round(tokens / e2e.seconds)}
    result["articles_per_s"] = round(run["articles"] / e2e.seconds, 1)
    if cfg.queries:
        result["query_seconds"] = time_queries(out)
    if not cfg.keep:
        shutil.rmtree(inbox, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
    return result


# ---------------------------------------------------------------- whole benchmark


def run_bench(cfg: BenchConfig, on_size=None) -> dict[str, Any]:
    """Every size of `cfg`, in order; `on_size(result)` is called after each (progress)."""
    work = cfg.keep or Path(tempfile.mkdtemp(prefix="kronika-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "machine": machine(),
        "load_average_before": [round(x, 2) for x in load_average()],
        "workers": cfg.workers,
        "langs": list(cfg.langs),
        "batch_size": cfg.batch_size,
        "sizes": {},
    }
    try:
        if cfg.startup:
            report["startup"] = measure_startup(work, cfg)
            if cfg.save:
                cfg.save.write_text(json.dumps(report, indent=1, default=str) + "\n", "utf-8")
        server = LocalServer(work / "prefect-server") if cfg.server else nullcontext()
        with server as running:
            if running is not None:
                _SERVER_ENV.update(PREFECT_API_URL=running.api_url)
                report["prefect_server"] = running.api_url
            _measure_sizes(cfg, work, report, on_size)
    finally:
        _SERVER_ENV.clear()
        if not cfg.keep:
            shutil.rmtree(work, ignore_errors=True)
    report["load_average_after"] = [round(x, 2) for x in load_average()]
    report["summary"] = summarise(report)
    return report


def _measure_sizes(cfg: BenchConfig, work: Path, report: dict[str, Any], on_size) -> None:
    # Prefect's database is created (migrations) once, outside every measurement.
    (work / "empty").mkdir(exist_ok=True)
    run_measured(_run_args(work / "empty", work / "warm-out", cfg), _env(work))
    for size in cfg.sizes:
        result = measure_size(size, cfg, work)
        report["sizes"][f"{size:g}x"] = result
        if cfg.save:  # a long run interrupted later keeps the sizes already measured
            partial = {**report, "summary": summarise(report)}
            cfg.save.write_text(json.dumps(partial, indent=1, default=str) + "\n", "utf-8")
        if on_size:
            on_size(result)


def measure_startup(work: Path, cfg: BenchConfig, repeat: int = 3) -> dict[str, Any]:
    """Seconds of `kronika run` on an empty inbox: Prefect's temporary server (the default,
    its database already created) against a running `prefect server start`."""
    empty = work / "empty"
    empty.mkdir(exist_ok=True)

    def empty_runs(env: dict[str, str], tag: str) -> list[float]:
        run_measured(_run_args(empty, work / f"startup-{tag}-warm", cfg), env)  # migrations
        return [
            round(run_measured(_run_args(empty, work / f"startup-{tag}-{i}", cfg), env).seconds, 2)
            for i in range(repeat)
        ]

    ephemeral = empty_runs(_env(work / "startup-ephemeral"), "ephemeral")
    with LocalServer(work / "startup-server") as server:
        served = empty_runs(
            _env(work / "startup-server") | {"PREFECT_API_URL": server.api_url}, "server"
        )
        server_start = round(server.startup_s, 1)
    return {
        "ephemeral_s": ephemeral,
        "server_s": served,
        "server_start_s": server_start,
        "ephemeral_median_s": sorted(ephemeral)[len(ephemeral) // 2],
        "server_median_s": sorted(served)[len(served) // 2],
    }


def machine() -> dict[str, Any]:
    mem_kb = 0
    with open("/proc/meminfo", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": sys.version.split()[0],
    }


def summarise(report: dict[str, Any]) -> dict[str, Any]:
    """The JSON keys of the issue per size, the 16x/1x scaling and the day projection."""
    sizes = report["sizes"]
    keys = (
        "tokens_per_s",
        "articles_per_s",
        "bare_nlp_tokens_per_s",
        "overhead_share",
        "peak_rss_mb",
    )
    summary: dict[str, Any] = {k: {s: r.get(k) for s, r in sizes.items()} for k in keys}
    summary["query_seconds"] = {
        s: {q: t["first_s"] for q, t in r.get("query_seconds", {}).items()}
        for s, r in sizes.items()
    }
    bare_rates = [r["bare_nlp_tokens_per_s"] for r in sizes.values() if "bare_annotate_s" in r]
    if bare_rates:  # sizes run without bare: the share against the bare rate measured elsewhere
        rate = bare_rates[-1]
        summary["overhead_share_estimated"] = {
            s: round(1 - r["tokens"] / rate / r["end_to_end_s"], 3)
            for s, r in sizes.items()
            if "bare_nlp_tokens_per_s" not in r and "tokens" in r
        }
    if "1x" in sizes and "16x" in sizes:
        summary["time_16x_over_1x"] = round(
            sizes["16x"]["end_to_end_s"] / sizes["1x"]["end_to_end_s"], 2
        )
    largest = max(sizes.values(), key=lambda r: r["size"]) if sizes else None
    if largest:
        per_s = largest["articles_per_s"]
        summary["projected_day"] = {
            "articles": ARTICLES_PER_DAY,
            "from_size": f"{largest['size']:g}x",
            "hours": round(ARTICLES_PER_DAY / per_s / 3600, 2),
        }
    return summary


def render(report: dict[str, Any]) -> str:
    """A plain-text report: one block per size, then the summary against the targets."""
    lines = [
        f"machine: {report['machine']}, workers {report['workers']}, langs {report['langs']}, "
        f"batch size {report['batch_size']}",
        f"load average before {report['load_average_before']}, "
        f"after {report.get('load_average_after')}",
    ]
    if "startup" in report:
        st = report["startup"]
        lines.append(
            f"start-up of an empty `kronika run`: temporary server {st['ephemeral_s']} s, "
            f"running `prefect server start` {st['server_s']} s "
            f"(the server itself took {st['server_start_s']} s to start, once)"
        )
    for name, r in report["sizes"].items():
        lines.append(f"\n== {name}: {r['articles']} articles, {r['chars']:,} chars")
        lines.append(
            f"end to end {r['end_to_end_s']} s (start-up alone {r['startup_s']} s): "
            f"{r['articles_per_s']} articles/s"
            + (
                f", {r['tokens_per_s']:,} tokens/s ({r['tokens']:,} tokens)"
                if "tokens" in r
                else ""
            )
        )
        if "bare_annotate_s" in r:
            lines.append(
                f"bare nlp.pipe (n_process={r['workers']}): {r['bare_annotate_s']} s, "
                f"{r['bare_nlp_tokens_per_s']:,} tokens/s; overhead share {r['overhead_share']}"
            )
        stages = ", ".join(f"{k} {v}" for k, v in r["stage_seconds"].items())
        lines.append(f"stage seconds (summed over batches): {stages}")
        lines.append(f"peak RSS (process tree) {r['peak_rss_mb']} MB")
        for q, t in r.get("query_seconds", {}).items():
            lines.append(
                f"query {q}: {t['first_s']} s first, {t['best_s']} s best ({t['rows']} rows)"
            )
    s = report.get("summary", {})
    lines.append("\n== against the targets")
    lines.append(f"targets: {TARGETS}")
    if "time_16x_over_1x" in s:
        lines.append(f"16x / 1x time: {s['time_16x_over_1x']}")
    if "projected_day" in s:
        p = s["projected_day"]
        lines.append(f"{p['articles']:,} articles at the {p['from_size']} rate: {p['hours']} h")
    return "\n".join(lines)
