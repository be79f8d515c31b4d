#!/usr/bin/env python3
"""The machine's pace: a fixed Django workload, timed, so that runs on different days compare.

`make test`'s duration and CPU depend on the machine as much as on the code: on 2026-12-07 the
SQLite suite of session 55's last commit took 1,135 s of CPU alone, where the same commit's whole
`make test` (three lanes) had taken 1,599 s a session before, and today's code took the same CPU
as that commit beside it (docs/testing.md, "Figures"). This workload uses none of Certify's code,
only Django's, on the kinds of work the suite spends its time on (migrations, the ORM on an
in-memory SQLite database, templates), so its time moves with the machine, not the project.
`make test` prints it before the lanes start and again above its last line; compare two runs'
durations as ratios to their paces. It is one core's speed: the load average beside it says how
busy the machine was.

    .venv/bin/python tools/pace.py    # "machine pace: 1.20 s (best of 3 rounds; load average …)"

Each round migrates Django's auth and contenttypes apps into a fresh in-memory database (the
migration states rendered, as the suite's set-up does), saves 1,000 users one by one, reads them
back in 8 filtered queries and renders them through a template 8 times; the pace is the best
round, the one least disturbed by whatever else ran.
"""

from __future__ import annotations

import os
import sys
import time

ROUNDS = 3
USERS = 1000
READS = 8

TEMPLATE = """{% for user in users %}<tr><td>{{ user.username|title }}</td>
<td><a href="mailto:{{ user.email }}">{{ user.email|lower }}</a></td>
<td>{{ user.date_joined|date:"N j, Y" }}</td>
<td>{% if user.is_staff %}staff{% else %}{{ forloop.counter|add:"1" }}{% endif %}</td></tr>
{% endfor %}"""


def configure() -> None:
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="pace-not-secret-" + "x" * 40,
        USE_TZ=True,
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    django.setup()


def one_round() -> float:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.template import engines

    if connection.connection is not None:  # a fresh in-memory database each round (Django's
        connection.connection.close()  # close() keeps an in-memory database open)
        connection.connection = None
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    with transaction.atomic():
        for n in range(USERS):
            User.objects.create_user(f"user{n}", f"user{n}@example.org", is_staff=n % 7 == 0)
    template = engines["django"].from_string(TEMPLATE)
    for n in range(READS):
        users = list(User.objects.filter(username__startswith="user").order_by("-id")[n:])
        template.render({"users": users})
    return time.perf_counter() - started


def pace(rounds: int = ROUNDS) -> float:
    configure()
    return min(one_round() for _ in range(rounds))


def words(seconds: float, rounds: int = ROUNDS) -> str:
    """The line `make test` prints: the pace, and the load it was measured under (the pace is one
    core's speed; the load average says how many processes wanted the cores)."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    best = f"best of {rounds} round{'s' if rounds > 1 else ''}"
    return f"machine pace: {seconds:.2f} s ({best}; load average {load})"


def main(argv: list[str]) -> int:
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else ROUNDS
    print(words(pace(rounds), rounds), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
