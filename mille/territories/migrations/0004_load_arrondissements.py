"""The arrondissements municipaux of Paris, Lyon and Marseille join the reference, as communes of
their city. Safe on a database that already holds the reference, or some of them."""

from django.db import migrations

from mille.territories.reference import load_arrondissements


def load(apps, schema_editor):
    load_arrondissements(apps.get_model("territories", "Commune"))


def unload(apps, schema_editor):
    # Entries placed in an arrondissement keep it (PROTECT): they must be moved first.
    apps.get_model("territories", "Commune").objects.filter(parent__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [("territories", "0003_commune_parent")]

    operations = [migrations.RunPython(load, unload)]
