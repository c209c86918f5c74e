"""Check a graph against ontology/shapes.ttl (SHACL, pyshacl) and report violations people can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import SH

from kg.errors import ValidationError
from kg.ontology import ontology_dir
from kg.query import compact


@dataclass(frozen=True, slots=True)
class Violation:
    focus: str          # the node that breaks a shape
    path: str           # the property, "" for node-level constraints
    message: str
    value: str = ""     # the offending value, when there is one
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}".strip()
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass(slots=True)
class Report:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def text(self) -> str:
        if self.conforms:
            return "Graph conforms to ontology/shapes.ttl\n"
        lines = [f"{len(self.violations)} violations of ontology/shapes.ttl"]
        lines += [f"  {v}" for v in self.violations]
        return "\n".join(lines) + "\n"


@cache
def load_shapes() -> Graph:
    """Parse ontology/shapes.ttl once per process."""
    path = ontology_dir() / "shapes.ttl"
    try:
        return Graph().parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as err:
        raise ValidationError(f"{path}: cannot read the SHACL shapes ({err}); reinstall kg or set KG_ONTOLOGY") \
            from err


def _union(graph: Graph) -> Graph:
    # pyshacl validates each named graph of a Dataset on its own; kg's promises hold for the union
    if not isinstance(graph, Dataset):
        return graph
    out = Graph()
    for s, p, o, _g in graph.quads((None, None, None, None)):
        out.add((s, p, o))
    return out


def validate_graph(graph: Graph, shapes: Graph | None = None) -> Report:
    """SHACL validation of a graph or dataset (the union of its named graphs), without inference."""
    from pyshacl import validate

    conforms, results, _text = validate(
        _union(graph), shacl_graph=shapes if shapes is not None else load_shapes(), inference="none",
        abort_on_first=False, allow_infos=True, allow_warnings=True, advanced=False)
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        message = results.value(result, SH.resultMessage)
        violations.append(Violation(
            focus=compact(focus), path=compact(path) if isinstance(path, URIRef) else "",
            message=str(message or "constraint not met"),
            value=compact(value) if value is not None else "",
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        ))
    violations = sorted(set(violations), key=lambda v: (v.focus, v.path, v.message, v.value))
    return Report(bool(conforms), violations)
