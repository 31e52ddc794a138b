"""Sign-in throttling: after too many failures per username or per address, refuse for a while.

The counts are rows in the database (LoginFailure), not process memory or the cache, so every
web worker sees the same ones. A username is counted whether or not it names an account, so a
refusal says nothing about which accounts exist. While refused, attempts are not even checked
against the password and are not counted again: the refusal ends on time however hard someone
keeps knocking. Two workers checking at the same instant may each let one more attempt through;
the limits are for stopping guessing at scale, and one extra guess does not change that.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.addresses import throttle_key
from accounts.models import LoginFailure

logger = logging.getLogger("casework.accounts")


def username_key(username):
    """Usernames are counted case-folded, so that Editor and EDITOR share one count."""
    return username.strip().casefold()[:150]


def _window():
    return timedelta(minutes=settings.CASEWORK_LOGIN_FAILURE_WINDOW_MINUTES)


def login_refused_until(*, username, address, now=None):
    """When sign-in may be tried again with this username from this address, or None if it may now."""
    now = now or timezone.now()
    window = _window()
    until = None
    for field, value, limit in (
        ("username", username_key(username), settings.CASEWORK_LOGIN_FAILURES_PER_ACCOUNT),
        ("address", throttle_key(address), settings.CASEWORK_LOGIN_FAILURES_PER_ADDRESS),
    ):
        latest = list(
            LoginFailure.objects.filter(**{field: value}, failed_at__gt=now - window)
            .order_by("-failed_at")
            .values_list("failed_at", flat=True)[:limit]
        )
        if len(latest) == limit:
            # Fewer than `limit` failures remain in the window once the oldest of these leaves it.
            ends = latest[-1] + window
            until = ends if until is None else max(until, ends)
    return until


def login_failure_record(*, username, address, now=None):
    """Count one failed sign-in, forgetting those that have left the window."""
    now = now or timezone.now()
    with transaction.atomic():
        LoginFailure.objects.filter(failed_at__lte=now - _window()).delete()
        LoginFailure.objects.create(username=username_key(username), address=throttle_key(address), failed_at=now)
    until = login_refused_until(username=username, address=address, now=now)
    if until is not None:
        # Once refused, nothing more is counted, so this is said once per refusal.
        logger.warning("Sign-in refused until %s for username %r from %s", until.isoformat(), username, address)


def login_failures_forget(*, username, address):
    """After a successful sign-in: forget this username's failures from this address, and nothing else.

    Those were the person's own typing. Failures with other usernames from the same address keep
    counting, so that signing in to an account of one's own buys no more guesses at anyone else's.
    """
    LoginFailure.objects.filter(username=username_key(username), address=throttle_key(address)).delete()
