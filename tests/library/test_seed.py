"""The seeds' content is published at migrate time, credited, and findable."""

from wagtail.models import Site, WorkflowPage

from mille.library.bootstrap import NATIONAL_GROUP, ensure_site
from mille.library.models import (
    CharterPage,
    ExperiencePage,
    FaqPage,
    GuidePage,
    HomePage,
    LibraryIndexPage,
    LibraryItemPage,
    PartnershipLevel,
    TeachingPage,
)


def test_site_tree_and_seed_items(db):
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert LibraryIndexPage.objects.live().get().url == "/bibliotheque/"
    assert CharterPage.objects.live().get().url == "/charte/"
    assert FaqPage.objects.live().get().url == "/faq/"
    teaching = TeachingPage.objects.live().get()
    assert teaching.title.startswith("1er enseignement")
    assert "Collectif national" in teaching.credit
    assert "mobilisation en amont" in teaching.vigilance
    experiences = ExperiencePage.objects.live()
    assert experiences.count() == 6
    assert all(page.credit.startswith("D'après l'intervention") for page in experiences)
    levels = set(experiences.values_list("partnership_level", flat=True))
    assert levels == {
        PartnershipLevel.MINIMAL,
        PartnershipLevel.INTERMEDIATE,
        PartnershipLevel.MAXIMAL,
    }
    fives = experiences.get(slug="lille-fives-ecole-familles-quartier")
    assert {term.slug for term in fives.lenses.all()} >= {"empowerment"}
    assert fives.departement_id == "59"


def test_guide_has_open_empty_parts(db):
    guide = GuidePage.objects.live().get()
    sections = [block.value for block in guide.sections]
    open_titles = [section["title"] for section in sections if section["open_for_contributions"]]
    assert "8. Ce qu'il faut faire pour que ça ne marche pas" in open_titles
    assert "11. Des contacts" in open_titles
    assert not any(section["open_for_contributions"] for section in sections[:7])
    assert "centre social" in str(sections[0]["body"])


def test_bootstrap_is_idempotent_and_sets_the_review_workflow(db):
    before = LibraryItemPage.objects.count()
    ensure_site()
    assert LibraryItemPage.objects.count() == before == 8
    library = LibraryIndexPage.objects.get()
    assert WorkflowPage.objects.get(page=library).workflow.name.startswith("Relecture")


def test_national_coordinators_join_the_editor_group(national, outsider):
    assert national.groups.filter(name=NATIONAL_GROUP).exists()
    assert national.has_perm("wagtailadmin.access_admin")
    assert not outsider.has_perm("wagtailadmin.access_admin")
    national.is_national_coordinator = False
    national.save()
    assert not national.groups.filter(name=NATIONAL_GROUP).exists()
