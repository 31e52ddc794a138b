from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: sign-in throttling, two-factor authentication, session limits."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Staff accounts"
