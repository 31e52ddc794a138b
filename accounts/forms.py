"""The admin's sign-in form, throttled per username and per address."""

import math

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import throttle
from accounts.addresses import client_address


def minutes_until(moment):
    minutes = max(1, math.ceil((moment - timezone.now()).total_seconds() / 60))
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def clock_time(moment):
    local = timezone.localtime(moment)
    return f"{local:%H:%M} {local.tzname()}"


class LoginForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing for a while after too many failures (accounts.throttle).

    The lock is checked before the password, so a refused attempt costs no password hashing and
    learns nothing, not even when the password was right.
    """

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": _(
            "Too many failed sign-ins with this username or from your address. "
            "Try again after %(time)s (in %(wait)s)."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return super().clean()  # a required-field error; no sign-in was tried
        address = client_address(self.request)
        until = throttle.login_refused_until(username=username, address=address)
        if until is not None:
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"time": clock_time(until), "wait": minutes_until(until)},
            )
        try:
            cleaned_data = super().clean()
        except ValidationError:
            throttle.login_failure_record(username=username, address=address)
            raise
        throttle.login_failures_forget(username=username, address=address)
        return cleaned_data
