"""The table of the database cache (settings.CACHE_TABLE), shared by every web worker."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", settings.CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(settings.CACHE_TABLE)}")


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0011_public_source_kinds'),
    ]

    operations = [
        migrations.RunPython(create_cache_table, drop_cache_table),
    ]
