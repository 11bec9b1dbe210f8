from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "mille.groups"
    label = "groups"
