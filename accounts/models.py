"""What the staff-accounts app stores itself: failed sign-ins, for throttling."""

from django.db import models
from django.utils import timezone


class LoginFailure(models.Model):
    """One failed sign-in, kept for the throttling window: the username typed and the client address."""

    username = models.CharField(
        max_length=150, help_text="As typed, case-folded. It need not name an account, and often does not."
    )
    address = models.CharField(max_length=64, help_text="The client's address; for IPv6, its /64 network.")
    failed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-failed_at"]
        indexes = [
            # "The latest failures for this username" and "… from this address", each one index range.
            models.Index(fields=["username", "failed_at"], name="login_failure_username"),
            models.Index(fields=["address", "failed_at"], name="login_failure_address"),
            # Forgetting the failures that have left the window.
            models.Index(fields=["failed_at"], name="login_failure_time"),
        ]

    def __str__(self):
        return f"{self.username} from {self.address} at {self.failed_at:%Y-%m-%d %H:%M:%S}"
