import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("territories", "0002_load_reference")]

    operations = [
        migrations.AddField(
            model_name="commune",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="arrondissements",
                to="territories.commune",
                verbose_name="ville",
            ),
        ),
    ]
