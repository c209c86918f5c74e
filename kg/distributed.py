"""The same pipeline on a Dask cluster: documents in shards, one N-Quads file per shard, merged by the driver.

The driver streams documents into JSON Lines shard files in a work folder and submits one task per
shard as soon as it is written. A task runs kg.pipeline on its shard in a worker process (the spaCy
model, lexicon and gazetteer are loaded once per worker: kg.parse.load_nlp and friends are cached per
process) and writes `<digest>.nq`, the digest hashing the shard's bytes and the options, so a retried
task overwrites its file instead of adding a second one. The driver reads each shard's quads into
the output Store, or replaces the shard's document graphs in a store.

Retries: a task that raises is resubmitted up to `retries` times (Client.submit(retries=...)); a task
whose worker dies is rescheduled by the scheduler itself, up to distributed.scheduler.allowed-failures
(default 3) times. IRIs are content-derived (document ids, entity slugs, hashes), so a shard gives the
same quads wherever and however often it runs.

On a cluster of several machines (--scheduler), every worker needs kg and the spaCy model installed,
and the work folder (a temporary folder under $KG_WORK_DIR) must be one they all see, e.g. on NFS.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import write_bytes_atomic
from kg.errors import GraphError, KGError
from kg.types import Document

log = logging.getLogger(__name__)

SHARD_DOCS = 64          # documents per task: ~1 s of parsing each, small enough to retry cheaply
TASK_RETRIES = 2
ShardTask = Callable[[str, str, object], tuple[str, object]]


# ---------------------------------------------------------------- shards

def _document_record(doc: Document) -> dict:
    return {"id": doc.id, "text": doc.text, "path": doc.path, "lang": doc.lang, "meta": [list(m) for m in doc.meta]}


def read_shard(path: str | Path) -> Iterator[Document]:
    """The Documents of a shard file, exactly as the driver's ingest made them (path and meta included)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            yield Document(r["id"], r["text"], r["path"], r["lang"], tuple((k, v) for k, v in r["meta"]))


def _fingerprint(options) -> bytes:
    """What changes a shard's quads besides its documents."""
    fields = {"model": options.model, "base_iri": options.base_iri, "extractors": options.extractors,
              "lang": options.lang}
    return json.dumps(fields, sort_keys=True, default=list).encode()


def write_shards(documents: Iterable[Document], work_dir: Path, options,
                 shard_docs: int = SHARD_DOCS) -> Iterator[tuple[Path, str, list[Document]]]:
    """Stream documents into shard files; yields (shard path, digest, its documents) one shard at a time."""
    it = iter(documents)
    while chunk := list(islice(it, shard_docs)):
        data = "".join(json.dumps(_document_record(d), ensure_ascii=False) + "\n" for d in chunk).encode("utf-8")
        digest = hashlib.sha256(_fingerprint(options) + b"\0" + data).hexdigest()[:32]
        path = work_dir / f"shard-{digest}.jsonl"
        write_bytes_atomic(path, data)
        yield path, digest, chunk


# ---------------------------------------------------------------- the task (runs on a worker)

def run_shard(shard: str, out_dir: str, options) -> tuple[str, object]:
    """Build one shard into `<out_dir>/<digest>.nq`; returns the file and the shard's Stats."""
    from kg import pipeline

    digest = Path(shard).stem.removeprefix("shard-")
    # a worker process may not fork processes of its own (Dask workers are daemons)
    opts = dataclasses.replace(options, workers=1)
    stats = pipeline.Stats()
    data = b"".join(b.nquads() for b in pipeline.iter_built(read_shard(shard), opts, stats))
    out = Path(out_dir) / f"{digest}.nq"
    write_bytes_atomic(out, data)   # same name on a retry: replaced, never duplicated
    return str(out), stats


# ---------------------------------------------------------------- the driver

