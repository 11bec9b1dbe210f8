"""Library items: indexing for search, and the text helpers forms share."""

import html

from mille.core.cache import invalidate
from mille.library import search
from mille.library.models import LibraryItemPage

LIST_NAMESPACE = "library-list"


def paragraphs_html(text: str) -> str:
    """Plain text typed in a form, as safe HTML paragraphs (every character escaped)."""
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in block.split("\n")) + "</p>"
        for block in blocks
        if block
    )


def item_document(page: LibraryItemPage, terms: tuple[int, ...] | None = None) -> search.Document:
    """What search keeps of a live item; `terms` saves the queries when the caller knows them."""
    page = page.specific
    if terms is None:
        terms = tuple(
            term.pk
            for relation in ("themes", "schemes", "audiences")
            for term in getattr(page, relation).all()
        )
    parts = [search.plain_text(str(part)) for part in page.text_parts()[1:] if part]
    return search.Document(
        page_id=page.pk,
        title=page.title,
        summary=page.summary,
        body="\n".join(parts),
        kind=page.kind,
        partnership_level=page.partnership_level,
        departement_code=page.departement_id or "",
        published_at=page.first_published_at or page.last_published_at,
        terms=terms,
    )


def item_index(*, page: LibraryItemPage) -> None:
    """Make a live item findable (called when it is published)."""
    search.index_document(item_document(page))
    invalidate(LIST_NAMESPACE)


def item_unindex(*, page_id: int) -> None:
    search.remove_document(page_id)
    invalidate(LIST_NAMESPACE)
