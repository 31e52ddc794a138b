"""Where a request came from, behind as many reverse proxies as the settings say we run."""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's address: REMOTE_ADDR, or with N trusted proxies, what the outermost of them saw.

    Each of our proxies appends the address it was reached from to X-Forwarded-For, so with N of
    them the client is the N-th entry from the right; entries further left were written by the
    client and prove nothing. With no trusted proxy the header is ignored altogether. A header
    shorter than N, or an entry that is not an address, means the request did not come through
    our proxies as configured: then REMOTE_ADDR, the peer we can see, is all we know.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.CASEWORK_TRUSTED_PROXY_COUNT
    if count:
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [entry for entry in forwarded if entry]
        if len(forwarded) >= count:
            candidate = forwarded[-count]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote


def throttle_key(address):
    """The unit that sign-in throttling counts: one IPv4 address, or one IPv6 /64 network.

    A single IPv6 subscriber is usually given a whole /64, that is 2**64 addresses; counting them
    one by one would let one attacker try without limit.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
