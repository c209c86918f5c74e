"""Usage errors from the `kg` script: one `Error:` line naming the help, exit 2, like every other error."""

import sys

import pytest

from kg.cli import main


def run_kg(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["kg", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    return exited.value.code, out, err


@pytest.mark.parametrize("args, message, help_of", [
    (("export", "g.ttl", "--format", "nope", "--out", "x"), "'nope' is not one of 'ttl'", "kg export"),
    (("build",), "Missing argument 'paths'", "kg build"),
    (("build", "seeds", "--bogus"), "No such option: --bogus", "kg build"),
    (("build", "seeds", "--workers", "0"), "greater than or equal to 1", "kg build"),
    (("nosuch",), "No such command 'nosuch'", "kg"),
])
def test_usage_error_is_one_line(monkeypatch, capsys, args, message, help_of):
    code, out, err = run_kg(monkeypatch, capsys, *args)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Error: ") and message in lines[0] and f"(see '{help_of} --help')" in lines[0]
    assert "Value error" not in lines[0] and "╭" not in err


def test_bare_kg_shows_the_commands(monkeypatch, capsys):
    code, out, err = run_kg(monkeypatch, capsys)
    assert code == 2 and "build" in out + err and "Error:" not in out + err


def test_help_exits_zero(monkeypatch, capsys):
    code, out, _ = run_kg(monkeypatch, capsys, "--help")
    assert code == 0 and "query" in out
