"""The two-factor pages in the admin: status, setup (secret and QR code, confirmed by a code), and the code step."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts import two_factor
from accounts.forms import CodeForm


def next_url(request):
    """Where to go once the code is given: the page asked for, if it is ours, else the admin's index."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index")


def render(request, template, title, **context):
    context = {**admin.site.each_context(request), "title": title, "is_nav_sidebar_enabled": False, **context}
    return TemplateResponse(request, template, context)


def two_factor_status(request):
    """Whether this account signs in with a code, and the way to turn it on."""
    # Editors and superusers only ever see it on: without a device the middleware sends them to set one up.
    device = two_factor.confirmed_device(request.user)
    return render(request, "accounts/two_factor.html", _("Two-factor authentication"), device=device)


def two_factor_setup(request):
    """Show a new secret as text and as a QR code; a correct code from it turns two-factor on."""
    user = request.user
    if two_factor.confirmed_device(user) is not None:
        # A second device is not a way round the code: whoever holds only the password must
        # not be able to register an authenticator of their own.
        return redirect("accounts:two-factor" if user.is_verified() else "accounts:two-factor-verify")
    device = two_factor.pending_device(user)
    form = CodeForm(request.POST or None, user=user, device=device)
    if request.method == "POST" and form.is_valid():
        two_factor.device_confirm(request, form.device)
        messages.success(request, _("Two-factor authentication is on. From now on you sign in with a code as well."))
        return redirect(next_url(request))
    return render(
        request,
        "accounts/two_factor_setup.html",
        _("Set up two-factor authentication"),
        form=form,
        secret=two_factor.secret_text(device),
        qr_code=two_factor.qr_code_svg(device),
        required=two_factor.second_factor_required(user),
        next=next_url(request),
    )


def two_factor_verify(request):
    """The second step of signing in: a code from the authenticator app set up before."""
    user = request.user
    if user.is_verified():
        return redirect(next_url(request))
    device = two_factor.confirmed_device(user)
    if device is None:
        return redirect(f"{reverse('accounts:two-factor-setup')}?{urlencode({'next': next_url(request)})}")
    form = CodeForm(request.POST or None, user=user, device=device)
    if request.method == "POST" and form.is_valid():
        two_factor.session_verify(request, form.device)
        return redirect(next_url(request))
    return render(request, "accounts/two_factor_verify.html", _("Enter your code"), form=form, next=next_url(request))
