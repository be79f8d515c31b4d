"""The soak's clients (bench/soak.py): each a loop of one kind of request until a deadline, every
request recorded with its status and time. Requests go to loopback only; each client sends them
from a loopback address of its own (Linux routes all of 127.0.0.0/8 to the loopback device), so
nginx sees distinct client addresses as it would in production."""

import http.client
import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

VISITOR_KINDS = ("front page", "verification page", "catalogue", "API verification")
VISITOR_TIMEOUT = 30.0
# A poison credential took minutes of CPU before verification had a work budget.
POISON_TIMEOUT = 60.0
OVERSIZED_BYTES = 3 * 1024 * 1024  # over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
BLANK_NODES = 8
BURST_ADDRESS = "127.0.0.99"
HOSTILE_ADDRESSES = {
    "poison-api": "127.0.0.11",
    "poison-form": "127.0.0.12",
    "oversized": "127.0.0.13",
}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


@dataclass
class Record:
    kind: str
    status: int  # 0: no answer (refused, reset, timed out)
    ms: float
    poison_in_flight: bool = False


@dataclass
class Recorder:
    records: list[Record] = field(default_factory=list)
    poison_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, record: Record) -> None:
        with self.lock:
            self.records.append(record)

    def poison(self, delta: int) -> None:
        with self.lock:
            self.poison_in_flight += delta


@dataclass
class Targets:
    numbers: list[str]
    issuer: str
    key_id: str

    @classmethod
    def discover(cls, site: object) -> "Targets":
        """Certificate numbers from the database; the site's DID and signing key from its DID
        document (a poison credential must name them to reach canonicalisation)."""
        numbers = site.sql(  # type: ignore[attr-defined]
            "SELECT number FROM certificates_certificate WHERE status = 'valid' "
            "ORDER BY id LIMIT 200"
        ).split()
        did = did_document(site.base)  # type: ignore[attr-defined]
        if not did.get("assertionMethod"):  # the generated data signs nothing: make a key
            site.manage("issuer_keys", "rotate", "--reason", "A key for the soak")  # type: ignore[attr-defined]
            did = did_document(site.base)  # type: ignore[attr-defined]
        methods = did.get("assertionMethod") or [""]
        return cls(numbers=numbers, issuer=did.get("id", ""), key_id=methods[0])


def did_document(base: str) -> dict:
    status, body = request(base, "GET", "/.well-known/did.json")
    return json.loads(body) if status == 200 else {}


def base58(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, digit = divmod(number, 58)
        out = BASE58[digit] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def poison_credential(issuer: str, key_id: str, nodes: int = BLANK_NODES) -> dict:
    """A credential whose subject is `nodes` blank nodes each linked to every other: the
    RDFC-1.0 poison graph (every node's hash is the same, so the N-degree hashing explores every
    ordering). About 1.5 KB."""
    subject = [
        {"id": f"_:b{i}", "linked": [{"id": f"_:b{j}"} for j in range(nodes) if j != i]}
        for i in range(nodes)
    ]
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": subject,
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "proofPurpose": "assertionMethod",
            "verificationMethod": key_id,
            "proofValue": "z" + base58(bytes(range(1, 65))),
        },
    }


def request(
    base: str,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    source: str = "127.0.0.1",
    timeout: float = VISITOR_TIMEOUT,
    cookies: dict[str, str] | None = None,
) -> tuple[int, str]:
    """One request on a new connection from `source`; (status, body). Raises OSError when
    nothing answers. Cookies the response sets go into `cookies`."""
    url = urlsplit(base)
    conn = http.client.HTTPConnection(
        url.hostname or "127.0.0.1", url.port, timeout=timeout, source_address=(source, 0)
    )
    try:
        sent = dict(headers or {})
        if cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
        if cookies is not None:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text
    finally:
        conn.close()


def timed(
    recorder: Recorder, kind: str, base: str, method: str, path: str, **kwargs: object
) -> int:
    in_flight = recorder.poison_in_flight > 0
    started = time.perf_counter()
    try:
        status, _ = request(base, method, path, **kwargs)  # type: ignore[arg-type]
    except OSError:
        status = 0
    recorder.add(Record(kind, status, (time.perf_counter() - started) * 1000, in_flight))
    return status


