"""The partnership views' decorators, one per kind of object. Every object is found through the
group of the URL: another group's id gives 404."""

from django.shortcuts import get_object_or_404

from mille.core.permissions import object_view
from mille.partnerships.models import (
    ActionDocument,
    Contact,
    ConventionVersion,
    Evaluation,
    Indicator,
    Meeting,
    Partnership,
    Representative,
)
from mille.workshops.models import Action


def load_partnership(slug: str, pk: int) -> Partnership:
    return get_object_or_404(
        Partnership.objects.select_related("group", "structure"), pk=pk, group__slug=slug
    )


def load_action(slug: str, action_pk: int) -> Action:
    return get_object_or_404(
        Action.objects.select_related("group", "workshop"), pk=action_pk, group__slug=slug
    )


def _of_partnership(model):
    def load(slug: str, pk: int, item_pk: int):
        return get_object_or_404(
            model.objects.select_related("partnership__group", "partnership__structure"),
            pk=item_pk,
            partnership_id=pk,
            partnership__group__slug=slug,
        )

    return load


def load_version(slug: str, pk: int, number: int) -> ConventionVersion:
    return get_object_or_404(
        ConventionVersion.objects.select_related("partnership__group", "partnership__structure"),
        number=number,
        partnership_id=pk,
        partnership__group__slug=slug,
    )


def load_evaluation(slug: str, evaluation_pk: int) -> Evaluation:
    return get_object_or_404(
        Evaluation.objects.select_related(
            "partnership__group", "partnership__structure", "workshop"
        ),
        pk=evaluation_pk,
        partnership__group__slug=slug,
    )


def _of_action(model):
    def load(slug: str, action_pk: int, item_pk: int):
        return get_object_or_404(
            model.objects.select_related("action__group"),
            pk=item_pk,
            action_id=action_pk,
            action__group__slug=slug,
        )

    return load


def _partnership_of(item):
    return item.partnership


def _action_of(item):
    return item.action


partnership_view = object_view(load_partnership, "slug", "pk")
action_view = object_view(load_action, "slug", "action_pk")
meeting_view = object_view(
    _of_partnership(Meeting), "slug", "pk", "item_pk", check_on=_partnership_of
)
contact_view = object_view(
    _of_partnership(Contact), "slug", "pk", "item_pk", check_on=_partnership_of
)
representative_view = object_view(
    _of_partnership(Representative), "slug", "pk", "item_pk", check_on=_partnership_of
)
version_view = object_view(load_version, "slug", "pk", "number", check_on=_partnership_of)
evaluation_view = object_view(load_evaluation, "slug", "evaluation_pk", check_on=_partnership_of)
indicator_view = object_view(
    _of_action(Indicator), "slug", "action_pk", "item_pk", check_on=_action_of
)
document_view = object_view(
    _of_action(ActionDocument), "slug", "action_pk", "item_pk", check_on=_action_of
)
