"""axe-core (WCAG 2.2 AA tags) finds no violation on any page of the foundation, at 360 and 1280 px."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from mille.groups import services
from tests.browser.conftest import AXE_OPTIONS, axe_check, login_cookie

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [360, 1280]


@pytest.fixture
def pages(group, coordinator, member, national, outsider):
    services.charter_commit(group=group, actor=coordinator)
    services.recognition_submit(group=group, actor=coordinator)
    invitation = services.invitation_create(group=group, actor=coordinator)
    services.join_request_create(
        group=group, user=outsider, message="Bonjour, je suis maman à Fives."
    )
    slug = group.slug
    return {
        "anonymous": [
            reverse("portal:home"),
            reverse("library:charter"),
            reverse("library:faq"),
            reverse("core:accessibility"),
            reverse("core:privacy"),
            reverse("core:legal"),
            reverse("core:start"),
            reverse("groups:directory"),
            reverse("groups:directory") + "?q=zzzz",
            reverse("groups:departements"),
            reverse("groups:departement", args=["59"]),
            reverse("groups:map"),
            reverse("groups:detail", args=[slug]),
            reverse("groups:invitation", args=[invitation.token]),
            reverse("groups:invitation", args=["inconnu"]),
            reverse("account_login"),
            reverse("account_signup"),
            reverse("account_request_login_code"),
            reverse("account_reset_password"),
            "/cette-page-n-existe-pas/",
        ],
        coordinator: [
            reverse("portal:dashboard"),
            reverse("accounts:profile"),
            reverse("mfa_index"),
            reverse("mfa_activate_totp"),
            reverse("groups:create"),
            reverse("groups:edit", args=[slug]),
            reverse("groups:members", args=[slug]),
            reverse("groups:invitations", args=[slug]),
            reverse("groups:criteria", args=[slug]),
            reverse("groups:detail", args=[slug]),
            reverse("groups:leave", args=[slug]),
        ],
        member: [
            reverse("groups:criteria", args=[slug]),
            reverse("groups:members", args=[slug]),
            reverse("groups:edit", args=[slug]),
        ],
        outsider: [
            reverse("groups:detail", args=[slug]),
            reverse("groups:invitation", args=[invitation.token]),
        ],
        national: [
            reverse("groups:review_queue"),
            reverse("groups:review", args=[slug]),
            reverse("portal:dashboard"),
        ],
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violation_on_any_page(page_at, pages, width):
    for who, paths in pages.items():
        page = page_at(width=width)
        if who != "anonymous":
            login_cookie(page, who)
        for path in paths:
            axe_check(page, path)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violation_after_htmx_swaps(page_at, group, coordinator, width):
    page = page_at(width=width)
    login_cookie(page, coordinator)
    page.goto(page.base + reverse("groups:create"))
    page.get_by_label("Ajouter une commune : tapez son nom ou son code postal").fill("Saint")
    page.locator("#commune-suggestions button").first.wait_for()
    assert Axe().run(page, options=AXE_OPTIONS).violations_count == 0
    page.locator("#commune-suggestions button").first.click()
    page.locator("#chosen-communes li").first.wait_for()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()

    page.goto(page.base + reverse("groups:directory"))
    page.get_by_label("Nom, commune ou code postal").fill("fives")
    page.wait_for_url("**q=fives**")
    page.locator("#directory-results[aria-busy]").wait_for(state="detached")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_touch_targets_are_at_least_44px(page_at, group):
    page = page_at(width=360)
    page.goto(page.base + reverse("groups:directory"))
    small = page.evaluate(
        """() => [...document.querySelectorAll('main button, main .button, .main-nav a, main input, main select')]
            .filter(el => el.offsetParent !== null && el.type !== 'hidden' && el.type !== 'checkbox')
            .filter(el => { const r = el.getBoundingClientRect(); return r.height < 44 || r.width < 44; })
            .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert small == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["ar", "tr"])
def test_arabic_and_turkish_pages_have_no_violation_and_fit_the_screen(
    page_at, pages, language, width
):
    """The public pages in Arabic (right to left) and Turkish: axe finds nothing, and nothing is
    pushed past the screen's edge by the mirrored layout or by longer words."""
    page = page_at(width=width)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])
    for path in [*pages["anonymous"], reverse("workshops:join_start")]:
        axe_check(page, path)
        assert page.get_attribute("html", "lang") == language
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (path, overflow)
