"""Word lists per language: stop words, stemmer names and a small French synonym table.

The synonym table is about the school and family domain of Mille's workshops: it maps words and
short phrases that say the same thing to one canonical word (`prof` and `maîtresse` to
`enseignant`). Keep it modest: a synonym that is only sometimes one merges different ideas.
Single words are matched after stemming (so their inflections follow); phrases are matched on
the lower-cased words before stemming.
"""

from __future__ import annotations

# Snowball algorithm per language code; a code not listed here is tokenised without stemming.
STEMMERS: dict[str, str] = {"fr": "french", "en": "english", "tr": "turkish", "ar": "arabic"}

_FR_STOP = """
a à ai aie ait as au aux avec avoir avons avez avait avaient aura auront aurait
alors aussi autre autres beaucoup bien ça car ce ceci cela celle celles celui ces cet cette
c ci comme comment d dans de des du donc dont elle elles en encore est et été être étaient
était eu eux fait faire fais font fois faut faudrait h il ils j je jamais l la le les leur leurs
lui lorsqu lorsque m ma mais me même mes moi mon n ne ni nos notre nous on ont ou où par parce
pas peu peut peuvent plus pour pourquoi pourrait qu quand que quel quelle quelles quels qui
quoi s sa sans se ses si soi son sont sous souvent sur t ta te tes toi ton toujours tous tout toute
toutes très trop tu un une unes uns vos votre vous y va vont sera seront serait suis sommes
êtes été chez jusqu puisqu rien personne chaque
"""

_EN_STOP = """
a about after all also an and any are as at be been being but by can could do does did for from
had has have he her him his how i if in into is it its just me more my no not of on or our out
she should so some than that the their them then there these they this those to too up very was
we were what when where which who why will with would you your
"""

_TR_STOP = """
acaba ama ancak bazı ben beni benim bir biraz biz bize bizim bu bunu bunun çok da daha de değil
diye en gibi hem hep her hiç için ile ise kadar ki kim mi mı mu mü ne neden o olan olarak on ona
onlar onu onun sen siz şey şu ve veya ya yani
"""

_AR_STOP = """
في من على إلى الى عن مع هذا هذه ذلك تلك التي الذي الذين هو هي هم نحن أنا انا أن ان إن لا ما لم
لن قد كان كانت يكون أو او ثم كل بعض عند كما لكن بين حتى إذا اذا هناك
"""

STOP_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(_FR_STOP.split()),
    "en": frozenset(_EN_STOP.split()),
    "tr": frozenset(_TR_STOP.split()),
    "ar": frozenset(_AR_STOP.split()),
}

# Phrases whose words would mislead: `au lieu de` is no place.
STOP_PHRASES: dict[str, tuple[str, ...]] = {"fr": ("au lieu de", "au lieu d")}

# canonical word -> words or phrases (lower case) that say the same thing in a workshop.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {
        "école": ("établissement", "groupe scolaire"),
        "enseignant": (
            "prof",
            "profs",
            "professeur",
            "professeure",
            "maître",
            "maîtresse",
            "instituteur",
            "institutrice",
            "enseignante",
        ),
        "devoirs": ("travail à la maison", "travail du soir", "leçons", "devoir"),
        "parents": ("familles", "famille"),
        "enfant": ("élève", "gamin", "gamine", "gosse", "môme"),
        "père": ("papa",),
        "mère": ("maman",),
        "cantine": ("restauration scolaire", "restaurant scolaire", "repas de midi", "self"),
        "écran": ("tablette", "télé", "télévision", "jeux vidéo", "console", "smartphone"),
        "réunion": ("rencontre", "rendez vous", "rdv"),
        "cher": ("coûte", "coûtent", "coût", "prix", "tarif", "payant", "onéreux"),
        "harcèlement": ("harceler", "harcelé", "moquerie", "brimade"),
        "traduire": ("traducteur", "interprète", "traduction", "allophone"),
        "accompagnant": ("aesh", "avs"),
        "ent": ("pronote", "espace numérique", "plateforme en ligne", "application", "appli"),
        "fournitures": ("matériel scolaire", "affaires d école", "affaires scolaires"),
        "transport": ("bus", "car scolaire", "transports scolaires", "ramassage scolaire"),
        "sommeil": ("dormir", "dorment", "endorment", "coucher", "couchent"),
        "fatigue": ("fatigué", "épuisé"),
        "accueil": ("bienvenu", "bienvenue", "bienvenus", "bienvenues", "accueillir"),
        "portail": ("grille",),
        "juger": ("jugent", "préjugé", "jugement"),
        "exclusion": ("exclure", "exclu", "renvoi", "renvoyé"),
        "sanction": ("punition", "puni", "punir"),
        "absent": ("absence",),
        "remplacer": ("remplaçant", "remplaçante"),
        "surchargé": ("chargé", "effectif"),
        "salle": ("local", "endroit", "espace", "lieu"),
        "orientation": ("orienter", "filière", "affectation", "parcoursup"),
        "soignant": (
            "infirmière",
            "infirmier",
            "médecin",
            "orthophoniste",
            "psychologue",
            "pédopsychiatre",
        ),
        "danger": ("dangereux", "dangereuse"),
        "mot": ("vocabulaire", "jargon", "terme", "langage", "sigle"),
        "comprendre": ("comprends", "comprennent", "compris", "incompréhensible"),
    },
    "en": {
        "teacher": ("teachers", "teaching staff"),
        "homework": ("home work", "assignments"),
        "parents": ("families", "family"),
        "child": ("children", "kids", "kid", "pupil", "pupils", "student", "students"),
        "school": ("schools",),
    },
}
