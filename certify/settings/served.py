"""The address `make run` serves on, as the site's address (`SITE_URL`).

`make run ADDR=host:port` passes ADDR on as `CERTIFY_SERVED_ADDR`; the local settings turn it
into `SITE_URL` (unless `SITE_URL` itself is set), so every link in pages and e-mails points to
the address that is served. The issuer DID does not follow: it is the one recorded when the
first key was made (certificates/services/keys.py).
"""

WILDCARD_HOSTS = {
    "0.0.0.0": "127.0.0.1",  # noqa: S104 - read, not bound
    "::": "[::1]",
    "[::]": "[::1]",
}


def site_url_for(addr: str) -> str:
    """`runserver`'s address ("8001", "localhost:8001", "0.0.0.0:8001", "[::1]:8001") as a URL
    people can open: a port alone is on 127.0.0.1, and "every interface" is opened locally."""
    addr = addr.strip()
    if addr.isdigit():
        return f"http://127.0.0.1:{addr}"
    host, sep, port = addr.rpartition(":")
    if not sep or not port.isdigit():
        host, port = addr, "8000"
    host = WILDCARD_HOSTS.get(host, host)
    return f"http://{host}:{port}"
