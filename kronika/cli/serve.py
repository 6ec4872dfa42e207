"""`kronika serve`: `kronika run` on a schedule, as a deployment on a Prefect server."""

from __future__ import annotations

from pathlib import Path

import typer

from kronika.cli.failures import USAGE, Failure


def serve(
    cron: str = typer.Option("*/15 * * * *", help="Schedule (cron, in UTC)."),
    inbox: Path = typer.Option(..., help="Folder watched: new or changed files are read."),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
    name: str = typer.Option("kronika-scheduled", help="Deployment name."),
    batch_size: int = typer.Option(500, help="Articles per batch."),
    workers: int = typer.Option(0, min=0, help="Annotating processes per run (0: one per core)."),
    max_seconds_per_article: float = typer.Option(60.0, help="Time budget per article."),
) -> None:
    """Register a scheduled deployment on a Prefect server and run it.

    Needs a running `prefect server start` and PREFECT_API_URL pointing at it (see the
    README). Stays in the foreground; Ctrl-C stops serving.
    """
    from flows._env import configure_prefect_env

    configure_prefect_env()
    from flows.serve import ServerRequired
    from flows.serve import serve as serve_deployment

    try:
        serve_deployment(
            cron=cron,
            inbox=inbox,
            out=out,
            name=name,
            batch_size=batch_size,
            workers=workers,
            max_seconds_per_article=max_seconds_per_article,
        )
    except ServerRequired as exc:
        raise Failure(str(exc), code=USAGE) from None
