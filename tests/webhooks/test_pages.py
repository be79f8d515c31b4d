"""The pages and API operations for endpoints: the secret once, errors beside the address,
nobody else's endpoints, and query counts that do not grow with the rows."""

import pytest

from certify.accounts.models import Role, RoleAssignment
from certify.accounts.tokens import token_create
from certify.core.models import Event
from certify.courses.models import ProviderMembership
from certify.webhooks.models import Attempt, Delivery
from certify.webhooks.services import endpoint_create
from tests.conftest import count_queries
from tests.factories import ProviderFactory, UserFactory

PUBLIC_URL = "https://93.184.216.34/hook"


def endpoints(program, staff, n):
    return [
        endpoint_create(
            actor=staff,
            owner=f"program:{program.pk}",
            url=f"{PUBLIC_URL}/{i}",
            event_types=["set.completed", "invoice.paid"],
        ).endpoint
        for i in range(n)
    ]


def messages(endpoint, n):
    start = endpoint.deliveries.count()
    for i in range(start, start + n):
        delivery = Delivery.objects.create(
            endpoint=endpoint,
            event=Event.objects.create(name="plan_set.satisfied", payload={}),
            message_id=f"msg_{endpoint.pk}_{i}",
            event_type="set.completed",
            payload={"type": "set.completed", "data": {}},
        )
        for code in (500, 200):
            Attempt.objects.create(
                delivery=delivery, started_at=delivery.created_at, response_code=code
            )


def test_the_endpoint_list_takes_the_same_queries_for_one_or_many(client, program, staff):
    client.force_login(staff)
    first = endpoints(program, staff, 1)
    one = count_queries(lambda: client.get("/webhooks/"))
    endpoints(program, staff, 5)
    messages(first[0], 3)
    response = client.get("/webhooks/")
    assert response.status_code == 200
    assert response.content.decode().count(PUBLIC_URL) == 6
    assert count_queries(lambda: client.get("/webhooks/")) == one


def test_the_delivery_log_takes_the_same_queries_for_one_or_many(client, program, staff):
    client.force_login(staff)
    (endpoint,) = endpoints(program, staff, 1)
    messages(endpoint, 1)
    url = f"/webhooks/{endpoint.pk}/"
    one = count_queries(lambda: client.get(url))
    messages(endpoint, 6)
    page = client.get(url).content.decode()
    assert page.count("Send again<span") == 7
    assert count_queries(lambda: client.get(url)) == one


def test_the_api_lists_take_the_same_queries_for_one_or_many(client, program, staff):
    client.force_login(staff)
    (endpoint,) = endpoints(program, staff, 1)
    messages(endpoint, 1)
    log = f"/api/v1/webhooks/endpoints/{endpoint.pk}/deliveries"
    one_log = count_queries(lambda: client.get(log))
    one_list = count_queries(lambda: client.get("/api/v1/webhooks/endpoints"))
    endpoints(program, staff, 4)
    messages(endpoint, 5)
    assert client.get(log).json()["count"] == 6
    assert count_queries(lambda: client.get(log)) == one_log
    assert client.get("/api/v1/webhooks/endpoints").json()["count"] == 5
    assert count_queries(lambda: client.get("/api/v1/webhooks/endpoints")) == one_list


def test_the_api_endpoint_list_reads_every_maker_at_once(client, program, staff):
    """`not_sending` asks whether each endpoint's maker still acts for its owner: the list
    reads all makers' seats together, so more makers cost no more queries."""
    client.force_login(staff)
    endpoints(program, staff, 1)
    api = "/api/v1/webhooks/endpoints"
    one_maker = count_queries(lambda: client.get(api))
    for _ in range(3):
        endpoints(program, UserFactory(roles=[Role.PROGRAM_STAFF]), 1)
    left = UserFactory(roles=[Role.PROGRAM_STAFF])
    endpoints(program, left, 2)
    RoleAssignment.objects.filter(user=left).delete()  # their endpoints send nothing now

    items = client.get(api).json()["items"]
    assert len(items) == 6
    assert [bool(item["not_sending"]) for item in items].count(True) == 2
    assert count_queries(lambda: client.get(api)) == one_maker


def test_the_api_endpoint_list_reads_a_providers_makers_at_once(client, db):
    people = [UserFactory(roles=[Role.PROVIDER]) for _ in range(4)]
    provider = ProviderFactory(staff=people)
    api = "/api/v1/webhooks/endpoints"

    def made_by(person):
        endpoint_create(
            actor=person,
            owner=f"provider:{provider.pk}",
            url=f"{PUBLIC_URL}/{person.pk}",
            event_types=["completion.recorded"],
        )

    client.force_login(people[0])
    made_by(people[0])
    one_maker = count_queries(lambda: client.get(api))
    for person in people[1:]:
        made_by(person)
    ProviderMembership.objects.filter(provider=provider, user=people[3]).delete()  # left it

    items = client.get(api).json()["items"]
    assert [bool(item["not_sending"]) for item in items] == [True, False, False, False]
    assert count_queries(lambda: client.get(api)) == one_maker


