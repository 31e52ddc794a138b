from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: sign-in throttling, two-factor authentication, session limits."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Staff accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.sessions import stamp_sign_in

        # A signal, not a call in one view: every way of signing in (the admin's form, a test's
        # force_login, any later view) goes through django.contrib.auth.login, which sends it.
        user_logged_in.connect(stamp_sign_in, dispatch_uid="accounts.stamp_sign_in")
