"""The gazetteer: name normalisation, lookups, context aliases, merged files and malformed files."""

from pathlib import Path

import pytest

from kg.errors import KGError
from kg.gazetteer import load_gazetteer, normalize_name
from kg.ontology import class_names, ontology_dir

HEADER = "id\tkind\tlabel_en\tlabel_fr\taliases\tcontext_aliases\n"


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize("a, b", [
    ("le Ministère Américain de la justice", "ministère américain de la Justice"),
    ("Ministere americain de la Justice", "ministère américain de la Justice"),
    ("U.S. Department of Justice", "US Department of Justice"),
    ("National Center for Missing & Exploited Children", "National Center for Missing and Exploited Children"),
    ("l’intelligence artificielle", "intelligence artificielle"),
    ("L'IA", "IA"),
    ("Côte d’Ivoire", "cote d'ivoire"),
    ("États-Unis", "Etats Unis"),
    ("« Thorn »", "Thorn"),
    ("The Guardian", "Guardian"),
    ("de la Banque mondiale", "Banque mondiale"),
    ("Œuvre", "oeuvre"),
    ("ＺＡＴＡＺ", "zataz"),                 # NFKC: full-width letters
])
def test_normalize_name_equates(a, b):
    assert normalize_name(a) == normalize_name(b)


@pytest.mark.parametrize("text, key", [
    ("le Ministère Américain de la justice", "ministere americain de la justice"),
    ("UN Security Council", "un security council"),   # an all-caps first word is an acronym, not "un"
    ("Un conseil", "conseil"),
    ("La", "la"),                                     # a lone article stays
    ("", ""),
])
def test_normalize_name_key(text, key):
    assert normalize_name(text) == key


@pytest.mark.parametrize("text, entry_id", [
    ("ministère américain de la Justice", "us-department-of-justice"),
    ("Le ministère américain de la Justice", "us-department-of-justice"),
    ("US Department of Justice", "us-department-of-justice"),
    ("U.S. Department of Justice", "us-department-of-justice"),
    ("DOJ", "us-department-of-justice"),
    ("Department of Justice of the United States", "us-department-of-justice"),
    ("ministère de la Justice américain", "us-department-of-justice"),
    ("département de la Justice des États-Unis", "us-department-of-justice"),
    ("Centre national pour les enfants disparus et exploités", "ncmec"),
    ("National Center for Missing & Exploited Children", "ncmec"),
    ("NCMEC", "ncmec"),
    ("Thorn", "thorn"),
    ("Reuters", "reuters"),
    ("ZATAZ", "zataz"),
    ("FBI", "fbi"),
    ("Europol", "europol"),
    ("Interpol", "interpol"),
    ("ONU", "un"),
    ("Nations unies", "un"),
    ("UE", "eu"),
    ("Union européenne", "eu"),
    ("OTAN", "nato"),
    ("OMS", "who"),
    ("UNICEF", "unicef"),
    ("États-Unis", "united-states"),
    ("Allemagne", "germany"),
    ("Pays-Bas", "netherlands"),
    ("Assemblée nationale", "french-national-assembly"),
    ("ministère des Armées", "french-ministry-of-armed-forces"),
    ("OpenAI", "openai"),
    ("l'intelligence artificielle", "artificial-intelligence"),
    ("IA générative", "generative-ai"),
])
def test_match(gazetteer, text, entry_id):
    entry = gazetteer.match(text)
    assert entry is not None and entry.id == entry_id


@pytest.mark.parametrize("text", [
    "ministère de la Justice",     # every country has one: context alias only
    "le ministère",
    "Justice Department",
    "Congo",                       # two countries
    "Acme Widgets",
    "",
])
def test_no_match_without_context(gazetteer, text):
    assert gazetteer.match(text) is None


