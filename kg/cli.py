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


class Engine(str, Enum):
    local = "local"
    dask = "dask"


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
    workers: Annotated[int | None, typer.Option(help="Worker processes (parse, extract, resolve), or Dask "
                                                     "workers of a local cluster (default: one per core).",
                                                min=1)] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Documents per nlp.pipe batch.", min=1)] = 16,
    force: Annotated[bool, typer.Option("--force", "-F", help="Overwrite existing outputs.")] = False,
    store: Annotated[Path | None, typer.Option("--store", help="Oxigraph store folder to update incrementally "
                                                "(unchanged documents skipped, changed ones replaced); OUT is then "
                                                "written from the whole store.")] = None,
    engine: Annotated[Engine, typer.Option(help="local: this process and its worker processes; dask: shards "
                                                "on a Dask cluster.")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://host:8786) for --engine "
                                                       "dask; default: a local cluster.")] = None,
) -> None:
    """Extract facts from PATHS and write graph.ttl, graph.html and triples.csv to OUT."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from kg import pipeline
    from kg.export import write_build_outputs

    targets = [out / "graph.ttl", out / "graph.html", out / "triples.csv"]
    if out.exists() and not out.is_dir():
        fail(f"{out} is a file; --out takes a folder")
    if not force and any(t.exists() for t in targets):
        fail(f"{out} already holds a graph; use --force to overwrite")
    if scheduler is not None and engine is not Engine.dask:
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    options = pipeline.Options(lang=lang.value if lang else None, model=model, base_iri=base_iri,
                               batch_size=batch_size, workers=workers)
    stats = pipeline.Stats()
    ntriples: list[bytes] | None = None     # a local build's own N-Triples, for a faster graph.ttl
    start = time.perf_counter()
    with Progress(SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
                  TextColumn("{task.completed} documents"), TimeElapsedColumn(),
                  console=_stderr_console(), transient=True) as progress:
        task = progress.add_task("Building", total=None)
        try:
            if store is not None:
                dataset, stored = _build_store(paths, options, stats, store, lambda _dg: progress.advance(task),
                                               engine, scheduler)
            elif engine is Engine.dask:
                from kg import distributed
                dataset = distributed.build(paths, options, stats, scheduler,
                                            on_document=lambda _d: progress.advance(task))
            else:
                ntriples = []
                dataset = pipeline.build(paths, options, stats, on_document=lambda _id: progress.advance(task),
                                         ntriples=ntriples)
        except KGError as err:
            fail(str(err))
    t0 = time.perf_counter()
    try:
        write_build_outputs(dataset, *targets, ntriples=ntriples)
    except KGError as err:
        fail(str(err))
    except OSError as err:
        fail(f"{out}: cannot write ({err.strerror})")
    stats.seconds["write"] = time.perf_counter() - t0
    info(stats.summary(time.perf_counter() - start) + f"; wrote {out}/graph.ttl, graph.html, triples.csv"
         + (f"; store {store}: {stored}" if store is not None else ""))


def _build_store(paths, options, stats, folder: Path, on_document, engine=Engine.local, scheduler=None):
    """Update the store with documents whose sha256 changed; the whole store in memory, and what changed."""
    from kg import pipeline
    from kg.store import GraphStore

    with GraphStore(folder) as graph_store:
        if engine is Engine.dask:
            from kg import distributed
            summary = distributed.build_store(paths, graph_store, options, stats, scheduler, on_document)
        else:   # streamed: documents are written a batch at a time, never all held in memory
            summary = pipeline.build_store(paths, graph_store, options, stats, on_document)
        return graph_store.snapshot(), summary.describe()


class ResultFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


class ExportFormat(str, Enum):
    ttl = "ttl"
    nt = "nt"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


GraphArg = Annotated[Path, typer.Argument(help="Graph file (.ttl .nt .nq .trig .jsonld) or store folder.")]


@app.command()
def query(
    graph: Annotated[str | None, typer.Argument(help="Graph file (.ttl .nt .nq .trig .jsonld) or store folder "
                                                     "(none with --endpoint).")] = None,
    text: Annotated[str | None, typer.Argument(metavar="[QUERY]", help="SPARQL query text.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from a .rq file.")] = None,
    saved: Annotated[str | None, typer.Option("--saved", "-s", help="Run a saved query (see --list).")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="Parameter NAME=VALUE (<iri> for an "
                                                                          "IRI); repeatable.")] = None,
    fmt: Annotated[ResultFormat, typer.Option("--format", help="Result format.")] = ResultFormat.table,
    list_queries: Annotated[bool, typer.Option("--list", help="List the saved queries and exit.")] = False,
    endpoint: Annotated[str | None, typer.Option("--endpoint", metavar="URL", help="Query a SPARQL server "
                                                 "(e.g. http://host:8890/sparql) instead of GRAPH.")] = None,
    user: Annotated[str | None, typer.Option("--user", help="User name for --endpoint.")] = None,
    password_env: Annotated[str | None, typer.Option("--password-env", metavar="VAR", help="Environment "
                                                     "variable holding the password of --user.")] = None,
) -> None:
    """Run SPARQL on GRAPH: QUERY text, --file q.rq or --saved NAME; kg's prefixes are predeclared."""
    from kg import query as q
    from kg.store import load_store

    if list_queries:
        for sq in q.list_saved_queries():
            params = "".join(f" --param {p.name}=... ({p.help})" for p in sq.params)
            typer.echo(f"{sq.name}: {sq.title}. {sq.answers}{params}")
        return
    if endpoint is not None and graph is not None:
        if text is not None or file is not None or saved is not None:
            raise typer.BadParameter("give GRAPH or --endpoint, not both", param_hint="GRAPH")
        graph, text = None, graph    # with --endpoint the one argument is the query
    if graph is None and endpoint is None:
        raise typer.BadParameter("give GRAPH (a graph file or store folder)", param_hint="GRAPH")
    if sum(x is not None for x in (text, file, saved)) != 1:
        raise typer.BadParameter("give exactly one of QUERY, --file or --saved", param_hint="QUERY")
    bindings: dict[str, str] = {}
    for item in param or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"'{item}' is not NAME=VALUE", param_hint="--param")
        bindings[name] = value
    try:
        if endpoint is not None:
            from kg import remote
            source = remote.Endpoint(endpoint, user, remote.password_from_env(password_env, user))
            run_query, run_saved = remote.query, remote.run_saved
        else:
            # Oxigraph for files too: rdflib's engine takes minutes on the saved queries' sub-selects
            # once a graph holds thousands of relations, Oxigraph a fraction of a second
            source, run_query, run_saved = load_store(Path(graph)), q.run_query, q.run_saved
        if saved is not None:
            result = run_saved(source, saved, bindings)
        else:
            if file is not None:
                try:
                    text = file.read_text(encoding="utf-8")
                except OSError as err:
                    fail(f"{file}: cannot read ({err.strerror})")
            result = run_query(source, text, bindings)
        if fmt is ResultFormat.table:
            q.print_table(result)
        else:
            typer.echo(q.serialize_result(result, fmt.value), nl=False)
    except KGError as err:
        fail(str(err))
    if result.kind == "select":
        info(f"{len(result.rows)} rows")


