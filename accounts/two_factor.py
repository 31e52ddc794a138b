"""Two-factor authentication with time-based codes (TOTP, django-otp): who needs it, and each device step."""

from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from incidents.roles import EDITORS

DEVICE_NAME = "Authenticator app"


def second_factor_required(user):
    """Editors and superusers must sign in with a code; everyone else on the staff may choose to."""
    return user.is_superuser or user.groups.filter(name=EDITORS).exists()


def confirmed_device(user):
    """The user's authenticator device, once they have proved it works; None before that."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user):
    """The device being set up: the same secret on every visit to the setup page until it is confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def session_verify(request, device):
    """Mark this session as having given a code from `device`, under a new session key.

    Rotating the key on this step too means that a key seen before the code was given (the
    password alone) is worth nothing afterwards.
    """
    django_otp.login(request, device)
    request.session.cycle_key()


def device_confirm(request, device):
    """The setup page's code was right: the device becomes the user's, and this session is verified."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.devices_for_user(request.user, confirmed=False).delete()
    session_verify(request, device)


def secret_text(device):
    """The secret as an authenticator app asks for it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device):
    """The device's otpauth address as an SVG QR code, drawn here: no image service, no script.

    Paths with presentation attributes only, no style attribute, so a strict Content Security
    Policy does not block it.
    """
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    # Markup the qrcode library draws from the device's own address: nothing a person typed.
    return mark_safe(image.to_string(encoding="unicode"))  # nosec B308 B703
