"""The public register's day allowance of searches: whose searches count together (ADR 0030).

The allowance (`settings.PAGE_RATES["register"]`, 50 a day) is there so that trying name after
name stops within the day. It counted a signed-in person's searches per account, so a person
with several accounts had several allowances. Certify cannot know a person; it can know what a
second allowance costs to get, and make that cost more than signing up again:

- **Anyone not signed in**: per client address (an IPv6 address as its /64), as before. A whole
  library behind one address shares it; its people who sign in do not draw on it.
- **Someone signed in**: per account, and per mailbox, and per address among everyone signed
  in there. Signing in needs a verified e-mail address, and an address belongs to one account,
  so the mailbox stands for the person: its address folded (case, and a "+tag" after the local
  part, so jane+1@ and jane+2@, which reach one inbox, count once), and kept as a hash, not the
  address. An account closed and made again with the same address keeps the day's count.
  Several mailboxes (a domain of one's own receives at any name) still give several
  allowances, so the signed-in searches from one address together have a ceiling
  (`settings.REGISTER_ADDRESS_RATE`, 500 a day: ten people's full allowances), far above what
  a library's staff use, far below what a harvester with a hundred accounts wants.
- **Program staff**: not counted. They read every certificate in staff pages; the register
  gives them nothing more, and staff roles are granted by other staff (ADR 0022). The
  verification pages' per-minute allowance still applies to them.

The day is the programs' day: it ends at midnight in the programs' time zone when they share
one, else in the site's (as the register's other days, `programs.days`), not at midnight UTC.
The buckets are counted in order (account, mailbox, address) and a refusal stops the count, so
a person past their allowance does not use up their library's ceiling by trying again.
"""

import hashlib
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from certify.accounts.models import Role
from certify.core import ratelimit
from certify.core.clientip import rate_limit_key
from certify.programs import api as programs_api
from certify.programs.models import Program

GROUP = "register"


def register_programs(request: HttpRequest) -> list[tuple[int, str]]:
    """(id, time zone) of every program, read once a request (one query): the allowance's day
    and the search's "valid today" both come from them."""
    rows = getattr(request, "_register_programs", None)
    if rows is None:
        rows = list(Program.objects.values_list("pk", "time_zone"))
        request._register_programs = rows  # type: ignore[attr-defined]
    return rows


def register_zone(programs: list[tuple[int, str]]) -> Any:
    """The zone whose midnight ends the register's day: the programs' when they share one."""
    zones = {programs_api.program_zone(zone).key for _, zone in programs}
    return programs_api.program_zone(zones.pop() if len(zones) == 1 else "")


def mailbox(email: str) -> str:
    """The mailbox an address reaches, as far as the address says: lower case, without a
    "+tag" after its local part ("Jane+Jobs@Example.org" is "jane@example.org")."""
    local, _, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}" if local else email.strip().lower()


def _buckets(request: HttpRequest) -> list[tuple[str, str]]:
    """(who, rate) to count one search under, in order; none for program staff."""
    user = getattr(request, "user", None)
    address = rate_limit_key(request)
    rate = settings.PAGE_RATES[GROUP]
    if user is None or not user.is_authenticated:
        return [(f"address-{address}", rate)]
    if user.has_role(Role.PROGRAM_STAFF):
        return []
    buckets = [(f"user-{user.pk}", rate)]
    if user.email:
        digest = hashlib.sha256(mailbox(user.email).encode()).hexdigest()[:32]
        buckets.append((f"mailbox-{digest}", rate))
    buckets.append((f"signed-in-{address}", settings.REGISTER_ADDRESS_RATE))
    return buckets


def register_allowance(
    request: HttpRequest, programs: list[tuple[int, str]], *, now: float | None = None
) -> ratelimit.Verdict:
    """Count one search of the register against the day's allowances of whoever makes it
    (above); refused when one of them is used up, with the wait until the day ends."""
    zone = register_zone(programs)
    moment = datetime.fromtimestamp(time.time() if now is None else now, UTC).astimezone(zone)
    today = moment.date()
    midnight = datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    # In UTC: two times of one zone subtract by their clocks, an hour off on a day of DST.
    ends_in = max(1.0, (midnight.astimezone(UTC) - moment.astimezone(UTC)).total_seconds())
    verdict = ratelimit.Verdict(allowed=True, retry_after=ratelimit.Wait(0, ratelimit.DAY))
    for who, rate in _buckets(request):
        limit, seconds = ratelimit.parse_rate(rate)
        if seconds == ratelimit.DAY:
            key = f"page:{GROUP}:{who}:{today.isoformat()}"
            verdict = ratelimit.hit_window(key, limit, ends_in, ratelimit.DAY)
        else:  # a deployment's other window ("100/h"): counted from the epoch, as any limit
            verdict = ratelimit.hit(f"page:{GROUP}:{who}", rate, now=now)
        if not verdict.allowed:
            return verdict
    return verdict