@app.command()
def push(
    graph: GraphArg,
    endpoint: Annotated[str, typer.Option("--endpoint", metavar="URL", help="SPARQL Graph Store endpoint, e.g. "
                                          "http://host:8890/sparql-graph-crud-auth.")],
    user: Annotated[str | None, typer.Option("--user", help="User name, if the endpoint asks for one.")] = None,
    password_env: Annotated[str | None, typer.Option("--password-env", metavar="VAR", help="Environment variable "
                                                     "holding the password (never on the command line).")] = None,
    default_graph: Annotated[str | None, typer.Option("--default-graph", metavar="IRI", help="Named graph for "
                                                      "triples outside named graphs (default: the server's "
                                                      "default graph).")] = None,
) -> None:
    """Load GRAPH into a SPARQL server: one PUT per document's named graph, so a rebuilt document replaces it."""
    from kg import remote
    from kg.store import open_graph

    start = time.perf_counter()
    try:
        with remote.Endpoint(endpoint, user, remote.password_from_env(password_env, user)) as ep:
            summary = remote.push(open_graph(graph), ep, default_graph)
    except KGError as err:
        fail(str(err))
    info(f"Pushed {summary.describe()} to {endpoint} in {time.perf_counter() - start:.1f} s")


@app.command()
def load(
    graphs: Annotated[list[Path], typer.Argument(help="RDF files (.ttl .nt .nq .trig .jsonld).")],
    store: Annotated[Path, typer.Option("--store", help="Oxigraph store folder, created if absent.")],
) -> None:
    """Load RDF files into a store folder: each named graph replaces the store's graph of that name, as kg push does.

    A new store is bulk-loaded on every core; an existing one is updated in one transaction.
    Either way a failure leaves the store as it was.
    """
    from kg.load import load_files

    start = time.perf_counter()
    try:
        summary = load_files(graphs, store)
    except KGError as err:
        fail(str(err))
    except OSError as err:
        fail(f"{store}: cannot write ({err.strerror})")
    info(f"Loaded {summary.quads:,} quads into {store} ({summary.added} graphs added, {summary.replaced} "
         f"replaced) in {time.perf_counter() - start:.1f} s")


@app.command()
def export(
    graph: GraphArg,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Output format.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file.")],
    force: Annotated[bool, typer.Option("--force", "-F", help="Overwrite OUT.")] = False,
) -> None:
    """Write GRAPH in another format: RDF (ttl nt nq trig jsonld), networks (graphml gexf) or a csv table."""
    from kg.export import get_exporter
    from kg.store import load_store

    if out.exists() and not force:
        fail(f"{out} exists; use --force to overwrite")
    try:
        get_exporter(fmt.value)(load_store(graph), out)
    except KGError as err:
        fail(str(err))
    except OSError as err:
        fail(f"{out}: cannot write ({err.strerror})")
    info(f"Wrote {out}")


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold JSON Lines file, e.g. tests/gold/seed.jsonl.")],
    graph: Annotated[Path, typer.Argument(help="Graph file (.ttl .nt .nq .trig .jsonld), kg build output folder "
                                               "or store folder.")],
    fmt: Annotated[EvalFormat, typer.Option("--format", help="Output format.")] = EvalFormat.table,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Per-document rows, missed facts and false "
                                                                 "positives.")] = False,
) -> None:
    """Score GRAPH against GOLD: fact precision, recall and F1, entity merges and types."""
    from kg.evaluate import eval_command

    try:
        code = eval_command(gold, graph, fmt.value, verbose)
    except KGError as err:
        fail(str(err))
    raise typer.Exit(code)