@contextmanager
def connect(scheduler: str | None = None, workers: int | None = None) -> Iterator[object]:
    """A Client to the scheduler at `scheduler`, or to a LocalCluster of `workers` single-threaded processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise KGError("the dask engine needs dask[distributed]; pip install 'dask[distributed]'") from err
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as err:
            raise KGError(f"cannot reach the Dask scheduler at {scheduler} ({err}); "
                          "start one with `dask scheduler` or drop --scheduler for a local cluster") from err
        try:
            yield client
        finally:
            client.close()
        return
    n = workers or os.cpu_count() or 1
    # one thread per worker: a spaCy pipeline is not meant to be shared by threads
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def _check_visible(client, work_dir: Path) -> None:
    seen = client.run(os.path.isdir, str(work_dir))
    blind = sorted(w for w, ok in seen.items() if not ok)
    if blind:
        raise GraphError(f"{work_dir}: work folder not visible on worker(s) {', '.join(blind)}; "
                         "set KG_WORK_DIR to a folder shared by the driver and every worker")


def iter_shard_results(paths: Iterable[str], options, client, stats=None, work_dir: Path | None = None,
                       shard_docs: int = SHARD_DOCS, task: ShardTask = run_shard,
                       keep: Callable[[Document], bool] | None = None) -> Iterator[tuple[Path, list[str]]]:
    """Shard documents, run `task` on the cluster, yield (N-Quads file, document ids) per finished shard.

    A few shards per worker are in flight at a time, so the driver holds neither the corpus nor
    one future per shard of it.

    Args:
        keep: documents for which it is false are not built (e.g. unchanged in the store).
        task: the shard function; tests wrap run_shard to fail on purpose.
    """
    from distributed import as_completed

    from kg.ingest import iter_documents

    own = work_dir is None
    work = Path(tempfile.mkdtemp(prefix="kg-shards-", dir=os.environ.get("KG_WORK_DIR"))) if own else work_dir
    work.mkdir(parents=True, exist_ok=True)
    try:
        _check_visible(client, work)
        docs = iter_documents(paths, options.lang)
        if keep is not None:
            docs = (d for d in docs if keep(d))
        shards = write_shards(docs, work, options, shard_docs)
        ids_of: dict[str, list[str]] = {}
        pending = as_completed()

        def submit_next() -> bool:
            for shard, digest, chunk in shards:
                key = f"kg-shard-{digest}"
                ids_of[key] = [d.id for d in chunk]
                pending.add(client.submit(task, str(shard), str(work), options, key=key, retries=TASK_RETRIES,
                                          pure=False))
                return True
            return False

        limit = 3 * max(1, len(client.scheduler_info().get("workers", {})))
        while pending.count() < limit and submit_next():
            pass
        for future in pending:        # as_completed keeps yielding what submit_next adds
            try:
                out, shard_stats = future.result()
            except KGError:
                raise
            except Exception as err:  # noqa: BLE001 - a worker's error, after its retries
                raise KGError(f"shard {future.key} failed after {TASK_RETRIES} retries: "
                              f"{type(err).__name__}: {err}") from err
            future.release()
            submit_next()
            if stats is not None:
                stats.add(shard_stats)
            yield Path(out), ids_of.pop(future.key)
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)


def build(paths: Iterable[str], options=None, stats=None, scheduler: str | None = None,
          on_document: Callable[[str], None] | None = None, shard_docs: int = SHARD_DOCS,
          task: ShardTask = run_shard, client=None, work_dir: Path | None = None) -> ox.Store:
    """pipeline.build on a Dask cluster: the same Store, a named graph per document.

    Args:
        on_document: called with each document id once its shard is merged.
    """
    from kg import pipeline

    options = options or pipeline.Options()
    store = ox.Store()
    with _client(client, scheduler, options.workers) as c:
        for nq, ids in iter_shard_results(paths, options, c, stats, work_dir, shard_docs, task):
            store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
            for doc_id in ids if on_document else ():
                on_document(doc_id)
    return store


def build_store(paths: Iterable[str], graph_store, options=None, stats=None, scheduler: str | None = None,
                on_document: Callable[[str], None] | None = None, shard_docs: int = SHARD_DOCS,
                task: ShardTask = run_shard, client=None, work_dir: Path | None = None):
    """Build on the cluster into a kg.store.GraphStore, one shard's graphs per transaction.

    Documents whose sha256 the store already holds are not sent to the cluster.
    """
    from kg import pipeline
    from kg.rdf import Terms
    from kg.store import BuildSummary

    options = options or pipeline.Options()
    terms = Terms(options.base_iri) if options.base_iri else Terms()
    shas = graph_store.document_shas()
    summary = BuildSummary()

    def keep(doc: Document) -> bool:
        if shas.get(terms.graph(doc.id)) == pipeline.sha256(doc.text):
            summary.skipped += 1
            return False
        return True

    with _client(client, scheduler, options.workers) as c:
        for nq, ids in iter_shard_results(paths, options, c, stats, work_dir, shard_docs, task, keep=keep):
            by_graph: dict[str, list[ox.Quad]] = {str(terms.graph(doc_id)): [] for doc_id in ids}
            for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS):
                by_graph[q.graph_name.value].append(q)
            part = graph_store.apply_build(by_graph.items())
            summary.added += part.added
            summary.replaced += part.replaced
            summary.quads += part.quads
            for doc_id in ids if on_document else ():
                on_document(doc_id)
    return summary


@contextmanager
def _client(client, scheduler: str | None, workers: int | None):
    if client is not None:
        yield client
        return
    with connect(scheduler, workers) as c:
        yield c
