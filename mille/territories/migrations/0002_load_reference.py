from django.db import migrations

from mille.territories.reference import load_reference


def load(apps, schema_editor):
    load_reference(apps.get_model("territories", "Departement"), apps.get_model("territories", "Commune"))


def unload(apps, schema_editor):
    apps.get_model("territories", "Commune").objects.all().delete()
    apps.get_model("territories", "Departement").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("territories", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
