"""Pages that start from no certificate at all: the staff list's query count as certificates are
added, and the DID document before any key exists. (The other page tests, in `test_views.py`,
share one certificate per module.)"""

from certify.certificates.models import IssuerKey
from tests.certificates.conftest import finish, nearly_done
from tests.conftest import count_queries
from tests.factories import UserFactory


def test_list_pages_keep_a_fixed_number_of_queries(client, program, staff_user):
    client.force_login(staff_user)

    def more(n):
        for i in range(n):
            _application, last = nearly_done(program, name=f"Holder {i}")
            finish(last)

    more(1)
    few = count_queries(lambda: client.get("/staff/certificates/"))
    few_api = count_queries(lambda: client.get("/api/v1/staff/certificates"))
    more(3)
    assert count_queries(lambda: client.get("/staff/certificates/")) == few
    assert count_queries(lambda: client.get("/api/v1/staff/certificates")) == few_api
    assert client.get("/api/v1/staff/certificates").json()["count"] == 4
    holder = UserFactory()
    client.force_login(holder)
    assert count_queries(lambda: client.get("/certificates/")) < 15


def test_reading_the_did_document_makes_no_key(client, db):
    """A GET writes nothing: before the first credential is signed there is no key to list."""
    document = client.get("/.well-known/did.json").json()

    assert document["verificationMethod"] == []
    assert document["assertionMethod"] == []
    assert not IssuerKey.objects.exists()
