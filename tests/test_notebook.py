"""notebooks/explore.ipynb runs top to bottom on the seed article, from the repo root or from notebooks/."""

from __future__ import annotations

import hashlib
import html
import os
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = [pytest.mark.model, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_the_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert nb.metadata.kernelspec.name == "python3"


def html_outputs(nb) -> list[str]:
    return [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if "text/html" in o.get("data", {})]


@pytest.mark.parametrize("cwd", ["", "notebooks"], ids=["from-root", "from-notebooks"])
def test_notebook_runs_and_shows_tables_a_chart_and_the_view(tmp_path, cwd):
    before = hashlib.sha256(NOTEBOOK.read_bytes()).hexdigest()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # the kernel must be this interpreter (the venv's): "python3" resolves to sys.executable
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(ROOT / cwd)}})
    try:
        client.execute(env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    finally:
        nbformat.write(nb, tmp_path / "explore.executed.ipynb")   # for a look when it fails
    assert hashlib.sha256(NOTEBOOK.read_bytes()).hexdigest() == before

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    stderr = "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stderr")
    assert "Warning" not in stderr, stderr
    stdout = [o.text for o in outputs if o.output_type == "stream" and o.name == "stdout"]
    assert Path(stdout[-1].strip()).resolve() == Path(sys.executable).resolve()
    assert stdout[0].strip() == f"repository: {ROOT}"

    pages = html_outputs(nb)
    frames = [p for p in pages if 'class="dataframe"' in p]
    assert len(frames) >= 8
    assert all(re.search(r"<tbody>\s*<tr", f) for f in frames)       # every table has rows
    assert any("NCMEC" in f or "Missing" in f for f in frames)
    assert any("Department of Justice" in f and "prosecutes" in f for f in frames)
    assert any("pagerank" in f and "community" in f for f in frames)
    assert [o for o in outputs if "image/png" in o.get("data", {})]   # the relations chart

    view = pages[-1]
    m = re.fullmatch(r'<div><iframe srcdoc="([^"]*)" style="[^"]*" title="Knowledge graph"></iframe></div>', view)
    assert m, view[:300]
    page = html.unescape(m.group(1))
    assert page.startswith("<!DOCTYPE html>") and 'id="kg-data"' in page and "Content-Security-Policy" in page
