import django.db.models.deletion
from django.db import migrations, models


def fill_departement(apps, schema_editor):
    """Existing entries take the département of their commune."""
    Resource = apps.get_model("inventory", "Resource")
    Commune = apps.get_model("territories", "Commune")
    departements = dict(Commune.objects.values_list("pk", "departement_id"))
    for resource in Resource.objects.filter(departement__isnull=True).only("pk", "commune_id"):
        Resource.objects.filter(pk=resource.pk).update(departement_id=departements[resource.commune_id])


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0003_resource_departement"),
        ("territories", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(fill_departement, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="resource",
            name="departement",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="resources",
                to="territories.departement",
            ),
        ),
    ]
