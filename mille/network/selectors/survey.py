"""Reads for the survey: which questions show, and the results (counts, breakdowns, charts)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from mille.accounts.models import Category
from mille.network.charts import bar_chart
from mille.network.models import Answer, Question, QuestionKind, Response, Survey

# Breakdown cells under this count are hidden from the public (they could point at a person).
SMALL_CELL = 3


def visible_questions(questions: list[Question], answers: dict) -> list[Question]:
    """The questions shown, in order, given the answers so far (question id → value). A question
    whose condition's question is itself hidden is hidden too."""
    shown: list[Question] = []
    shown_ids: set[int] = set()
    for question in questions:
        condition = question.condition_question_id
        if condition is not None:
            if condition not in shown_ids:
                continue
            value = answers.get(condition)
            values = (
                set(value) if isinstance(value, list) else ({value} if value is not None else set())
            )
            if not values & set(question.condition_values):
                continue
        shown.append(question)
        shown_ids.add(question.pk)
    return shown


def condition_text(question: Question, by_id: dict[int, Question]) -> str:
    condition = by_id.get(question.condition_question_id)
    if condition is None:
        return ""
    labels = dict(condition.value_labels())
    chosen = " / ".join(f"« {labels.get(value, value)} »" for value in question.condition_values)
    return _("Posée si la réponse à « %(question)s » est %(values)s.") % {
        "question": condition.text,
        "values": chosen,
    }


@dataclass
class Row:
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    question: Question
    answered: int
    rows: list[Row] = field(default_factory=list)
    chart: str = ""
    mean: float | None = None
    texts: int = 0
    breakdown: list[tuple[str, list[str]]] = field(default_factory=list)


def _departement_label(code, names: dict) -> str:
    return names.get(code, _("Non dit")) if code else _("Non dit")


def survey_results(
    survey: Survey, *, breakdown: str = "", full: bool = False
) -> tuple[int, list[QuestionResult], list[str]]:
    """(responses, a result per question, the breakdown's column labels). `breakdown` is
    "departement" or "category"; `full` (the coordination) shows small breakdown cells too."""
    from mille.territories.models import Departement

    questions = list(survey.questions.order_by("position", "pk"))
    total = Response.objects.filter(survey=survey).count()
    counts = Counter()
    answered = Counter()
    for row in (
        Answer.objects.filter(question__survey=survey, value__isnull=False)
        .values("question_id", "value")
        .annotate(n=Count("pk"))
    ):
        counts[(row["question_id"], row["value"])] = row["n"]
    for row in (
        Answer.objects.filter(question__survey=survey)
        .values("question_id")
        .annotate(n=Count("response_id", distinct=True))
    ):
        answered[row["question_id"]] = row["n"]
    sums = defaultdict(int)
    for (question_id, value), n in counts.items():
        sums[question_id] += value * n
    columns: list[str] = []
    cells: dict = {}
    if breakdown in ("departement", "category"):
        key = "response__departement_id" if breakdown == "departement" else "response__category"
        names = dict(Departement.objects.values_list("code", "name"))
        categories = dict(Category.choices)
        label = (
            (lambda code: _departement_label(code, names))
            if breakdown == "departement"
            else (lambda code: str(categories.get(code, _("Non dit"))) if code else _("Non dit"))
        )
        column_keys = set()
        for row in (
            Answer.objects.filter(question__survey=survey, value__isnull=False)
            .values("question_id", "value", key)
            .annotate(n=Count("pk"))
        ):
            column_keys.add(row[key] or "")
            cells[(row["question_id"], row["value"], row[key] or "")] = row["n"]
        ordered = sorted(column_keys, key=lambda k: (k == "", label(k)))
        columns = [label(k) for k in ordered]
    results = []
    for question in questions:
        result = QuestionResult(question=question, answered=answered[question.pk])
        if question.kind == QuestionKind.TEXT:
            result.texts = answered[question.pk]
            results.append(result)
            continue
        denominator = max(result.answered, 1)
        for value, text in question.value_labels():
            n = counts[(question.pk, value)]
            result.rows.append(Row(text, n, round(100 * n / denominator)))
        if question.kind == QuestionKind.SCALE and result.answered:
            result.mean = round(sums[question.pk] / result.answered, 1)
        result.chart = bar_chart(
            [(row.label, row.count, row.percent) for row in result.rows],
            title=question.text,
            description=_("%(n)d réponses. ") % {"n": result.answered}
            + "; ".join(f"{row.label} : {row.count} ({row.percent} %)" for row in result.rows),
            ident=f"q{question.pk}",
        )
        if columns:
            for value, text in question.value_labels():
                line = []
                for column_key in ordered:
                    n = cells.get((question.pk, value, column_key), 0)
                    line.append(str(n) if full or n == 0 or n >= SMALL_CELL else f"< {SMALL_CELL}")
                result.breakdown.append((text, line))
        results.append(result)
    return total, results, columns


def free_texts(survey: Survey) -> list[tuple[Question, list[str]]]:
    """Every free-text answer, by question (the coordination only)."""
    rows = defaultdict(list)
    for question_id, text in (
        Answer.objects.filter(question__survey=survey, question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .order_by("pk")
        .values_list("question_id", "text")
    ):
        rows[question_id].append(text)
    return [
        (q, rows[q.pk])
        for q in survey.questions.order_by("position", "pk")
        if q.kind == QuestionKind.TEXT
    ]


def survey_csv_rows(survey: Survey):
    """One row per response: day, département, category, group, then one column per question
    (several choices joined by « | »). No person, no time of day."""
    questions = list(survey.questions.order_by("position", "pk"))
    labels = {q.pk: dict(q.value_labels()) for q in questions}
    categories = dict(Category.choices)
    yield [_("jour"), _("département"), _("catégorie"), _("groupe")] + [q.text for q in questions]
    responses = (
        Response.objects.filter(survey=survey)
        .select_related("group")
        .prefetch_related("answers")
        .order_by("pk")
    )
    for response in responses.iterator(chunk_size=500):
        by_question = defaultdict(list)
        for answer in response.answers.all():
            if answer.value is not None:
                by_question[answer.question_id].append(
                    labels[answer.question_id].get(answer.value, "")
                )
            else:
                by_question[answer.question_id].append(answer.text)
        yield [
            response.submitted_on.isoformat(),
            response.departement_id or "",
            str(categories.get(response.category, "")),
            response.group.name if response.group_id else "",
        ] + [" | ".join(by_question.get(q.pk, [])) for q in questions]


def nearest_groups(latitude: float, longitude: float, limit: int = 5):
    """The local groups closest to a point (« rejoindre la mobilisation »), with their distance in
    km. Every group's point is read once: a thousand rows, no geographic database needed."""
    from math import asin, cos, radians, sin, sqrt

    from mille.groups.models import LocalGroup

    def distance(lat, lon) -> float:
        d_lat, d_lon = radians(lat - latitude), radians(lon - longitude)
        a = sin(d_lat / 2) ** 2 + cos(radians(latitude)) * cos(radians(lat)) * sin(d_lon / 2) ** 2
        return 2 * 6371 * asin(sqrt(a))

    rows = LocalGroup.objects.values_list("pk", "latitude", "longitude")
    closest = sorted((distance(lat, lon), pk) for pk, lat, lon in rows)[:limit]
    groups = LocalGroup.objects.in_bulk([pk for _d, pk in closest])
    return [(groups[pk], round(km)) for km, pk in closest if pk in groups]
