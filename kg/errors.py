"""Errors that name the input, the problem and a way out; only cli.py turns them into exit codes."""


class KGError(Exception):
    """Base class for every error kg reports to the user."""


class SeedError(KGError):
    """A document path or its content cannot be read."""


class ModelError(KGError):
    """A spaCy pipeline cannot be loaded."""


class QueryError(KGError):
    """A SPARQL query is malformed or cannot run."""


class GraphError(KGError):
    """An RDF graph or store cannot be read or written."""


class ValidationError(KGError):
    """A graph violates the SHACL shapes."""


class EndpointError(KGError):
    """A remote SPARQL endpoint refused a request or cannot be reached."""
