"""French full-text search of the library, the same for PostgreSQL and SQLite.

Both databases ignore accents and case and reduce words to their French stem (Snowball):
PostgreSQL with its `french` dictionary after `unaccent` (configuration `mille_french`), SQLite
with FTS5 (`remove_diacritics 2`) over words we stem in Python with the same Snowball algorithm.
So « élève », « eleve » and « élèves » find the same items on both.
"""

import difflib
import functools
import html
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass

import snowballstemmer
from django.db import connection, transaction
from django.utils.html import strip_tags

from mille.core.text import is_ascii_digits, normalize_search

_WORD = re.compile(r"\w+", re.UNICODE)
_local = threading.local()


def _stem_word(word: str) -> str:
    """A Snowball stemmer keeps its state while it works: one per thread (a shared one, under a
    threaded server, once raised IndexError in the middle of a search)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("french")
    return stemmer.stemWord(word)


stem = functools.lru_cache(maxsize=200_000)(_stem_word)
# Short French function words that carry no meaning for search (PostgreSQL's list is longer).
STOP_WORDS = frozenset(
    "a au aux avec ce ces dans de des du elle en et eux il je la le les leur lui ma mais me meme "
    "mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi "
    "ton tu un une vos votre vous c d j l m n s t y".split()
)
SQLITE_FTS_TABLE = "library_fts"
PG_CONFIG = "mille_french"


def plain_text(value: str) -> str:
    """Rich text (HTML) to readable plain text."""
    text = re.sub(r"</(p|li|h2|h3|h4|blockquote)>", "\n", value or "")
    return html.unescape(strip_tags(text)).strip()


def words(text: str) -> list[str]:
    """Accent-free, lower-case words."""
    return _WORD.findall(normalize_search(text))


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def query_stems(query: str) -> list[str]:
    """The stems a query asks for: meaningful words only, unless there are none."""
    found = words(query)
    meaningful = [word for word in found if word not in STOP_WORDS] or found
    seen: list[str] = []
    for word_stem in (stem(word) for word in meaningful):
        if word_stem not in seen:
            seen.append(word_stem)
    return seen[:12]


@dataclass(frozen=True)
class Document:
    page_id: int
    title: str
    summary: str
    body: str
    kind: str = ""
    partnership_level: str = ""
    departement_code: str = ""
    published_at: object = None
    terms: tuple[int, ...] = ()


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def index_document(document: Document) -> None:
    """Store (or replace) one item's searchable text."""
    index_documents([document])


def index_documents(documents: list[Document]) -> None:
    """Store (or replace) the searchable text of many items at once."""
    from mille.library.models import SearchEntry, SearchWord

    if not documents:
        return
    ids = [document.page_id for document in documents]
    SearchEntry.objects.filter(page_id__in=ids).delete()
    SearchEntry.objects.bulk_create(
        [
            SearchEntry(
                page_id=d.page_id,
                title=d.title,
                summary=d.summary,
                body=d.body,
                kind=d.kind,
                partnership_level=d.partnership_level,
                departement_code=d.departement_code,
                published_at=d.published_at,
                terms=list(d.terms),
            )
            for d in documents
        ]
    )
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                f"UPDATE library_searchentry SET vector = "
                f"setweight(to_tsvector('{PG_CONFIG}', title), 'A') || "
                f"setweight(to_tsvector('{PG_CONFIG}', summary), 'B') || "
                f"setweight(to_tsvector('{PG_CONFIG}', body), 'C'), head = "
                f"setweight(to_tsvector('{PG_CONFIG}', title), 'A') || "
                f"setweight(to_tsvector('{PG_CONFIG}', summary), 'B') WHERE page_id = ANY(%s)",
                [ids],
            )
        else:
            cursor.executemany(
                f"DELETE FROM {SQLITE_FTS_TABLE} WHERE rowid = %s", [[pk] for pk in ids]
            )
            cursor.executemany(
                f"INSERT INTO {SQLITE_FTS_TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                [
                    [
                        d.page_id,
                        " ".join(stems(d.title)),
                        " ".join(stems(d.summary)),
                        " ".join(stems(d.body)),
                    ]
                    for d in documents
                ],
            )
    vocabulary: dict[str, str] = {}
    for d in documents:
        for written in _WORD.findall(f"{d.title} {d.summary} {d.body}".lower()):
            word = normalize_search(written)
            if 4 <= len(word) <= 40 and not is_ascii_digits(word) and " " not in word:
                vocabulary.setdefault(word, written)
    SearchWord.objects.bulk_create(
        [
            SearchWord(word=word, display=written, prefix=word[:2])
            for word, written in vocabulary.items()
        ],
        ignore_conflicts=True,
        batch_size=500,
    )


