"""Background work of the workshops (django-tasks). Tasks take ids, never model instances."""

from django_tasks import task

from mille.workshops import crossing
from mille.workshops.models import CrossingResult, Workshop
from mille.workshops.services import crossing_store


@task()
def analyse_crossing(workshop_id: int) -> int:
    """Analyse the votes if the stored figures are older than them; return the version analysed."""
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
