"""The site's fixed frame, created after every `migrate` when missing (idempotent).

Wagtail's page tree (home → library, charter, FAQ), the vocabulary of facets, the national
coordination's editor group and review workflow, and the seeds' content — published and credited.
"""

import datetime
import json
from pathlib import Path

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.db import transaction

from mille.inventory.models import Scheme

CONTENT = Path(__file__).parent / "content"
NATIONAL_GROUP = "Coordination nationale"
WORKFLOW_NAME = "Relecture par la coordination nationale"

VOCABULARY = {
    "theme": [
        ("pairs", "Travail entre pairs", ""),
        ("croisement-des-savoirs", "Croisement des savoirs", ""),
        ("ecole-quartier", "École et quartier", ""),
        ("partenariat", "Partenariat", ""),
        ("parentalite", "Soutien à la parentalité", ""),
        ("decrochage", "Décrochage scolaire", ""),
        ("orientation", "Orientation", ""),
        ("formation", "Se former ensemble", ""),
        ("gouvernance", "Gouvernance et pilotage", ""),
        ("territoire", "Territoire", ""),
        ("reconnaissance", "Reconnaissance des parents", ""),
        ("aller-vers", "Aller vers les familles", ""),
        ("evaluation", "Évaluation partagée", ""),
    ],
    "audience": [
        ("parents", "Parents", ""),
        ("enseignants", "Enseignants", ""),
        ("professionnels", "Acteurs socio-éducatifs", ""),
        ("animateurs", "Animateurs de groupes", ""),
        ("elus", "Élus et collectivités", ""),
        ("jeunes", "Enfants et jeunes", ""),
    ],
    "scheme": [(code.replace("_", "-"), str(label), "") for code, label in Scheme.choices]
    + [("contrat-de-ville", "Contrat de ville", "")],
    "lens": [
        ("care", "Care : prendre soin, solidarité de proximité", "Valeurs du soin"),
        ("cure", "Cure : prendre en charge, technique", "Valeurs du soin"),
        ("cura", "Cura : vigilance, se faire du souci", "Valeurs du soin"),
        ("additive", "Additive : cumuler des mesures de proximité", "Conception de l'action"),
        ("compensatory", "Compensatoire : agir sur le contexte", "Conception de l'action"),
        ("autonomist", "Autonomiste : impliquer la personne", "Conception de l'action"),
        ("low-threshold", "Bas seuil : éviter que ça se dégrade", "Seuil d'exigence"),
        ("empowerment", "Empowerment : le pouvoir d'agir", "Seuil d'exigence"),
        ("contract", "Contrat : des obligations partagées", "Seuil d'exigence"),
        ("civic-test", "Épreuve civique : l'intérêt de qui ?", "Épreuves"),
        ("industrial-test", "Épreuve industrielle : quels outils ?", "Épreuves"),
        ("domestic-test", "Épreuve domestique : qui a l'autorité ?", "Épreuves"),
    ],
}


def _load(name: str):
    return json.loads((CONTENT / name).read_text(encoding="utf-8"))


def ensure_vocabulary() -> None:
    from mille.library.models import Term

    existing = set(Term.objects.values_list("kind", "slug"))
    Term.objects.bulk_create(
        [
            Term(kind=kind, slug=slug, label=label, group_label=group_label)
            for kind, entries in VOCABULARY.items()
            for slug, label, group_label in entries
            if (kind, slug) not in existing
        ]
    )


def _terms(kind: str, slugs: list[str]):
    from mille.library.models import Term

    return list(Term.objects.filter(kind=kind, slug__in=slugs))


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_pages():
    """Root, home, library, charter and FAQ; returns (home, library)."""
    from wagtail.models import Locale, Page, Site

    from mille.library.models import CharterPage, FaqPage, HomePage, LibraryIndexPage

    Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Racine", slug="root"))
    editorial = _load("seed.json")["editorial"]
    home = HomePage.objects.first()
    if home is None:
        data = editorial["home"]
        home = _publish(
            root,
            HomePage(
                title=data["title"],
                slug="accueil",
                hero_text=data["hero_text"],
                body=data["body"],
                steps=data["steps"],
            ),
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": "Mille et un territoires",
        },
    )
    # Wagtail's own welcome page is replaced by ours.
    Page.objects.filter(depth=2, content_type__model="page").exclude(pk=home.pk).delete()
    library = LibraryIndexPage.objects.first()
    if library is None:
        library = _publish(
            home,
            LibraryIndexPage(
                title="La bibliothèque du réseau",
                slug="bibliotheque",
                intro="<p>Enseignements, fiches d'expérience, témoignages, outils et guides : ce que "
                "le réseau a appris, pour agir sur votre territoire.</p>",
            ),
        )
    if not CharterPage.objects.exists():
        data = editorial["charter"]
        _publish(
            home,
            CharterPage(
                title=data["title"],
                slug="charte",
                intro=data["intro"],
                commitment=data["commitment"],
                principles=[
                    ("principle", {"title": title, "text": text})
                    for title, text in data["principles"]
                ],
            ),
        )
    if not FaqPage.objects.exists():
        data = editorial["faq"]
        _publish(
            home,
            FaqPage(
                title=data["title"],
                slug="faq",
                intro=data["intro"],
                questions=[
                    ("question", {"question": question, "answer": answer})
                    for question, answer in data["questions"]
                ],
            ),
        )
    return home, library


