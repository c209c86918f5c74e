"""Closed classes of nouns the rules read: institutions, roles and kinds of place."""

ORG_NOUNS = frozenset(
    "ministère organisation association centre agence entreprise société groupe institut université "
    "tribunal cour parti fondation commission conseil service section bureau office "
    "gouvernement administration banque compagnie fédération syndicat comité assemblée sénat club "
    "équipe police armée journal ong firme laboratoire école hôpital musée clan dynastie tribu "
    "ministry organization organisation association center centre agency company firm group institute "
    "university court party foundation commission council department service section bureau office "
    "government administration bank federation union committee team police army newspaper".split())

ROLE_NOUNS = frozenset(
    "président présidente vice-président vice-présidente directeur directrice responsable fondateur "
    "fondatrice porte-parole ministre secrétaire chef cheffe procureur procureure avocat avocate juge "
    "président-directeur pdg ceo chercheur chercheuse professeur professeure maire député députée "
    "president vice-president director head founder spokesperson spokesman spokeswoman minister secretary "
    "chief prosecutor attorney lawyer judge researcher professor mayor "
    "membre conseiller conseillère sénateur sénatrice gouverneur gouverneure roi reine évêque archevêque "
    "entraîneur entraîneuse capitaine rédacteur rédactrice éditeur commissaire ambassadeur ambassadrice "
    "chancelier chancelière patron patronne dirigeant dirigeante cofondateur cofondatrice co-fondateur "
    "trésorier trésorière commandant gérant gérante délégué déléguée administrateur administratrice "
    "member councillor senator governor king queen bishop archbishop coach captain editor commissioner "
    "ambassador chancellor chairman chairwoman chair ceo cofounder co-founder treasurer commander manager".split())

PLACE_NOUNS = frozenset(
    "ville commune village hameau localité quartier arrondissement canton département région province "
    "état pays île presqu'île cap péninsule continent rivière fleuve lac mont montagne massif vallée "
    "plaine désert forêt baie golfe côte plage port gare station aéroport rue avenue place pont autoroute "
    "cathédrale église abbaye basilique chapelle château monument musée stade parc quartier faubourg "
    "city town village hamlet district county department region province state country island cape "
    "peninsula river lake mountain valley desert forest bay coast port station airport street square "
    "bridge cathedral church abbey castle museum stadium park suburb".split())

WORK_NOUNS = frozenset(
    "film livre roman album chanson single série feuilleton pièce opéra tableau poème essai revue magazine "
    "bande dessinée manga jeu émission documentaire œuvre oeuvre loi traité programme rapport "
    "film book novel album song series play opera painting poem essay magazine comic game show documentary "
    "work law treaty report".split())

EVENT_NOUNS = frozenset(
    "guerre bataille tournoi championnat coupe course festival élection élections conférence sommet "
    "révolution crise match jeux concours exposition saison division "
    "war battle tournament championship cup race festival election conference summit revolution crisis "
    "match games contest exhibition season".split())

PRODUCT_NOUNS = frozenset(
    "avion voiture char navire bateau sous-marin logiciel téléphone ordinateur console moteur fusée "
    "locomotive modèle marque médicament "
    "aircraft plane car tank ship boat submarine software phone computer console engine rocket locomotive "
    "model brand drug".split())


# agent nouns whose "de" complement is what they did: "X, fondateur de Y" -> (X, founds, Y)
AGENT_RELATIONS = {
    **dict.fromkeys(("fondateur", "fondatrice", "cofondateur", "cofondatrice", "co-fondateur", "founder",
                     "cofounder", "co-founder"), "founds"),
    **dict.fromkeys(("créateur", "créatrice", "inventeur", "inventrice", "creator", "inventor"), "creates"),
    **dict.fromkeys(("découvreur", "découvreuse", "discoverer"), "discovers"),
    **dict.fromkeys(("auteur", "auteure", "autrice", "compositeur", "compositrice", "scénariste", "author",
                     "composer", "screenwriter"), "writes"),
    **dict.fromkeys(("réalisateur", "réalisatrice"), "directs"),
    **dict.fromkeys(("propriétaire", "owner"), "owns"),
    **dict.fromkeys(("organisateur", "organisatrice", "organizer", "organiser"), "organizes"),
    **dict.fromkeys(("producteur", "productrice", "producer"), "produces"),
    **dict.fromkeys(("constructeur", "builder"), "builds"),
    **dict.fromkeys(("vainqueur", "lauréat", "lauréate", "gagnant", "gagnante", "winner"), "wins"),
}
# "l'auteur de l'attentat" did not write it: these need a work or a name
WRITERS = frozenset(("auteur", "auteure", "autrice", "author"))

