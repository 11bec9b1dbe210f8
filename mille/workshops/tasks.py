"""Background work of the workshops (django-tasks). Tasks take ids, never model instances."""

from django.core.cache import cache
from django_tasks import task

from mille.workshops import crossing
from mille.workshops.models import CrossingResult, Workshop
from mille.workshops.services import crossing_store

PENDING_SECONDS = 60


def pending_key(workshop_id: int) -> str:
    return f"crossing-pending:{workshop_id}"


@task()
def analyse_crossing(workshop_id: int) -> int:
    """Analyse the votes if the stored figures are older than them (or of an older format);
    return the version analysed."""
    # From here on, a new vote asks for a new task: this one may read the votes before it.
    cache.delete(pending_key(workshop_id))
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    if workshop is None:
        return -1
    version = workshop.vote_version
    stored = (
        CrossingResult.objects.filter(workshop_id=workshop_id)
        .values_list("vote_version", "figures")
        .first()
    )
    stored_figures = crossing.CrossingFigures.from_json(stored[1]) if stored else None
    if stored_figures is not None and stored[0] >= version:
        return stored[0]
    # The opinion groups continue from the stored analysis: they keep their numbers.
    previous = stored_figures.continuation if stored_figures else None
    crossing_store(
        workshop_id=workshop_id, figures=crossing.compute(workshop, previous), version=version
    )
    return version
