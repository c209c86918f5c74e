"""Thin Typer commands over the library; the only place that turns errors into exit codes."""

from __future__ import annotations

import logging
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from kg.errors import KGError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Build provenance-rich RDF knowledge graphs from French and English documents.")


def fail(message: str) -> NoReturn:
    """One line on stderr, exit code 1."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def info(message: str) -> None:
    typer.echo(message, err=True)


class Lang(str, Enum):
    fr = "fr"
    en = "en"


@app.command()
def build(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for stdin.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder for graph.ttl, graph.html, triples.csv.")]
    = Path("outputs"),
    lang: Annotated[Lang | None, typer.Option(help="Language of every document (default: detect).")] = None,
    model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline (default: fr_core_news_md for "
                                                   "French).")] = None,
    base_iri: Annotated[str | None, typer.Option("--base-iri", help="Namespace of entity and document IRIs.")]
    = None,
    workers: Annotated[int, typer.Option(help="Parser processes.", min=1)] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Documents per nlp.pipe batch.", min=1)] = 64,
    force: Annotated[bool, typer.Option("--force", "-F", help="Overwrite existing outputs.")] = False,
) -> None:
    """Extract facts from PATHS and write graph.ttl, graph.html and triples.csv to OUT."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from kg import pipeline
    from kg.export import write_csv, write_turtle
    from kg.view import write_view

    targets = [out / "graph.ttl", out / "graph.html", out / "triples.csv"]
    if out.exists() and not out.is_dir():
        fail(f"{out} is a file; --out takes a folder")
    if not force and any(t.exists() for t in targets):
        fail(f"{out} already holds a graph; use --force to overwrite")
    options = pipeline.Options(lang=lang.value if lang else None, model=model, base_iri=base_iri,
                               batch_size=batch_size, workers=workers)
    stats = pipeline.Stats()
    start = time.perf_counter()
    with Progress(SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
                  TextColumn("{task.completed} documents"), TimeElapsedColumn(),
                  console=_stderr_console(), transient=True) as progress:
        task = progress.add_task("Building", total=None)
        try:
            dataset = pipeline.build(paths, options, stats,
                                     on_document=lambda _dg: progress.advance(task))
        except KGError as err:
            fail(str(err))
    t0 = time.perf_counter()
    try:
        write_turtle(dataset, targets[0])
        write_view(dataset, targets[1])
        write_csv(dataset, targets[2])
    except KGError as err:
        fail(str(err))
    except OSError as err:
        fail(f"{out}: cannot write ({err.strerror})")
    stats.seconds["write"] = time.perf_counter() - t0
    info(stats.summary(time.perf_counter() - start) + f"; wrote {out}/graph.ttl, graph.html, triples.csv")


def _stderr_console():
    from rich.console import Console
    return Console(stderr=True)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
