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


RENDERERS = {"home": home_content, "charter": charter_content, "faq": faq_content}


def page_content(name: str, page=None) -> dict | None:
    """The page's words: from `page` itself (a preview), else from the live page (cached).
    None when the page is missing or unpublished."""
    render = RENDERERS[name]
    if page is not None:
        return render(page)
    from mille.library import models

    model = {"home": models.HomePage, "charter": models.CharterPage, "faq": models.FaqPage}[name]

    def compute():
        live = model.objects.live().first()
        return render(live) if live else {}

    return cached(EDITORIAL_NAMESPACE, name, compute) or None
