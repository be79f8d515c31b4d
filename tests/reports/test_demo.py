"""`seed_demo`'s data makes every dashboard show something; the staff dashboard's query count and
time on it are printed (`-s`) for the benchmark report."""

import re
import time

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from certify.accounts.models import User
from tests.conftest import count_queries


@override_settings(DEMO_DATA_ALLOWED=True)
def test_demo_data_fills_the_dashboards(client, lsscp):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(User.objects.get(email="staff@example.org"))
    client.get(reverse("reports:dashboard"))  # warm up

    started = time.perf_counter()
    queries = count_queries(lambda: client.get(reverse("reports:dashboard")))
    elapsed = time.perf_counter() - started
    print(f"\nstaff dashboard on the demo data: {queries} queries, {elapsed * 1000:.0f} ms")

    response = client.get(reverse("reports:dashboard"))
    shown = {f.key for f in response.context["figures"] if not f.is_empty}
    assert {"funnel", "time-to-certify", "sets-by-route", "electives", "revenue"} <= shown
    assert {"scholarships", "candidates-by-library", "candidates-by-country"} <= shown
    # The renewal holders were once accepted today with certificates issued years ago, and
    # "Time to certify" said "on average -1188 days".
    certify_time = next(f for f in response.context["figures"] if f.key == "time-to-certify")
    average = re.search(r"On average (-?\d+) days", certify_time.caption)
    assert average is not None
    assert int(average[1]) >= 0
    assert "Left out" not in certify_time.caption
    assert {"ageing", "trends"} <= shown

    client.force_login(User.objects.get(email="sponsor@example.org"))
    sponsor = client.get(reverse("reports:sponsor"))
    assert {f.key for f in sponsor.context["figures"] if not f.is_empty} >= {
        "funds",
        "awards-over-time",
    }

    client.force_login(User.objects.get(email="provider@example.org"))
    provider = client.get(reverse("reports:provider"))
    assert next(f for f in provider.context["figures"] if f.key == "courses").rows
