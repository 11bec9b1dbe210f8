from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mille.accounts"
    label = "accounts"
