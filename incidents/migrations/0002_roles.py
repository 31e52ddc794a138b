"""Create the Researchers and Editors groups with their permissions on every fresh database.

The permission lists are frozen here, as a migration must be; a later migration that adds
a permission to a role says so in a migration of its own.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITABLE_MODELS = ["incident", "incidentparty", "claim", "source", "investigation", "party"]

RESEARCHER_PERMISSIONS = [
    *(f"{action}_{model}" for model in EDITABLE_MODELS for action in ("view", "add", "change")),
    "delete_incidentparty",
]
EDITOR_PERMISSIONS = [*RESEARCHER_PERMISSIONS, "review_incident", "publish_incident"]

ROLES = {"Researchers": RESEARCHER_PERMISSIONS, "Editors": EDITOR_PERMISSIONS}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create ours now so
    # that the groups can be given them on a brand-new database.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="incidents", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for role {name}: {sorted(missing)}")
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