def test_the_secret_is_shown_once_and_a_private_address_is_refused_beside_its_field(
    client, program, staff
):
    client.force_login(staff)
    form = {
        "owner": f"program:{program.pk}",
        "url": "https://10.1.1.1/in",
        "event_types": ["set.completed"],
    }
    refused = client.post("/webhooks/new/", form)
    page = refused.content.decode()
    assert "private or local address" in page
    assert 'value="https://10.1.1.1/in"' in page  # what was typed is kept
    made = client.post("/webhooks/new/", {**form, "url": PUBLIC_URL}, follow=True)
    secret = made.context["secret"]
    assert secret.startswith("whsec_")
    assert secret in made.content.decode()
    endpoint = made.context["endpoint"]
    assert secret not in client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    rotated = client.post(f"/webhooks/{endpoint.pk}/rotate/", follow=True)
    assert rotated.context["secret"] not in (secret, "")


def test_a_provider_sees_only_its_own_endpoints(client, program, staff):
    (staff_endpoint,) = endpoints(program, staff, 1)
    person = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[person])
    client.force_login(person)
    assert client.get(f"/webhooks/{staff_endpoint.pk}/").status_code == 404
    made = client.post(
        "/webhooks/new/",
        {
            "owner": f"provider:{provider.pk}",
            "url": PUBLIC_URL,
            "event_types": ["completion.recorded"],
        },
    )
    assert made.status_code == 302  # to the page that shows its secret once
    listed = client.get("/webhooks/").content.decode()
    assert provider.name in listed
    assert staff_endpoint.url not in listed


@pytest.mark.parametrize("scope_roles", [[Role.PROGRAM_STAFF]])
def test_a_token_with_the_webhooks_scope_registers_and_reads_the_log(client, program, scope_roles):
    staff = UserFactory(roles=scope_roles)
    token = token_create(user=staff, name="hooks", scopes=["webhooks"]).secret
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    made = client.post(
        "/api/v1/webhooks/endpoints",
        {
            "owner": f"program:{program.pk}",
            "url": PUBLIC_URL,
            "event_types": ["certificate.revoked"],
        },
        content_type="application/json",
        **auth,
    )
    assert made.status_code == 201, made.content
    assert made.json()["secret"].startswith("whsec_")
    endpoint_id = made.json()["endpoint"]["id"]
    detail = client.get(f"/api/v1/webhooks/endpoints/{endpoint_id}", **auth).json()
    assert "secret" not in detail
    bad = client.put(
        f"/api/v1/webhooks/endpoints/{endpoint_id}",
        {"url": "https://192.168.0.9/x", "event_types": ["certificate.revoked"]},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "url"


def test_the_certificates_shared_with_an_employer_take_the_same_queries_for_one_or_many(
    client, program
):
    """The webhooks page counts what holders share with this account and the employer's page
    lists them: the same queries however many (tests/webhooks/test_employer_day.py: every
    status at once)."""
    from datetime import timedelta

    from django.utils import timezone

    from certify.certificates.models import Certificate
    from certify.webhooks.models import CertificateShare

    employer = UserFactory(email="hr@employer.example")
    today = timezone.localdate()

    def shared(n):
        for i in range(n):
            certificate = Certificate.objects.create(
                holder=UserFactory(roles=[Role.CANDIDATE]),
                program=program,
                number=f"LSSCP-2026-SHARE{CertificateShare.objects.count():03d}{i}",
                holder_name="A Holder",
                status=Certificate.Status.VALID,
                issued_on=today,
                expires_on=today + timedelta(days=1000),
            )
            CertificateShare.objects.create(certificate=certificate, email=employer.email)

    client.force_login(employer)
    shared(1)
    pages = ("/webhooks/", "/webhooks/shared-with-you/")
    one = [count_queries(lambda path=path: client.get(path)) for path in pages]
    shared(4)
    page = client.get("/webhooks/shared-with-you/").content.decode()
    assert page.count("LSSCP-2026-SHARE") == 5 * 2  # each number: the link's address and text
    assert "5 certificates shared with this account" in client.get("/webhooks/").text
    assert [count_queries(lambda path=path: client.get(path)) for path in pages] == one
