"""The admin's sign-in form, throttled; and the form that takes a code from an authenticator app."""

import math

import django_otp
from django import forms
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


class CodeForm(forms.Form):
    """A code from the user's authenticator app, checked against one device (throttled by django-otp)."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )

    def __init__(self, *args, user, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            raise ValidationError(
                _("Too many wrong codes. Wait until %(time)s, then enter the code your app shows."),
                code="throttled",
                params={"time": timezone.localtime(details["locked_until"]).strftime("%H:%M:%S")},
            )
        if not (code.isdigit() and len(code) == self.device.digits):
            raise ValidationError(
                _("Enter the %(digits)d digits your authenticator app shows."),
                code="format",
                params={"digits": self.device.digits},
            )
        # Verified under a row lock, so that one code cannot be used twice at once; the device
        # remembers the last code's time step and takes no code from that step or earlier again.
        verified = django_otp.verify_token(self.user, self.device.persistent_id, code)
        if verified is None:
            raise ValidationError(
                _("That code is not right, or was used already. Enter the code your app shows now."),
                code="wrong",
            )
        self.device = verified
        return code
