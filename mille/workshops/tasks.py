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
    """Analyse the votes if the stored figures are older than them; return the version analysed."""
    # From here on, a new vote asks for a new task: this one may read the votes before it.
    cache.delete(pending_key(workshop_id))
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    if workshop is None:
        return -1
    version = workshop.vote_version
    stored = (
        CrossingResult.objects.filter(workshop_id=workshop_id)
        .values_list("vote_version", flat=True)
        .first()
    )
    if stored is not None and stored >= version:
        return stored
    crossing_store(workshop_id=workshop_id, figures=crossing.compute(workshop), version=version)
    return version
