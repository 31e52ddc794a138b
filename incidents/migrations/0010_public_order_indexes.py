"""Indexes in the exact terms of the public orders, on published cases only (see the model).

The "most deaths first" order sorts NULLS LAST, which SQLite cannot index: that index is made
on PostgreSQL only, by hand.
"""

from django.conf import settings
from django.db import migrations, models


def create_deaths_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'CREATE INDEX incident_public_deaths_idx ON incidents_incident '
            '(killed_max DESC NULLS LAST, occurred_on DESC, id DESC) WHERE is_published'
        )


def drop_deaths_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS incident_public_deaths_idx")


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0009_stored_search_vector'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(models.OrderBy(models.F('occurred_on'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('is_published', True)), name='incident_public_order_idx'),
        ),
        migrations.RunPython(create_deaths_index, drop_deaths_index),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(models.OrderBy(models.F('occurred_on'), descending=True), models.OrderBy(models.F('id'), descending=True), name='incident_order_idx'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(models.OrderBy(models.F('updated_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('is_published', True)), name='incident_public_updated_idx'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(models.OrderBy(models.F('published_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('is_published', True)), name='incident_public_published_idx'),
        ),
    ]
