"""Researchers and editors may import spreadsheets and see the list of past imports."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["add_importbatch", "view_importbatch"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="incidents", codename__in=PERMISSIONS))
    for group in Group.objects.filter(name__in=["Researchers", "Editors"]):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="incidents", codename__in=PERMISSIONS)
    for group in Group.objects.filter(name__in=["Researchers", "Editors"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0007_import_batches")]

    operations = [migrations.RunPython(grant, revoke)]
