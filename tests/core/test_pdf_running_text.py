"""A PDF's running header and footer print titles as they are: hyphens, quotes, accents and Arabic.

CSS strings take `\\hex ` escapes; JavaScript's `\\u002D` (escapejs) would be printed literally, as
« Croisement des savoirs 2025u002D2026 »."""

import io
import re
from pathlib import Path

from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from mille.core.templatetags.printing import css_string
from mille.workshops import services as workshop_services

TITLE = 'Croisement des savoirs 2025-2026 : « l\'école » "ouverte" — مدرسة'
RUNNING = re.compile(r"@(top|bottom)-[a-z-]+\s*\{[^}]*content:[^;]*;", re.S)
TEMPLATES = Path(__file__).resolve().parents[2] / "mille"


def _text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_every_running_header_and_footer_escapes_for_css():
    found = []
    for template in TEMPLATES.rglob("*.html"):
        for match in RUNNING.finditer(template.read_text(encoding="utf-8")):
            rule = match.group(0)
            found.append(template.name)
            assert "escapejs" not in rule, template
            if "{{" in rule or "{%" in rule:
                assert "css_string" in rule, template
    assert len(found) >= 3  # the workshop sheets, the printed inventory, the core base


def test_css_string_escapes_what_ends_a_string_and_keeps_the_rest():
    assert css_string('a"b') == "a\\22 b"
    assert css_string("l'école 2025-2026 مدرسة") == "l\\27 école 2025-2026 مدرسة"
    assert css_string("</style>") == "\\3c /style\\3e "


def test_workshop_report_footer_keeps_the_title(group, facilitator):
    workshop = workshop_services.workshop_create(
        group=group, actor=facilitator, blueprint="croisement"
    )
    workshop.title = TITLE
    workshop.save(update_fields=["title"])
    client = Client()
    client.force_login(facilitator)
    text = _text(client.get(reverse("workshops:report", args=[workshop.pk])))
    assert "2025-2026" in text and "u002D" not in text and "\\2d" not in text.lower()
    assert text.count("2025-2026") >= 2  # the title and the running footer


def test_printed_inventory_footer_keeps_the_group_name(group, coordinator):
    group.name = "Lille-Fives « l'école » مدرسة"
    group.save(update_fields=["name"])
    client = Client()
    client.force_login(coordinator)
    text = _text(client.get(reverse("inventory:pdf", args=[group.slug])))
    assert "Lille-Fives" in text and "u002D" not in text and "\\2d" not in text.lower()
    assert text.count("Lille-Fives") >= 2
