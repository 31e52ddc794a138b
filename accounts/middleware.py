"""Middleware for staff sessions: the absolute time limit, and two-factor before anything else."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import ngettext

from accounts.sessions import session_outlived
from accounts.two_factor import confirmed_device, second_factor_required


class SessionLimitMiddleware:
    """Sign out a session that signed in more than CASEWORK_SESSION_MAX_HOURS ago, however busy.

    The idle limit needs no code: every request saves the session, which moves its expiry on by
    SESSION_COOKIE_AGE, and the session store treats an expired session as none.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and session_outlived(request.session):
            logout(request)
            hours = settings.CASEWORK_SESSION_MAX_HOURS
            messages.info(request, ngettext(
                "You were signed out: a staff session lasts at most %(hours)d hour. Sign in again.",
                "You were signed out: a staff session lasts at most %(hours)d hours. Sign in again.",
                hours) % {"hours": hours})
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Until someone who needs a second factor has given a code, they may only finish signing in or sign out.

    Editors and superusers need one always; anyone who has set up a device needs it too. One rule
    for every page, public ones and staff downloads included, so that no view can forget it.
    """

    ALLOWED_VIEWS = {"accounts:two-factor-setup", "accounts:two-factor-verify", "admin:login", "admin:logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in self.ALLOWED_VIEWS:
            return None
        has_device = confirmed_device(user) is not None
        if not (has_device or second_factor_required(user)):
            return None
        step = "accounts:two-factor-verify" if has_device else "accounts:two-factor-setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
