"""kg: build provenance-rich RDF knowledge graphs from French and English documents."""

__version__ = "0.1.0"
