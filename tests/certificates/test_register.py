"""The public register of holders (ADR 0030): only holders who listed themselves, only valid
certificates, found by their name in full (two whole words at least; a single name alone:
tests/certificates/test_register_one_name.py), at most RESULTS_LIMIT (more is refused as too
broad: tests/certificates/test_register_refusals.py); the holder lists
and unlists themselves by a POST from their account page, audited."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.accounts.privacy import privacy_parts
from certify.certificates.models import Certificate, RegisterListing
from certify.certificates.register import NAME_NEEDED, RESULTS_LIMIT
from certify.certificates.services import register_listing_remove, register_listing_set
from certify.core.codes import code_new
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from tests.factories import ProgramFactory, UserFactory

REGISTER = "/register/"


def holder(
    program,
    name,
    *,
    state="TX",
    status=Certificate.Status.VALID,
    expired=False,
    listed=True,
    expires_on=None,
):
    """A person with one issued certificate; listed in the register under `state` if asked."""
    user = UserFactory(full_name=name, roles=[Role.CANDIDATE])
    today = timezone.localdate()
    Certificate.objects.create(
        holder=user,
        program=program,
        number=f"LSSCP-2026-{code_new()}",
        holder_name=name,
        status=status,
        issued_on=today - timedelta(days=400 if not expired else 2000),
        expires_on=expires_on
        or (today - timedelta(days=1) if expired else today + timedelta(days=1000)),
    )
    if listed and status != Certificate.Status.PENDING:
        register_listing_set(user=user, state=state)
    return user


def found(client, **query):
    response = client.get(REGISTER, query)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_only_listed_holders_with_valid_certificates_are_found(client, program):
    listed = holder(program, "Avery Stone")
    hidden = [
        holder(program, "Avery Stone", listed=False),
        holder(program, "Avery Stone", status=Certificate.Status.REVOKED),
        holder(program, "Avery Stone", status=Certificate.Status.SUSPENDED),
        holder(program, "Avery Stone", status=Certificate.Status.REPLACED),
        holder(program, "Avery Stone", expired=True),
    ]

    page = found(client, name="avery stone").text

    number = Certificate.objects.get(holder=listed).number
    assert reverse("certificates:verify", args=[number]) in page  # a link to its page
    assert "1 certificate found" in page
    for person in hidden:
        assert Certificate.objects.get(holder=person).number not in page
    assert "Texas" in page
    assert listed.email not in page


@pytest.mark.django_db
def test_names_are_matched_by_whole_words_folded_and_in_any_order(client, program):
    holder(program, "José María Núñez-Ortiz", state="NM")
    holder(program, "Joseph Nunez", state="NY")

    assert "Núñez-Ortiz" in found(client, name="nunez jose").text
    assert "Núñez-Ortiz" in found(client, name="ORTIZ María").text
    assert "Núñez-Ortiz" in found(client, name="ortiz jose", state="NM").text
    assert "Núñez-Ortiz" not in found(client, name="ortiz jose", state="NY").text
    assert "Joseph Nunez" not in found(client, name="nunez jose").text  # "jose" is not "joseph"
    assert "Núñez-Ortiz" in found(client, name="nunez m ortiz").text  # an initial: a word's start
    assert "Núñez-Ortiz" not in found(client, name="nunez x ortiz").text
    for part_of_words in ("nun jose", "rtiz jose", "jos nunez"):  # whole words only
        assert "No listed holder matches" in found(client, name=part_of_words).text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["", "  ", "ab", "a b", "--!", "stone", "avery s", "a. stone", "stone stone"]
)
def test_a_search_needs_two_whole_words_of_the_name(client, program, name):
    holder(program, "Avery Stone")
    response = client.get(REGISTER, {"name": name, "state": "TX"})
    assert response.status_code == 400
    assert "Avery Stone" not in response.text
    assert "found" not in response.text
    if name.strip():
        assert NAME_NEEDED.replace("'", "&#x27;") in response.text


@pytest.mark.django_db
def test_the_page_without_a_name_lists_nobody_even_with_a_state(client, program):
    holder(program, "Bea Texan")
    for query in ({}, {"state": "TX"}):
        response = found(client, **query)
        assert "Bea Texan" not in response.text
        assert "found" not in response.text


@pytest.mark.django_db
def test_up_to_the_limit_every_match_is_shown(client, program):
    for n in range(RESULTS_LIMIT):
        holder(program, f"Pat Common {n:02d}")

    response = found(client, name="pat common")

    assert response.text.count("<strong>Pat Common") == RESULTS_LIMIT
    assert f"{RESULTS_LIMIT} certificates found" in response.text


@pytest.mark.django_db
def test_the_search_reads_the_same_number_of_queries_for_few_or_many_holders(
    client, program, django_assert_num_queries
):
    holder(program, "Quinn Reyes")
    with django_assert_num_queries(2) as few:  # the programs' time zones, the search itself
        client.get(REGISTER, {"name": "quinn reyes"})
    for n in range(RESULTS_LIMIT - 1):
        holder(program, f"Quinn Reyes {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(REGISTER, {"name": "quinn reyes"})
    assert response.text.count("<strong>Quinn Reyes") == RESULTS_LIMIT


# A certificate is valid through its last day in its program's time zone (ADR 0036), on the
# register as on its own page. The site is in Chicago; one program is in Tokyo, one in Honolulu.
# At 16:00 UTC on 5 December it is 6 December in Tokyo and still 5 December in Chicago and
# Honolulu; at 08:00 UTC on 6 December it is 6 December in Chicago and Tokyo, 5 December in
# Honolulu.
LAST_DAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("now", "listed"),
    [
        (datetime(2026, 12, 5, 16, 0, tzinfo=UTC), {"Rowan Honolulu"}),
        (datetime(2026, 12, 6, 8, 0, tzinfo=UTC), {"Rowan Honolulu"}),
        (datetime(2026, 12, 5, 14, 59, tzinfo=UTC), {"Rowan Honolulu", "Rowan Tokyo"}),
        (datetime(2026, 12, 6, 10, 0, tzinfo=UTC), set()),
    ],
)
@pytest.mark.django_db
def test_a_certificate_is_listed_through_its_last_day_in_its_programs_time_zone(
    client, program, monkeypatch, now, listed
):
    program.time_zone = "Asia/Tokyo"
    program.save(update_fields=["time_zone"])
    honolulu = ProgramFactory(time_zone="Pacific/Honolulu")
    holder(program, "Rowan Ash Tokyo", expires_on=LAST_DAY)
    holder(honolulu, "Rowan Ash Honolulu", expires_on=LAST_DAY)
    holder(program, "Rowan Ash Chicago Default", expires_on=LAST_DAY - timedelta(days=1))
    monkeypatch.setattr(timezone, "now", lambda: now)
    page = found(client, name="rowan ash").text.replace("Rowan Ash ", "Rowan ")
    assert {n for n in ("Rowan Tokyo", "Rowan Honolulu") if n in page} == listed
    assert "Rowan Chicago Default" not in page


@pytest.mark.django_db
def test_the_page_has_a_heading_and_labelled_fields(client):
    page = client.get(REGISTER).text
    assert "<h1>Public register of certificate holders</h1>" in page
    assert '<label for="id_name">' in page
    assert '<label for="id_state">' in page
    assert 'role="search"' in page


# --- The holder's choice --------------------------------------------------------------------


@pytest.mark.django_db
def test_listing_is_off_by_default_and_the_account_page_says_so(client, program):
    user = holder(program, "Cam Default", listed=False)
    client.force_login(user)
    page = client.get(reverse("accounts:home")).text
    assert "You are not listed" in page
    assert "the state you choose here, the program, the certificate number" in page
    assert not RegisterListing.objects.exists()
    assert "Cam Default" not in found(client, name="cam default").text


@pytest.mark.django_db
def test_the_holder_lists_and_unlists_themselves_by_post_and_each_change_is_audited(
    client, program
):
    user = holder(program, "Dee Chooser", listed=False)
    client.force_login(user)
    url = reverse("certificates:register_listing")

    response = client.post(url, {"action": "list", "state": "OH"})
    assert response.status_code == 302
    assert RegisterListing.objects.get(user=user).state == "OH"
    assert "Dee Chooser" in found(client, name="dee chooser").text
    home = client.get(reverse("accounts:home")).text
    assert "You are listed" in home
    assert "under Ohio" in home

    client.post(url, {"action": "list", "state": "WA"})
    assert RegisterListing.objects.get(user=user).state == "WA"

    client.post(url, {"action": "remove"})
    assert not RegisterListing.objects.filter(user=user).exists()
    assert "Dee Chooser" not in found(client, name="dee chooser").text
    assert "You are not listed" in client.get(reverse("accounts:home")).text
    verbs = list(
        AuditEvent.objects.filter(actor=user, verb__startswith="certificates.register")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "certificates.register_listed",
        "certificates.register_changed",
        "certificates.register_unlisted",
    ]


@pytest.mark.django_db
def test_a_get_on_the_listing_address_changes_nothing(client, program):
    listed = holder(program, "Eli Listed")
    client.force_login(listed)
    url = reverse("certificates:register_listing")
    assert client.get(url, {"action": "remove"}).status_code == 405
    assert RegisterListing.objects.filter(user=listed).exists()
    unlisted = holder(program, "Fay Unlisted", listed=False)
    client.force_login(unlisted)
    assert client.get(url, {"action": "list", "state": "TX"}).status_code == 405
    assert not RegisterListing.objects.filter(user=unlisted).exists()
    assert not AuditEvent.objects.filter(actor=unlisted).exists()


@pytest.mark.django_db
def test_a_listing_needs_a_state_and_an_issued_certificate(client, program):
    user = holder(program, "Gus Nostate", listed=False)
    client.force_login(user)
    client.post(reverse("certificates:register_listing"), {"action": "list", "state": ""})
    assert not RegisterListing.objects.exists()
    assert "Choose the state" in client.get(reverse("accounts:home")).text

    nobody = UserFactory(full_name="Hal Nocert", roles=[Role.CANDIDATE])
    with pytest.raises(DomainError, match="once a certificate has been issued"):
        register_listing_set(user=nobody, state="TX")
    pending = holder(program, "Ivy Pending", status=Certificate.Status.PENDING, listed=False)
    with pytest.raises(DomainError, match="once a certificate has been issued"):
        register_listing_set(user=pending, state="TX")
    with pytest.raises(DomainError, match="Choose the state"):
        register_listing_set(user=user, state="ZZ")
    client.force_login(nobody)
    assert "Public register of holders" not in client.get(reverse("accounts:home")).text
    assert register_listing_remove(user=nobody) is False


@pytest.mark.django_db
def test_the_listing_is_in_the_data_export_and_closing_the_account_removes_it(program):
    user = holder(program, "Jo Private", state="VT")
    part = next(p for p in privacy_parts() if p.name == "certificates")
    exported = part.export(user)["public_register_listing"]
    assert [row["state"] for row in exported] == ["VT"]
    assert part.erase is not None
    part.erase(user)
    assert not RegisterListing.objects.filter(user=user).exists()
    assert Certificate.objects.filter(holder=user).exists()  # certificates stay