def rebuild_index() -> None:
    """Make the full-text index again from the stored entries: after a restore the entries come
    back as rows, but not the index kept beside them (`tsvector` columns, the FTS5 table)."""
    from mille.library.models import SearchEntry

    if not is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SQLITE_FTS_TABLE}")
    index_documents(
        [
            Document(
                page_id=entry.page_id,
                title=entry.title,
                summary=entry.summary,
                body=entry.body,
                kind=entry.kind,
                partnership_level=entry.partnership_level,
                departement_code=entry.departement_code,
                published_at=entry.published_at,
                terms=tuple(entry.terms),
            )
            for entry in SearchEntry.objects.all()
        ]
    )


def remove_document(page_id: int) -> None:
    from mille.library.models import SearchEntry

    SearchEntry.objects.filter(page_id=page_id).delete()
    if not is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SQLITE_FTS_TABLE} WHERE rowid = %s", [page_id])


def _fts_expression(query: str) -> str:
    """An FTS5 query: every stem, quoted (stems hold word characters only)."""
    return " AND ".join(f'"{stem}"' for stem in query_stems(query))


def match_sql(query: str) -> tuple[str, list] | None:
    """SQL selecting (page_id, score) of matching items, best first by ascending score.

    None when the query holds no word.
    """
    if is_postgresql():
        if not words(query):
            return None
        return (
            "SELECT page_id, -ts_rank(head, q) AS score FROM library_searchentry, "
            f"websearch_to_tsquery('{PG_CONFIG}', %s) AS q WHERE vector @@ q",
            [" ".join(words(query))],
        )
    expression = _fts_expression(query)
    if not expression:
        return None
    return (
        f"SELECT rowid AS page_id, bm25({SQLITE_FTS_TABLE}, 10.0, 4.0, 1.0) AS score "
        f"FROM {SQLITE_FTS_TABLE} WHERE {SQLITE_FTS_TABLE} MATCH %s",
        [expression],
    )


def match_condition(query: str) -> tuple[str, list]:
    """A condition on `library_searchentry` rows: the item matches the query (unranked)."""
    if is_postgresql():
        return (
            f"library_searchentry.vector @@ websearch_to_tsquery('{PG_CONFIG}', %s)",
            [" ".join(words(query))],
        )
    return (
        f"library_searchentry.page_id IN "
        f"(SELECT rowid FROM {SQLITE_FTS_TABLE} WHERE {SQLITE_FTS_TABLE} MATCH %s)",
        [_fts_expression(query)],
    )


ENTRY_IDS_SELECT = 'SELECT "library_searchentry"."page_id" AS "page_id" FROM "library_searchentry"'


def term_counts_sql(entries_sql: str) -> str:
    """SQL counting, per term id, the entries selected by `entries_sql` (their `terms` lists).

    `entries_sql` selects entry ids; its conditions are applied in the same scan when its shape
    is the plain one, else through a sub-query.
    """
    table = '"library_searchentry"'
    each = (
        f'jsonb_array_elements_text({table}."terms")'
        if is_postgresql()
        else f'json_each({table}."terms")'
    )
    if entries_sql.startswith(ENTRY_IDS_SELECT):
        conditions = entries_sql[len(ENTRY_IDS_SELECT) :]
        return f"SELECT t.value, COUNT(*) FROM {table}, {each} t{conditions} GROUP BY t.value"
    return (
        f"SELECT t.value, COUNT(*) FROM {table}, {each} t "
        f'WHERE {table}."page_id" IN ({entries_sql}) GROUP BY t.value'
    )


@contextmanager
def planned_for_text_search():
    """PostgreSQL underestimates what `@@` costs on a sequential scan (every vector is read and
    decompressed), so it scans the table for common words where the GIN index is 2–3× faster.
    The planner has no hints: sequential scans are turned off for this transaction only."""
    if not is_postgresql():
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def close_terms(query: str, limit: int = 3) -> list[str]:
    """Words of the library that look like the query's words (typing mistakes, other forms)."""
    from mille.library.models import SearchWord

    suggestions: list[str] = []
    for word in words(query):
        if len(word) < 4 or word in STOP_WORDS:
            continue
        candidates = dict(
            SearchWord.objects.filter(prefix=word[:2])
            .exclude(word=word)
            .values_list("word", "display")[:5000]
        )
        for close in difflib.get_close_matches(word, list(candidates), n=limit, cutoff=0.7):
            if candidates[close] not in suggestions:
                suggestions.append(candidates[close])
    return suggestions[:limit]


def excerpt(text: str, query: str, width: int = 220) -> tuple[str, bool]:
    """A passage of `text` around the first word matching the query, with matches marked.

    Returns HTML (escaped text, `<mark>` around matching words) and whether anything matched.
    """
    wanted = set(query_stems(query)) if query else set()
    spans: list[tuple[int, int]] = []
    for found in _WORD.finditer(text):
        if wanted and stem(normalize_search(found.group())) in wanted:
            spans.append(found.span())
    start = 0
    if spans:
        start = max(0, spans[0][0] - width // 3)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    end = min(len(text), start + width)
    while end < len(text) and not text[end - 1].isspace():
        end += 1
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(html.escape(text[cursor:span_start]))
        pieces.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(html.escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(pieces).strip() + suffix, bool(spans)
