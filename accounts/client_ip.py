"""The client's IP address, believing X-Forwarded-For only as far as our own proxies (TRUSTED_PROXIES).

Rate limits count per client IP. Behind a proxy REMOTE_ADDR is the proxy's address, so every visitor
would share one counter; but X-Forwarded-For is written by the client too, so only the addresses our
own proxies appended are believed: the right-most address that is not one of them is the client.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _parse(address: str):
    try:
        return ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return request.META.get("REMOTE_ADDR", "")

    def trusted(address) -> bool:
        return any(address in network for network in networks)

    client = remote
    if trusted(remote):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        for hop in reversed([part for part in forwarded.split(",") if part.strip()]):
            address = _parse(hop)
            if address is None:
                break  # garbage in the header: believe the last proxy that handed it on
            client = address
            if not trusted(address):
                break
    return str(client)
