"""How fast kg build runs next to spaCy alone, on UD French-GSD replicated to a million words.

Run `python -m benchmarks.build_bench [--words N | --quick] [--workers N] [--batch-size N] [--repeat N]`.
Sentences are grouped into documents of ~20, the corpus is replicated to N words (default 1,000,000;
--quick 100,000) and written as JSON Lines; then, each in a fresh process so peak memory is its own:
spaCy's nlp.pipe over the same texts (same model, n_process and batch size) and what `kg build` does
(the pipeline with Stats, then graph.ttl, graph.html and triples.csv written), alternated --repeat
times (default 2; the best of each is compared, as the target is spaCy's best parse time); then
pipeline.build_store into an Oxigraph store at a tenth of the size and at full size, to show memory
stays flat. Prints a table and the machine, writes a JSON copy to benchmarks/results/; asserts nothing.
Peak memory sums the RSS of every process, so pages forked children share are counted in each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "fr-gsd"
SAMPLE = ROOT / "benchmarks" / "data" / "fr-gsd-sample.tsv"
RESULTS = ROOT / "benchmarks" / "results"
MODEL = "fr_core_news_md"
SENTENCES_PER_DOC = 20


# ---------------------------------------------------------------- corpus

def read_sentences() -> tuple[list[str], str]:
    """UD French-GSD sentences (id TAB text per line) from the shared corpus, else the in-repo sample."""
    files = sorted(CORPUS.glob("*.tsv")) or [SAMPLE]
    sentences = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or "\t" not in line:
                continue
            text = line.split("\t", 1)[1].strip()
            if text:
                sentences.append(text)
    source = str(CORPUS) if files[0] != SAMPLE else str(SAMPLE.relative_to(ROOT))
    return sentences, source


def write_corpus(path: Path, words: int) -> dict:
    """Documents of ~20 sentences, the corpus replicated until it holds `words` words; JSON Lines."""
    sentences, source = read_sentences()
    docs = [" ".join(sentences[i:i + SENTENCES_PER_DOC]) for i in range(0, len(sentences), SENTENCES_PER_DOC)]
    n_words = n_sents = n_docs = copy = 0
    with open(path, "w", encoding="utf-8") as fh:
        while n_words < words:
            for i, text in enumerate(docs):
                fh.write(json.dumps({"id": f"gsd-{copy:03d}-{i:04d}", "text": text, "lang": "fr"},
                                    ensure_ascii=False) + "\n")
                n_words += len(text.split())
                n_sents += min(SENTENCES_PER_DOC, len(sentences) - i * SENTENCES_PER_DOC)
                n_docs += 1
                if n_words >= words:
                    break
            copy += 1
    return {"source": source, "documents": n_docs, "sentences": n_sents, "words": n_words, "copies": copy}


def corpus_texts(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)["text"]


# ---------------------------------------------------------------- measurements (each in its own process)

class PeakRSS:
    """Peak resident memory of this process and its children together, sampled every 50 ms."""

    def __init__(self) -> None:
        import psutil

        self.proc = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        import psutil

        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        self.peak = max(self.peak, total)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self._sample()

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def _self_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # Linux: KiB


def measure_spacy(corpus: Path, workers: int, batch_size: int) -> dict:
    import spacy

    nlp = spacy.load(MODEL)
    with PeakRSS() as rss:
        t0 = time.perf_counter()
        sentences = tokens = 0
        for doc in nlp.pipe(corpus_texts(corpus), batch_size=batch_size, n_process=workers):
            sentences += sum(1 for _ in doc.sents)
            tokens += len(doc)
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "sentences": sentences, "tokens": tokens, "peak_rss_mb": rss.peak / 2**20,
            "self_peak_rss_mb": _self_peak_mb()}


def measure_kg(corpus: Path, workers: int, batch_size: int, out: Path) -> dict:
    """What `kg build CORPUS --out OUT` does: the pipeline, then graph.ttl, graph.html and triples.csv."""
    from kg import pipeline
    from kg.export import write_build_outputs
    from kg.parse import load_nlp

    load_nlp(MODEL)   # model loading is not build time, as for spaCy above
    options = pipeline.Options(model=MODEL, workers=workers, batch_size=batch_size)
    stats = pipeline.Stats()
    marks: list[float] = []       # store seconds so far, at each document: is the main process's stage linear?
    with PeakRSS() as rss:
        t0 = time.perf_counter()
        ntriples: list[bytes] = []
        store = pipeline.build([str(corpus)], options, stats, on_document=lambda _id: marks.append(
            stats.seconds["store"]), ntriples=ntriples)
        t1 = time.perf_counter()
        write_build_outputs(store, out / "graph.ttl", out / "graph.html", out / "triples.csv", ntriples)
        seconds = time.perf_counter() - t0
    stats.seconds["write"] = seconds - (t1 - t0)
    tenth = max(1, len(marks) // 10)
    first = marks[tenth] - marks[0] if len(marks) > tenth else 0.0
    last = marks[-1] - marks[-1 - tenth] if len(marks) > tenth else 0.0
    return {"seconds": seconds, "build_seconds": t1 - t0, "stages": stats.seconds, "documents": stats.documents,
            "sentences": stats.sentences, "tokens_no_punct": stats.words, "relations": stats.relations,
            "entities": len(stats.entities), "quads": len(store), "store_first_tenth_s": first,
            "store_last_tenth_s": last, "peak_rss_mb": rss.peak / 2**20, "self_peak_rss_mb": _self_peak_mb()}


def measure_store(corpus: Path, workers: int, batch_size: int, folder: Path) -> dict:
    from kg import pipeline
    from kg.parse import load_nlp
    from kg.store import GraphStore

    load_nlp(MODEL)
    options = pipeline.Options(model=MODEL, workers=workers, batch_size=batch_size)
    stats = pipeline.Stats()
    with PeakRSS() as rss, GraphStore(folder) as store:
        t0 = time.perf_counter()
        summary = pipeline.build_store([str(corpus)], store, options, stats)
        seconds = time.perf_counter() - t0
        quads = len(store)
    return {"seconds": seconds, "documents": stats.documents, "quads": quads, "added": summary.added,
            "stages": stats.seconds, "peak_rss_mb": rss.peak / 2**20, "self_peak_rss_mb": _self_peak_mb()}


def _in_subprocess(kind: str, corpus: Path, workers: int, batch_size: int, target: Path) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.build_bench", "--measure", kind, "--corpus", str(corpus),
           "--workers", str(workers), "--batch-size", str(batch_size), "--target", str(target)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} measurement failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- report

def machine() -> dict:
    import psutil
    import spacy

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        model_version = spacy.util.get_package_version(MODEL)
    except Exception:  # noqa: BLE001
        model_version = "?"
    return {"cpu": cpu, "cores": os.cpu_count(), "physical_cores": psutil.cpu_count(logical=False),
            "ram_gb": round(psutil.virtual_memory().total / 2**30, 1), "python": platform.python_version(),
            "spacy": spacy.__version__, "model": f"{MODEL} {model_version}", "os": platform.platform(),
            "load_average_at_start": os.getloadavg()[0]}


def _row(name: str, seconds: float, words: int, sentences: int, rss: float, extra: str = "") -> str:
    return (f"{name:<28} {seconds:>9.1f} {words / seconds:>10,.0f} {sentences / seconds:>9,.0f} "
            f"{rss:>9,.0f}  {extra}")


def report(result: dict) -> str:
    m, c, sp, k = result["machine"], result["corpus"], result["spacy"], result["kg"]
    lines = [f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}, "
             f"spaCy {m['spacy']}, {m['model']} (load average {m['load_average_at_start']:.1f} at start)",
             f"corpus: {c['words']:,} words, {c['sentences']:,} sentences, {c['documents']:,} documents "
             f"({c['copies']} copies of {c['source']}); n_process={result['workers']}, "
             f"batch_size={result['batch_size']}; best of {len(result['spacy_runs_s'])} runs each "
             f"(spaCy {result['spacy_runs_s']} s, kg {result['kg_runs_s']} s)",
             "",
             f"{'':<28} {'seconds':>9} {'words/s':>10} {'sents/s':>9} {'peak MB':>9}  (all processes)"]
    lines.append(_row("spaCy nlp.pipe", sp["seconds"], c["words"], c["sentences"], sp["peak_rss_mb"]))
    lines.append(_row("kg build (ttl+html+csv)", k["seconds"], c["words"], c["sentences"], k["peak_rss_mb"],
                      f"{k['quads']:,} quads, {k['relations']:,} relations; main process {k['self_peak_rss_mb']:,.0f} MB"))
    st = k["stages"]
    split = "  ".join(f"{s} {st.get(s, 0.0):.1f}" for s in ("parse", "extract", "resolve", "graph"))
    lines.append(f"{'  worker process-seconds':<28} {split}")
    lines.append(f"{'  main process seconds':<28} store {st['store']:.1f}  write {st['write']:.1f} "
                 f"(graph.ttl here, graph.html and triples.csv in two forked children)")
    lines.append(f"{'  kg / spaCy time':<28} {k['seconds'] / sp['seconds']:.2f}x (pipeline without writing: "
                 f"{k['build_seconds'] / sp['seconds']:.2f}x)")
    lines.append(f"{'  store stage, 1st/last 10%':<28} {k['store_first_tenth_s']:.2f} s / "
                 f"{k['store_last_tenth_s']:.2f} s (equal when linear)")
    for label, s in result.get("store", {}).items():
        lines.append(_row(f"build_store {label}", s["seconds"], s["words"], s["sentences"], s["peak_rss_mb"],
                          f"{s['quads']:,} quads in the store; main process {s['self_peak_rss_mb']:,.0f} MB"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    from kg.pipeline import Options, default_workers

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="corpus size in words (default 1,000,000)")
    parser.add_argument("--quick", action="store_true", help="100,000 words")
    parser.add_argument("--workers", type=int, default=default_workers(), help="n_process for both (default: "
                                                                                 "kg's default)")
    parser.add_argument("--batch-size", type=int, default=Options().batch_size)
    parser.add_argument("--repeat", type=int, default=2, help="runs of spaCy and of kg, alternated; the best "
                                                                  "of each is compared (default 2)")
    parser.add_argument("--no-store", action="store_true", help="skip the store memory comparison")
    parser.add_argument("--measure", choices=("spacy", "kg", "store"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--target", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:   # child process: one measurement, JSON on stdout
        fn = {"spacy": lambda: measure_spacy(args.corpus, args.workers, args.batch_size),
              "kg": lambda: measure_kg(args.corpus, args.workers, args.batch_size, args.target),
              "store": lambda: measure_store(args.corpus, args.workers, args.batch_size, args.target)}
        print(json.dumps(fn[args.measure]()))
        return

    words = 100_000 if args.quick else args.words
    result: dict = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
                    "workers": args.workers, "batch_size": args.batch_size}
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus.jsonl"
        result["corpus"] = write_corpus(corpus, words)
        print(f"corpus: {result['corpus']['words']:,} words in {result['corpus']['documents']:,} documents",
              file=sys.stderr)
        runs: dict[str, list[dict]] = {"spacy": [], "kg": []}
        for n in range(1, args.repeat + 1):     # alternated, so both see the same machine load
            print(f"measuring spaCy nlp.pipe ({n}/{args.repeat}) ...", file=sys.stderr)
            runs["spacy"].append(_in_subprocess("spacy", corpus, args.workers, args.batch_size, tmp / "unused"))
            print(f"measuring kg build ({n}/{args.repeat}) ...", file=sys.stderr)
            runs["kg"].append(_in_subprocess("kg", corpus, args.workers, args.batch_size, tmp / f"out-{n}"))
        for kind, measured in runs.items():
            result[kind] = min(measured, key=lambda r: r["seconds"])
            result[f"{kind}_runs_s"] = [round(r["seconds"], 1) for r in measured]
        if not args.no_store:
            result["store"] = {}
            for label, n in ((f"{words // 10:,} words", words // 10), (f"{words:,} words", words)):
                print(f"measuring build_store, {label} ...", file=sys.stderr)
                small = tmp / f"corpus-{n}.jsonl"
                info = write_corpus(small, n)
                s = _in_subprocess("store", small, args.workers, args.batch_size, tmp / f"store-{n}")
                result["store"][label] = {**s, "words": info["words"], "sentences": info["sentences"]}
    text = report(result)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"build-{result['date'].replace(':', '')}.json"
    out.write_text(json.dumps({**result, "table": text}, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nwrote {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
