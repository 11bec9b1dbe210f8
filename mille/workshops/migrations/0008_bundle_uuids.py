"""A stable uuid on the workshop's objects, for the workshop bundle (mille.workshops.bundle).

Three steps, so that existing rows each get their own value on SQLite and PostgreSQL alike: add the
column nullable, fill it row by row, then make it unique and required.
"""

import uuid

from django.db import migrations, models

MODELS = [
    "workshop",
    "workshopsession",
    "peergroup",
    "question",
    "participant",
    "contribution",
    "statement",
    "treenode",
    "action",
    "dot",
]


def fill_uuids(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("workshops", name)
        rows = list(model.objects.filter(uuid__isnull=True).only("pk"))
        for row in rows:
            row.uuid = uuid.uuid4()
        model.objects.bulk_update(rows, ["uuid"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("workshops", "0007_statement_priority"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=name,
                name="uuid",
                field=models.UUIDField(null=True, editable=False),
            )
            for name in MODELS
        ],
        migrations.RunPython(fill_uuids, migrations.RunPython.noop, elidable=True),
        *[
            migrations.AlterField(
                model_name=name,
                name="uuid",
                field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
            )
            for name in MODELS
        ],
        migrations.AddField(
            model_name="workshop",
            name="bundle_created_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