@pytest.mark.parametrize("text, named, expected", [
    ("ministère de la Justice", {"us-department-of-justice"}, "us-department-of-justice"),
    ("le ministère", {"us-department-of-justice"}, "us-department-of-justice"),
    ("Justice Department", {"us-department-of-justice", "fbi"}, "us-department-of-justice"),
    ("ministère de la Justice", {"french-ministry-of-justice"}, "french-ministry-of-justice"),
    ("ministère de la Justice", set(), None),                      # not named: stays unresolved
    ("ministère de la Justice", {"fbi"}, None),
    ("le ministère", {"us-department-of-justice", "french-ministry-of-justice"}, None),  # ambiguous
    ("DOJ", set(), "us-department-of-justice"),                    # plain aliases need no context
    ("Congo", {"dr-congo"}, "dr-congo"),
])
def test_match_in_context(gazetteer, text, named, expected):
    entry = gazetteer.match_in_context(text, named)
    assert (entry.id if entry else None) == expected


def test_required_entries(gazetteer):
    doj = gazetteer.get("us-department-of-justice")
    assert doj.kind == "Organization"
    assert doj.label_en == "US Department of Justice" and doj.label_fr == "ministère américain de la Justice"
    assert {"ministère de la Justice", "le ministère", "Justice Department", "Department of Justice"} <= set(
        doj.context_aliases)
    assert gazetteer.get("zataz").kind == "Organization"
    assert gazetteer.get("france").kind == "Place"
    assert len(gazetteer) >= 300
    assert sum(1 for e in gazetteer if e.kind == "Place") >= 100


def test_shipped_entries_are_well_formed(gazetteer):
    kinds = class_names()
    names = {normalize_name(n) for e in gazetteer for n in (e.label_en, e.label_fr, *e.aliases) if n}
    for e in gazetteer:
        assert e.kind in kinds, e.id
        # a context alias that is also a plain name of some entry could never act as one
        assert not {normalize_name(c) for c in e.context_aliases} & names, e.id


def test_default_gazetteer_is_cached():
    assert load_gazetteer() is load_gazetteer()


def _write(tmp_path: Path, body: str, name: str = "gazetteer.tsv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_later_file_wins(tmp_path):
    mine = _write(tmp_path, "# mine\n" + HEADER +
                  "thorn\tOrganization\tThorn\tThorn\tThorn NGO\t\n"
                  "acme\tOrganization\tAcme\tAcme\tACME Corp\tla société\n", "mine.tsv")
    gazetteer = load_gazetteer([ontology_dir() / "gazetteer.tsv", mine])
    assert gazetteer.match("Thorn NGO").id == "thorn"
    assert gazetteer.match("ACME corp").id == "acme"
    assert gazetteer.match_in_context("la société", {"acme"}).id == "acme"
    assert gazetteer.match("Reuters").id == "reuters"       # the default file is still there


@pytest.mark.parametrize("row, message", [
    ("acme\tOrganization\tAcme\n", "expected 6 tab-separated columns, got 3"),
    ("Acme Corp\tOrganization\tAcme\tAcme\t\t\n", "is not a slug"),
    ("acme\tCompany\tAcme\tAcme\t\t\n", "unknown kind 'Company'"),
    ("acme\tDocument\tAcme\tAcme\t\t\n", "unknown kind 'Document'"),
    ("acme\tOrganization\t\t\t\t\n", "neither label_en nor label_fr"),
    ("acme\tOrganization\tAcme\tAcme\t« — »\t\n", "empty once articles and punctuation are removed"),
    ("thorn\tOrganization\tThorn\tThorn\t\t\n", "id 'thorn' already defined on line 2"),
    ("acme\tOrganization\tAcme\tAcme\tThorn\t\n", "already names thorn (line 2)"),
])
def test_malformed_file(tmp_path, row, message):
    path = _write(tmp_path, HEADER + "thorn\tOrganization\tThorn\tThorn\t\t\n" + row)
    with pytest.raises(KGError) as err:
        load_gazetteer([path])
    assert str(err.value).startswith(f"{path}:3:") and message in str(err.value)


def test_missing_header(tmp_path):
    path = _write(tmp_path, "thorn\tOrganization\tThorn\tThorn\t\t\n")
    with pytest.raises(KGError, match=r":1: expected the header line"):
        load_gazetteer([path])
