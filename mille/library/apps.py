from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LibraryConfig(AppConfig):
    name = "mille.library"
    label = "library"
    verbose_name = "Bibliothèque"

    def ready(self) -> None:
        from mille.library import signals  # noqa: F401
        from mille.library.bootstrap import ensure_site

        # After every migrate (and after a test database is flushed), the site's pages, the
        # review workflow and the seeds' content exist, exactly once.
        post_migrate.connect(ensure_site, sender=self, dispatch_uid="library-ensure-site")
