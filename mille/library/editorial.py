"""The home, charter and FAQ pages' words, as edited in Wagtail, ready to render (cached)."""

from wagtail.rich_text import expand_db_html

from mille.core.cache import cached

EDITORIAL_NAMESPACE = "library-editorial"


def home_content(page) -> dict:
    return {
        "title": page.title,
        "hero_text": page.hero_text,
        "body": expand_db_html(page.body),
        "steps": expand_db_html(page.steps),
    }


def charter_content(page) -> dict:
    return {
        "title": page.title,
        "intro": expand_db_html(page.intro),
        "principles": [(block.value["title"], block.value["text"]) for block in page.principles],
        "commitment": expand_db_html(page.commitment),
    }


def faq_content(page) -> dict:
    return {
        "title": page.title,
        "intro": expand_db_html(page.intro),
        "questions": [
            (block.value["question"], expand_db_html(block.value["answer"].source))
            for block in page.questions
        ],
    }


def live_content(model_name: str) -> dict | None:
    """The live page's content, or None when the page is missing or unpublished."""
    from mille.library import models

    model, render = {
        "home": (models.HomePage, home_content),
        "charter": (models.CharterPage, charter_content),
        "faq": (models.FaqPage, faq_content),
    }[model_name]

    def compute():
        page = model.objects.live().first()
        return render(page) if page else {}

    return cached(EDITORIAL_NAMESPACE, model_name, compute) or None
