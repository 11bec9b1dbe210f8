"""The inventory views' decorator for one entry: `@resource_view("inventory.<permission>")`.
A group's état des lieux as a whole uses `group_view` from `mille.groups`."""

from django.shortcuts import get_object_or_404

from mille.core.permissions import object_view
from mille.inventory.models import Resource


def load_resource(pk: int) -> Resource:
    return get_object_or_404(Resource.objects.select_related("group", "commune"), pk=pk)


resource_view = object_view(load_resource, "pk")
