"""Recent failed sign-ins, for superusers: who is being guessed at, and how to lift a lock early."""

from django.contrib import admin

from accounts.models import LoginFailure


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Read-only; deleting a username's rows lets it sign in again before the window ends."""

    list_display = ["failed_at", "username", "address"]
    search_fields = ["username", "address"]
    date_hierarchy = "failed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
