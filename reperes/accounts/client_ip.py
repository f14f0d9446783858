"""The client's address, for the login lockout (django-axes' ``AXES_CLIENT_IP_CALLABLE``).

Behind a reverse proxy every request comes from the proxy's address, and a lockout keyed on it
would lock everybody at once. The proxy names the client in ``X-Forwarded-For``, but anybody
can send that header: it is read only when the connecting address is one of the proxies
listed in ``REPERES_TRUSTED_PROXIES`` (addresses or networks, empty by default). The list is
then read from the right, skipping the trusted proxies; the first other address is the client.
A malformed entry stops the walk: what lies to its left was written by the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"REPERES_TRUSTED_PROXIES: adresse ou réseau invalide ({exc})"
        ) from exc


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: Address | None, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request: Any) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    networks = trusted_networks(tuple(settings.REPERES_TRUSTED_PROXIES))
    if remote is None or not _trusted(_address(remote), networks):
        return remote
    client = remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        client = str(address)
        if not _trusted(address, networks):
            break
    return client