@app.command()
def validate(graph: GraphArg) -> None:
    """Check GRAPH against the SHACL shapes in ontology/shapes.ttl; exit 1 on violations."""
    from kg.store import load_graph
    from kg.validate import validate_graph

    try:
        report = validate_graph(load_graph(graph))
    except KGError as err:
        fail(str(err))
    typer.echo(report.text(), nl=False)
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
def serve(
    graph: Annotated[Path, typer.Argument(help="Store folder, graph file (.ttl .nt .nq .trig .jsonld) or a "
                                               "kg build output folder.")],
    port: Annotated[int, typer.Option(help="Port of the SPARQL endpoint; the graph view uses PORT+1.",
                                      min=1, max=65534)] = 7878,
    host: Annotated[str, typer.Option(help="Address to listen on (another than loopback exposes the graph).")]
    = "127.0.0.1",
    timeout: Annotated[int, typer.Option(metavar="SECONDS", min=1, help="Oxigraph cancels a SPARQL query after "
                                         "this many seconds.")] = 60,
    writable: Annotated[bool, typer.Option("--writable", help="Accept SPARQL updates (a file is served from "
                                           "a temporary copy).")] = False,
) -> None:
    """Serve GRAPH: Oxigraph's SPARQL endpoint and query UI, and the graph view; Ctrl-C stops."""
    from kg.serve import ServeOptions
    from kg.serve import serve as run_server

    try:
        run_server(graph, ServeOptions(host=host, port=port, timeout=timeout, writable=writable), announce=info)
    except KGError as err:
        fail(str(err))


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def view(
    graph: GraphArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output .html file.")],
    label_lang: Annotated[Lang, typer.Option("--label-lang", help="Language of the labels.")] = Lang.en,
    focus: Annotated[str | None, typer.Option(help="Only this entity (a label or alias) and its neighbourhood.")]
    = None,
    depth: Annotated[int, typer.Option(help="Hops around --focus.", min=0)] = 2,
    max_nodes: Annotated[int, typer.Option("--max-nodes", help="Keep the N most central entities (PageRank).",
                                           min=1)] = 500,
    min_degree: Annotated[int, typer.Option("--min-degree", help="Leave out entities with fewer relations.",
                                            min=0)] = 0,
    force: Annotated[bool, typer.Option("--force", "-F", help="Overwrite OUT.")] = False,
) -> None:
    """Write an interactive, self-contained HTML view of GRAPH's entities and relations."""
    from kg.store import load_store
    from kg.view import write_view

    if out.exists() and not force:
        fail(f"{out} exists; use --force to overwrite")
    try:
        shown = write_view(load_store(graph), out, label_lang=label_lang.value, focus=focus, depth=depth,
                           max_nodes=max_nodes, min_degree=min_degree)
    except KGError as err:
        fail(str(err))
    except OSError as err:
        fail(f"{out}: cannot write ({err.strerror})")
    left = (f" ({shown.nodes_left_out} nodes / {shown.edges_left_out} edges left out)"
            if shown.nodes_left_out or shown.edges_left_out else "")
    info(f"Wrote {out}: {shown.nodes} nodes / {shown.edges} edges{left}")


@app.command()
def stats(
    graph: GraphArg,
    fmt: Annotated[StatsFormat, typer.Option("--format", help="Output format.")] = StatsFormat.table,
    top: Annotated[int, typer.Option(help="Entities per ranking.", min=1)] = 10,
) -> None:
    """Counts by type and relation, the most connected and central entities, components and communities."""
    import json

    from kg.analytics import graph_stats, print_stats
    from kg.store import load_store

    try:
        result = graph_stats(load_store(graph), top=top)
    except KGError as err:
        fail(str(err))
    if fmt is StatsFormat.json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_stats(result)


def _stderr_console():
    from rich.console import Console
    return Console(stderr=True)


def main() -> None:
    """The `kg` script. A usage error (unknown option, bad choice, missing argument) is one `Error:` line
    naming the help to read, like every other error, not Typer's framed box."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        code = app(standalone_mode=False, prog_name="kg")
    except KeyboardInterrupt:
        sys.exit(130)
    except typer.TyperException as e:     # Typer's (vendored Click's) usage errors
        # bare `kg` or `kg query` has printed its help already (Typer tells that error by its class name)
        if type(e).__name__ != "NoArgsIsHelpError":
            ctx = getattr(e, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            message = " ".join(e.format_message().replace(": Value error, ", ": ").split())   # pydantic's
            typer.echo(f"Error: {message}{hint}", err=True)
        sys.exit(getattr(e, "exit_code", 1))
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