def csrf(base: str, source: str) -> tuple[dict[str, str], str]:
    """The form's cookie and token, as a browser gets them."""
    cookies: dict[str, str] = {}
    _, page = request(base, "GET", "/verify/credential/", source=source, cookies=cookies)
    found = CSRF_INPUT.search(page)
    return cookies, found.group(1) if found else ""


def form_post(base: str, source: str, fields: dict[str, str]) -> dict:
    cookies, token = csrf(base, source)
    return {
        "body": urlencode({"csrfmiddlewaretoken": token, **fields}).encode(),
        "headers": {"Content-Type": "application/x-www-form-urlencoded"},
        "cookies": cookies,
        "source": source,
    }


def visitor(
    base: str,
    targets: Targets,
    recorder: Recorder,
    deadline: float,
    rnd: random.Random,
    pause: float = 0.0,
):
    """A person browsing: a request, then a pause of 0 to 2 x `pause` seconds (reading the page),
    so the visitors offer a load the site can serve; the hostile clients never pause."""
    while time.monotonic() < deadline:
        source = f"127.1.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
        number = rnd.choice(targets.numbers)
        kind = rnd.choice(VISITOR_KINDS)
        path = {
            "front page": "/",
            "verification page": f"/verify/{number}/",
            "catalogue": "/courses/",
            "API verification": f"/api/v1/certificates/{number}",
        }[kind]
        timed(recorder, kind, base, "GET", path, source=source)
        if pause:
            time.sleep(rnd.uniform(0, 2 * pause))


def poison(kind: str, base: str, targets: Targets, recorder: Recorder, deadline: float) -> None:
    document = json.dumps(poison_credential(targets.issuer, targets.key_id))
    source = HOSTILE_ADDRESSES[kind]
    while time.monotonic() < deadline:
        if kind == "poison-api":
            name, path = "poison credential (API)", "/api/v1/certificates/verify-credential"
            sent: dict = {
                "body": document.encode(),
                "headers": {"Content-Type": "application/json"},
                "source": source,
            }
        else:
            name, path = "poison credential (form)", "/verify/credential/"
            sent = form_post(base, source, {"text": document})
        recorder.poison(+1)
        try:
            timed(recorder, name, base, "POST", path, timeout=POISON_TIMEOUT, **sent)
        finally:
            recorder.poison(-1)


def oversized(base: str, recorder: Recorder, deadline: float) -> None:
    source = HOSTILE_ADDRESSES["oversized"]
    filler = "a" * OVERSIZED_BYTES
    api = json.dumps({"credentialSubject": filler}).encode()
    turn = 0
    while time.monotonic() < deadline:
        turn += 1
        if turn % 2:
            sent: dict = {
                "body": api,
                "headers": {"Content-Type": "application/json"},
                "source": source,
            }
            name, path = "oversized body (API)", "/api/v1/certificates/verify-credential"
        else:
            name, path = "oversized body (form)", "/verify/credential/"
            sent = form_post(base, source, {"text": filler})
        timed(recorder, name, base, "POST", path, **sent)


def burst(base: str, targets: Targets, recorder: Recorder, deadline: float, rnd: random.Random):
    """One address walking the certificate numbers, claiming to be someone else each time."""
    turn = 0
    while time.monotonic() < deadline:
        number = targets.numbers[turn % len(targets.numbers)]
        turn += 1
        spoofed = f"203.0.113.{rnd.randrange(1, 255)}"
        timed(
            recorder,
            "burst from one address",
            base,
            "GET",
            f"/verify/{number}/",
            source=BURST_ADDRESS,
            headers={"X-Forwarded-For": spoofed},
        )


def client(
    kind: str,
    base: str,
    targets: Targets,
    recorder: Recorder,
    deadline: float,
    rnd: random.Random,
    pause: float = 0.0,
) -> None:
    if kind == "visitor":
        visitor(base, targets, recorder, deadline, rnd, pause)
    elif kind.startswith("poison"):
        poison(kind, base, targets, recorder, deadline)
    elif kind == "oversized":
        oversized(base, recorder, deadline)
    else:
        burst(base, targets, recorder, deadline, rnd)