# administrative and territorial units, named by a "de" complement or a name ("la région Lorraine")
ADMIN_UNITS = frozenset("commune département région canton arrondissement province état pays comté district "
                        "municipalité ville village territoire diocèse paroisse".split())

# units whose "de" name is the unit itself ("la ville de Segorbe" is Segorbe); not "canton", "arrondissement",
# "diocèse" or "comté", distinct places named after their chief town
UNITS_NAMED = frozenset("ville commune village municipalité quartier région province département état pays île "
                        "territoire".split())

# "son père Maurice": kinship is a relation between people, not a class
KINSHIP = frozenset("père mère fils fille frère sœur soeur oncle tante cousin cousine époux épouse mari femme "
                     "grand-père grand-mère neveu nièce father mother son daughter brother sister wife husband".split())

# ties a possessive gives a person, besides kinship: "ses amis", "son ancien mentor", "son successeur"
TIES = KINSHIP | frozenset(
    "ami amie compagnon compagne fiancé fiancée beau-frère belle-sœur beau-père belle-mère gendre belle-fille "
    "demi-frère demi-sœur petit-fils petite-fille grand-oncle grand-tante mentor maître élève disciple "
    "successeur prédécesseur associé collaborateur friend partner successor predecessor "
    "brother-in-law sister-in-law father-in-law mother-in-law son-in-law daughter-in-law".split())

# nouns for people, and the agent suffixes of more ("mineur", "chroniqueur", "pianiste")
PEOPLE_NOUNS = frozenset(
    "individu enfant victime personne gens utilisateur créateur procureur avocat juge expert défenseur "
    "développeur auteur citoyen habitant électeur joueur membre militant policier soldat élève étudiant "
    "salarié employé ouvrier chercheur journaliste médecin patient ministre député sénateur élu dirigeant "
    "responsable adolescent ado adulte homme femme parent famille internaute consommateur client "
    "analyste diplomate philosophe poète peintre cinéaste romancier romancière banquier moine prêtre pape "
    "psychologue sociologue politologue archéologue biologiste photographe biographe "
    "colonel général lieutenant sergent caporal amiral maréchal duc duchesse comte comtesse marquis marquise "
    "baron baronne vicomte vicomtesse prince princesse empereur impératrice pape cardinal abbé abbesse "
    "révérend chanoine curé pasteur rabbin imam sultan émir tsar candidat candidate champion championne "
    "lauréat lauréate héros héroïne adjoint adjointe pionnier pionnière "
    "people person user creator prosecutor lawyer judge expert advocate developer author citizen "
    "resident voter player member activist officer soldier student worker researcher journalist doctor "
    "patient minister senator leader child children victim adult man woman parent family customer "
    "candidate champion laureate hero heroine".split())
# endings of French nationality nouns: "les Suédois", "le Japonais"
NATIONALITY_ENDINGS = ("ais", "ois", "ain", "aine", "ien", "ienne", "éen", "éenne", "and", "ande")
# "mineur", "pianiste", "physicien": French agent nouns; the English ones also end in -er, -ist, -ant
_AGENT_SUFFIXES = ("eur", "euse", "rice", "iste", "ien", "ienne")
PEOPLE_SUFFIXES = (*_AGENT_SUFFIXES, "er", "ist", "ant")


def names_person(lemma: str) -> bool:
    """A common noun for a person: "ministre", "mineur", "pianiste" (not "journal", not "famille")."""
    return (lemma in ROLE_NOUNS or lemma in PEOPLE_NOUNS and lemma not in ("famille", "family", "gens", "people")
            or lemma.endswith(_AGENT_SUFFIXES) and len(lemma) > 5)


def class_of_noun(lemma: str) -> str | None:
    """The kg class a common noun names instances of ("ville" -> Place), if it is one of ours."""
    for nouns, kind in ((PLACE_NOUNS, "Place"), (ORG_NOUNS, "Organization"), (ROLE_NOUNS, "Person"),
                        (WORK_NOUNS, "Work"), (EVENT_NOUNS, "Event"), (PRODUCT_NOUNS, "Product")):
        if lemma in nouns:
            return kind
    return None
