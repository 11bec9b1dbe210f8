from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mille.accounts"
    label = "accounts"

    def ready(self) -> None:
        from mille.accounts import signals  # noqa: F401 — connects the receivers
