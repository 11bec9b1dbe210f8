from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mille.core"
    label = "core"

    def ready(self) -> None:
        # Uploaded files are read only through Mille's pages, which check who may see each one:
        # dbfiles' own admin would list them all. Its admin module is loaded here, once, and its
        # registration undone; the admin's discovery later finds the module already loaded.
        from dbfiles import admin as dbfiles_admin
        from django.contrib import admin

        admin.site.unregister(dbfiles_admin.DBFile)
