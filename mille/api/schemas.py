"""The API's response and query schemas (field names in French, like the open data files)."""

import datetime
import re
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator

DEPARTEMENT = r"^([0-9]{2,3}|2[ABab])$"
COMMUNE = r"^[0-9][0-9ABab][0-9]{3}$"
CODE = r"^[a-z0-9_-]{1,40}$"
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_only(value):
    # Without this a number would be read as a Unix timestamp (0 is 1 January 1970).
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError("AAAA-MM-JJ")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]


class Error(Schema):
    detail: str


class PageQuery(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Nombre d'éléments (100 au plus)")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Nombre d'éléments à sauter")


class PlaceQuery(PageQuery):
    departement: str = Field("", pattern=DEPARTEMENT + "|^$", description="Code du département")
    commune: str = Field("", pattern=COMMUNE + "|^$", description="Code INSEE de la commune")


class ResourceQuery(PlaceQuery):
    dispositif: str = Field("", pattern=CODE + "|^$", description="Dispositif (rep, clas...)")


class LibraryQuery(PageQuery):
    departement: str = Field("", pattern=DEPARTEMENT + "|^$")
    theme: str = Field("", pattern=CODE + "|^$", description="Code du thème")


class EventQuery(PlaceQuery):
    depuis: IsoDate | None = Field(None, description="Se termine ce jour ou après")
    jusqu_au: IsoDate | None = Field(None, description="Commence ce jour ou avant")


class Group(Schema):
    nom: str
    identifiant: str
    page: str
    departement: str
    territoire: str
    quartier: str
    communes_insee: list[str]
    latitude: float
    longitude: float
    reconnu: bool
    reconnu_le: datetime.date | None
    cree_le: datetime.date


class GroupPage(Schema):
    total: int
    items: list[Group]


class Service(Schema, extra="allow"):
    id: str
    nom: str
    thematiques: list[str] | None = None


class Structure(Schema, extra="allow"):
    """A data·inclusion structure (schema v1) with its services; `mille_*` fields extend it."""

    source: str
    id: str
    nom: str
    date_maj: str
    commune: str | None = None
    code_insee: str | None = None
    mille_visibilite: str
    services: list[Service]


class StructurePage(Schema):
    total: int
    items: list[Structure]


class LibraryItem(Schema):
    titre: str
    sorte: str
    page: str
    resume: str
    themes: str
    dispositifs: str
    publics: str
    departement: str
    publie_le: str


class LibraryPage(Schema):
    total: int
    items: list[LibraryItem]


class Event(Schema):
    identifiant: str
    titre: str
    resume: str
    niveau: str
    debut: datetime.datetime
    fin: datetime.datetime
    departement: str | None
    commune_insee: str | None
    lieu: str
    en_ligne: bool
    groupe: str | None


class EventPage(Schema):
    total: int
    items: list[Event]


class KeyFigure(Schema):
    identifiant: str
    libelle: str
    valeur: int | None
    personnes: bool = Field(description="Un nombre de personnes (arrondi à 5, caché sous 5)")
    cache: bool = Field(description="Moins de 5 personnes : nombre caché")
    arrondi: bool


class TableRow(Schema):
    libelle: str
    valeurs: list[int | None]


class Table(Schema):
    identifiant: str
    titre: str
    remarque: str
    colonnes: list[str]
    colonnes_personnes: list[bool]
    lignes: list[TableRow]
    totaux: list[int | None] | None


class Observatory(Schema):
    territoire: str
    chiffres_cles: list[KeyFigure]
    part_sans_compte: int | None
    tableaux: list[Table]


class Action(Schema):
    identifiant: str
    titre: str
    description: str
    etat: str
    quand: str
    porteur: str
    partenaires: str
    atelier: int | None
    cree_le: datetime.datetime


class ActionPage(Schema):
    total: int
    items: list[Action]
