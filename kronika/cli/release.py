"""`kronika release`, `verify`, `download`: frozen, checked, shareable copies of the tables."""

from __future__ import annotations

from pathlib import Path

import typer

from kronika.cli.failures import Failure
from kronika.release.errors import DownloadError, ReleaseError, VerifyError


def release(
    version: str = typer.Option(..., "--version", help="Release version X.Y.Z (data semver)."),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
) -> None:
    """Freeze the tables into a release.

    Copies <out>/tables into <out>/releases/X.Y.Z (a Prefect flow underneath).
    """
    from kronika.release.build import plan_release
    from kronika.release.contract import contract_from_schemas

    try:  # the cheap checks first, without the seconds a Prefect start costs
        plan_release(out, version, contract_from_schemas())
    except ReleaseError as exc:
        raise Failure(f"release refused: {exc}") from exc

    from flows._env import configure_prefect_env

    configure_prefect_env(terminal=True)
    from flows.release import kronika_release

    try:
        summary = kronika_release(out=str(out), version=version)
    except (ReleaseError, VerifyError) as exc:
        raise Failure(f"release refused: {exc}") from exc
    typer.echo(f"released {summary['version']} at {summary['path']}")
    for table, rows in summary["rows"].items():
        typer.echo(f"  {table:<12} {rows:>10,} rows")


def verify(
    target: str = typer.Argument(..., help="Release folder or http(s) URL of one."),
    progress: bool = typer.Option(True, help="Show a progress bar for URLs."),
    full: bool = typer.Option(
        None,
        "--full/--quick",
        help="Run frictionless over every row (default: only for releases up to 10,000 rows; "
        "above that the same row checks run in Polars).",
        show_default=False,
    ),
) -> None:
    """Check a release.

    Checks files, checksums, datapackage.json (frictionless) and Parquet schemas.
    """
    from kronika.release.verify import verify_release

    try:
        report = verify_release(target, progress=progress, full=full)
    except (VerifyError, DownloadError) as exc:
        _fail_with_every_problem(f"FAILED: {exc}")
    typer.secho(
        f"OK: release {report.version} at {report.where}: {report.files} files, "
        f"{sum(report.rows.values()):,} rows",
        fg=typer.colors.GREEN,
    )


def download(
    url: str = typer.Argument(..., help="http(s) URL of a release folder."),
    to: Path = typer.Option(Path("."), "--to", help="Folder to put <version>/ in."),
    progress: bool = typer.Option(True, help="Show a progress bar."),
) -> None:
    """Download and verify a release.

    Only a verified release is put in place, as <to>/<version>/.
    """
    from kronika.release.download import download_release

    try:
        path = download_release(url, to, progress=progress)
    except DownloadError as exc:
        raise Failure(f"download failed, nothing was installed: {exc}") from exc
    typer.secho(f"OK: downloaded and verified {path}", fg=typer.colors.GREEN)


def _fail_with_every_problem(message: str) -> None:
    """Verification lists every failed check: the one place a failure is longer than 2 lines."""
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)
