"""`kg build` end to end on the seed, and its errors on bad input."""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from kg.cli import app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
runner = CliRunner()
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(out), "--force"])
    assert result.exit_code == 0, result.output
    return out, result


def test_build_writes_the_three_outputs(seed_build):
    out, result = seed_build
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl", "triples.csv"]
    assert "1 documents" in result.output and "relations" in result.output
    graph = Graph().parse(out / "graph.ttl")
    assert len(graph) > 100


def test_the_summary_counts_the_relations_the_graph_holds(tmp_path):
    # "Petrov" is another name of the cathedral: two readings of one fact, one statement
    text = tmp_path / "doc.txt"
    text.write_text("La cathédrale de Saints-Pierre-et-Paul (ou Petrov) est située à Brno.", encoding="utf-8")
    result = runner.invoke(app, ["build", str(text), "--out", str(tmp_path / "out"), "--force"])
    assert result.exit_code == 0, result.output
    with open(tmp_path / "out" / "triples.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert f"{len(rows)} relations" in result.output and len(rows) == 1


def test_csv_has_one_row_per_statement_with_surface_text(seed_build):
    out, _ = seed_build
    with open(out / "triples.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    graph = Graph().parse(out / "graph.ttl")
    n_statements = len(list(graph.subjects(predicate=None, object=None, unique=True)))
    assert rows and n_statements
    text = (SEEDS / "doj-ai-csam-prosecutions.txt").read_text(encoding="utf-8")
    for row in rows:
        start, end = int(row["sentence_start"]), int(row["sentence_end"])
        assert text[start:end] == row["sentence"]            # offsets point into the source
        assert row["subject_text"] and row["object_text"] and row["predicate"]
    assert any(r["predicate"] == "prosecutes" and "Justice" in r["subject"] for r in rows)


def test_same_input_gives_byte_identical_turtle(seed_build, tmp_path):
    out, _ = seed_build
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


@pytest.mark.skipif(shutil.which("rapper") is None, reason="raptor2-utils (rapper) is installed by .ci/run")
def test_turtle_parses_in_raptor(seed_build):
    out, _ = seed_build
    proc = subprocess.run(["rapper", "-c", "-i", "turtle", str(out / "graph.ttl")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_existing_output_needs_force(seed_build):
    out, _ = seed_build
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(out)])
    assert result.exit_code == 1
    assert "--force" in result.output


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "empty document"),
    ("binary.txt", b"\x89PNG\x00\x01", "binary file"),
    ("latin1.txt", "Le café est fermé.".encode("latin-1"), "invalid UTF-8"),
])
def test_bad_input_is_one_line_error_and_writes_nothing(tmp_path, name, content, message):
    src = tmp_path / name
    src.write_bytes(content)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(src), "--out", str(out)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_unreadable_file(tmp_path, monkeypatch):
    src = tmp_path / "secret.txt"
    src.write_text("Ada a fondé Acme.", encoding="utf-8")

    def denied(self):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(Path, "read_bytes", denied)   # CI runs as root, where chmod 0 is not enforced
    result = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {src}: cannot read (Permission denied)"


def test_unknown_model_and_missing_path(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Ada a fondé Acme.", encoding="utf-8")
    result = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "o"), "--model", "xx_nope_sm"])
    assert result.exit_code == 1 and "cannot load spaCy model 'xx_nope_sm'" in result.output
    assert not (tmp_path / "o").exists()
    result = runner.invoke(app, ["build", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "no such file or directory" in result.output


def test_console_script_reports_errors_without_traceback(tmp_path):
    kg = Path(sys.executable).parent / "kg"
    assert kg.exists(), "the kg console script is not installed; run pip install -e ."
    proc = subprocess.run([str(kg), "build", str(tmp_path / "missing"), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("Error:") and "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_turtle_does_not_depend_on_the_hash_seed(tmp_path):
    """Byte-identical output across processes: no set or dict order may leak into the graph."""
    kg = Path(sys.executable).parent / "kg"
    src = Path(__file__).parent / "gold" / "fr-gsd-input.jsonl"
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([str(kg), "build", str(src), "--out", str(out), "--workers", "1"],
                              capture_output=True, text=True, env=env)
        assert proc.returncode == 0, proc.stderr
        outputs.append((out / "graph.ttl").read_bytes())
    assert outputs[0] == outputs[1]
