"""Codes as an authenticator app makes them (RFC 6238), computed here and not by django-otp, so that
a test that signs in with one also proves the secret we show people is the one the server checks."""

import hashlib
import hmac
import struct
import time
from base64 import b32decode


def totp_code(key, *, steps_ahead=0, now=None, step=30, digits=6):
    """The code for `key` (bytes, or the base32 text shown on the setup page) at this time step, or a later one.

    A device accepts each time step once, and one step either side of its own; a test that signs
    in twice within 30 seconds gives the next step's code the second time.
    """
    if isinstance(key, str):
        key = b32decode("".join(key.split()).upper())
    counter = int((time.time() if now is None else now) // step) + steps_ahead
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def wrong_code(key):
    """A six-digit code that no step a device would accept right now produces."""
    accepted = {totp_code(key, steps_ahead=offset) for offset in (-1, 0, 1)}
    return next(code for code in (f"{n:06d}" for n in range(0, 10**6, 7919)) if code not in accepted)
