"""The views' decorator for local groups: `@group_view("groups.<permission>")`."""

from django.shortcuts import get_object_or_404

from mille.core.permissions import object_view
from mille.groups.models import LocalGroup


def load_group(slug: str) -> LocalGroup:
    return get_object_or_404(LocalGroup.objects.select_related("departement"), slug=slug)


group_view = object_view(load_group, "slug")
