"""How long a staff session lasts: an idle limit (the session store's expiry) and an absolute one (here)."""

import time

from django.conf import settings

SIGNED_IN_AT = "casework_signed_in_at"


def stamp_sign_in(sender, request, user, **kwargs):
    """user_logged_in receiver: write down when this session signed in (Django has just rotated its key)."""
    request.session[SIGNED_IN_AT] = int(time.time())


def session_outlived(session, now=None):
    """True once a signed-in session is older than CASEWORK_SESSION_MAX_HOURS.

    A session with no stamp is treated as too old: it was made before the limit existed, or by
    something that bypassed django.contrib.auth.login, and either way it signs in again.
    """
    signed_in_at = session.get(SIGNED_IN_AT)
    if not isinstance(signed_in_at, int):
        return True
    return (now or time.time()) - signed_in_at > settings.CASEWORK_SESSION_MAX_HOURS * 3600