def ensure_review(home, library) -> Group:
    """The national coordination's editor group, and the workflow every library item goes through."""
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    group, _ = Group.objects.get_or_create(name=NATIONAL_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    collection = Collection.get_first_root_node() or Collection.add_root(name="Racine")
    for app_label, codenames in (
        ("wagtaildocs", ("add_document", "change_document", "choose_document")),
        ("wagtailimages", ("add_image", "change_image", "choose_image")),
    ):
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        task = GroupApprovalTask.objects.create(name="Relecture nationale")
        task.groups.set([group])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=library, defaults={"workflow": workflow})
    from mille.accounts.models import User

    group.user_set.add(*User.objects.filter(is_national_coordinator=True, is_active=True))
    return group


def sync_national_coordinator(user) -> None:
    """National coordinators belong to the editor group; nobody else does."""
    group = Group.objects.filter(name=NATIONAL_GROUP).first()
    if group is None:
        return
    if user.is_national_coordinator and user.is_active:
        user.groups.add(group)
    else:
        user.groups.remove(group)


def ensure_seed_items(library) -> None:
    from mille.library.models import ExperiencePage, GuidePage, LibraryItemPage, TeachingPage
    from mille.territories.models import Departement

    seed = _load("seed.json")
    present = set(LibraryItemPage.objects.values_list("slug", flat=True))

    def facets(page, data):
        page.themes = _terms("theme", data.get("themes", []))
        page.audiences = _terms("audience", data.get("audiences", []))
        page.schemes = _terms("scheme", data.get("schemes", []))
        return page

    data = seed["teaching"]
    if data["slug"] not in present:
        _publish(
            library,
            facets(
                TeachingPage(
                    title=data["title"],
                    slug=data["slug"],
                    summary=data["summary"],
                    credit=data["credit"],
                    key_message=data["key_message"],
                    why=data["why"],
                    examples=data["examples"],
                    resources=data["resources"],
                    vigilance=data["vigilance"],
                ),
                data,
            ),
        )
    data = seed["guide"]
    if data["slug"] not in present:
        sections = [
            (
                "section",
                {
                    "title": f"{number}. {part['title']}"
                    if part["title"] != "Pour conclure"
                    else part["title"],
                    "body": part["body"],
                    "open_for_contributions": not part["body"],
                },
            )
            for number, part in enumerate(_load("guide_sections.json"), start=1)
        ]
        _publish(
            library,
            facets(
                GuidePage(
                    title=data["title"],
                    slug=data["slug"],
                    summary=data["summary"],
                    credit=data["credit"],
                    intro=data["intro"],
                    sections=sections,
                ),
                data,
            ),
        )
    departements = {d.code: d for d in Departement.objects.all()}
    for data in _load("experiences.json"):
        if data["slug"] in present:
            continue
        page = facets(
            ExperiencePage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                credit=data["credit"],
                place=data["place"],
                departement=departements.get(data["departement"]),
                dates_text=data["dates_text"],
                started_on=datetime.date.fromisoformat(data["started_on"])
                if data.get("started_on")
                else None,
                ended_on=datetime.date.fromisoformat(data["ended_on"])
                if data.get("ended_on")
                else None,
                context=data["context"],
                partners_did=data["partners_did"],
                results=data["results"],
                contact=data.get("contact", ""),
                partnership_level=data["level"],
            ),
            data,
        )
        page.lenses = _terms("lens", data["lenses"])
        _publish(library, page)


def ensure_site(sender=None, using="default", **kwargs) -> None:
    for label in ("wagtailcore", "wagtailadmin", "wagtaildocs", "wagtailimages", "library"):
        config = global_apps.get_app_config(label)
        create_contenttypes(config, verbosity=0, using=using)
        create_permissions(config, verbosity=0, using=using)
    with transaction.atomic(using=using):
        ensure_vocabulary()
        home, library = ensure_pages()
        ensure_review(home, library)
        ensure_seed_items(library)
