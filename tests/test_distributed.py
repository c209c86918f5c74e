"""kg.distributed: a 2-worker LocalCluster build is the local build; failed tasks are retried, not duplicated."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg import distributed, pipeline
from kg.cli import app
from kg.export import union_graph
from kg.store import as_dataset
from kg.ingest import iter_documents

pytestmark = [pytest.mark.model, pytest.mark.slow]
runner = CliRunner()

_TEXTS = [
    "Le ministère de la Justice poursuit Ada Martin. Elle a fondé la société Acme à Lyon en 2019.",
    "Le NCMEC reçoit des signalements. Thorn transmet ces signalements au NCMEC depuis 2020.",
    "Marie Curie a découvert le radium. Elle a travaillé à Paris avec Pierre Curie.",
    "Airbus a acquis une usine à Toulouse. Le groupe emploie 3 000 personnes.",
    "La Commission européenne a infligé une amende à Google. Google conteste la décision.",
    "Jean Dupont dirige l'association Horizon. L'association aide les réfugiés à Marseille.",
    "Le tribunal de Paris a condamné la société Vortex. Vortex n'a pas fait appel.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "docs.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i, text in enumerate(_TEXTS):
            fh.write(json.dumps({"id": f"doc-{i}", "text": text, "title": f"Article {i}"}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def local(corpus):
    return pipeline.build([str(corpus)], pipeline.Options(workers=1))


@pytest.fixture(scope="module")
def client():
    with distributed.connect(workers=2) as c:
        yield c


def _quads(ds) -> set[tuple]:
    ds = as_dataset(ds)
    return {(s, p, o, getattr(g, "identifier", g)) for s, p, o, g in ds.quads((None, None, None, None))}


def _nq_lines(folder: Path) -> list[bytes]:
    return [line for f in sorted(folder.glob("*.nq")) for line in f.read_bytes().splitlines() if line]


def test_cluster_build_is_the_local_build(corpus, local, client):
    stats = pipeline.Stats()
    ds = distributed.build([str(corpus)], pipeline.Options(), stats, shard_docs=3, client=client)
    assert isomorphic(union_graph(ds), union_graph(local))
    assert _quads(ds) == _quads(local)        # same IRIs and the same named graph per document
    assert stats.documents == len(_TEXTS) and stats.relations > 0
    # the model is loaded once per worker process, however many shards it ran
    loads = client.run(lambda: __import__("kg.parse", fromlist=["x"]).load_nlp.cache_info().misses)
    assert set(loads.values()) <= {0, 1}


def _fail_first(flag_dir: str, how: str, shard: str, out_dir: str, options):
    """run_shard, except that the first attempt of the whole build raises or kills its worker."""
    flag = Path(flag_dir) / "failed-once"
    try:
        fd = os.open(flag, os.O_CREAT | os.O_EXCL)
    except FileExistsError:
        return distributed.run_shard(shard, out_dir, options)
    os.close(fd)
    if how == "exit":
        os._exit(1)            # the worker process dies mid-task
    raise RuntimeError("first attempt fails on purpose")


@pytest.mark.parametrize("how", ["raise", "exit"])
def test_failed_task_is_retried_without_duplicates(corpus, local, client, tmp_path, how):
    flags, work = tmp_path / "flags", tmp_path / "work"
    flags.mkdir()
    task = functools.partial(_fail_first, str(flags), how)
    ds = distributed.build([str(corpus)], pipeline.Options(), shard_docs=2, client=client, task=task,
                           work_dir=work)
    assert (flags / "failed-once").exists()    # one attempt did fail
    assert _quads(ds) == _quads(local)
    shards = sorted(work.glob("shard-*.jsonl"))
    assert len(shards) == -(-len(_TEXTS) // 2)
    assert len(list(work.glob("*.nq"))) == len(shards)    # one result per shard, the retry overwrote
    lines = _nq_lines(work)
    assert len(lines) == len(set(lines)) == len(_quads(local))    # no quad written twice


def test_shards_are_named_by_content(corpus, tmp_path):
    docs = list(iter_documents([str(corpus)]))
    first = [p.name for p, _, _ in distributed.write_shards(docs, tmp_path, pipeline.Options(), 3)]
    again = [p.name for p, _, _ in distributed.write_shards(docs, tmp_path, pipeline.Options(), 3)]
    other = [p.name for p, _, _ in distributed.write_shards(docs, tmp_path, pipeline.Options(base_iri="urn:x:"), 3)]
    assert first == again and len(set(first)) == 3
    assert not set(first) & set(other)     # options that change the quads change the names
    read = [d for p in first for d in distributed.read_shard(tmp_path / p)]
    assert read == docs                    # ids, paths, languages and metadata survive the shard file


def test_cli_dask_engine_writes_the_same_turtle(corpus, tmp_path):
    a, b = tmp_path / "local", tmp_path / "dask"
    r1 = runner.invoke(app, ["build", str(corpus), "--out", str(a), "--workers", "1"])
    r2 = runner.invoke(app, ["build", str(corpus), "--out", str(b), "--engine", "dask", "--workers", "2"])
    assert r1.exit_code == 0, r1.output
    assert r2.exit_code == 0, r2.output
    assert (a / "graph.ttl").read_bytes() == (b / "graph.ttl").read_bytes()
    assert "7 documents" in r2.output


def test_unreachable_scheduler_is_an_error(corpus, tmp_path):
    result = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path), "--engine", "dask",
                                 "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "Dask scheduler" in result.output


def test_parser_processes_change_nothing(corpus, local):
    two = pipeline.build([str(corpus)], pipeline.Options(workers=2, batch_size=2))   # 4 batches, 2 processes
    assert _quads(two) == _quads(local)


def test_cluster_build_into_a_store_skips_unchanged_documents(corpus, local, client, tmp_path):
    from kg.store import GraphStore

    with GraphStore(tmp_path / "store") as store:
        first = distributed.build_store([str(corpus)], store, pipeline.Options(), shard_docs=3, client=client)
        again = distributed.build_store([str(corpus)], store, pipeline.Options(), shard_docs=3, client=client)
        assert _quads(store.store) == _quads(local)
    assert (first.added, first.skipped) == (len(_TEXTS), 0)
    assert (again.added, again.replaced, again.skipped) == (0, 0, len(_TEXTS))


def test_local_build_into_a_store_streams_in_batches(corpus, local, tmp_path):
    from kg.store import GraphStore

    with GraphStore(tmp_path / "store") as store:
        summary = pipeline.build_store([str(corpus)], store, pipeline.Options(workers=1), batch_docs=2)
        assert _quads(store.store) == _quads(local)
    assert summary.added == len(_TEXTS) and summary.quads > 0


def test_turtle_from_the_workers_lines_is_the_turtle_of_the_store(corpus, tmp_path):
    from kg.export import write_turtle

    lines: list[bytes] = []
    store = pipeline.build([str(corpus)], pipeline.Options(workers=2, batch_size=2), ntriples=lines)
    write_turtle(store, tmp_path / "dumped.ttl")
    write_turtle(store, tmp_path / "lines.ttl", lines)
    assert len(lines) == len(_TEXTS)
    assert (tmp_path / "lines.ttl").read_bytes() == (tmp_path / "dumped.ttl").read_bytes()
