"""A conflict declared opens the conflicts page at its main content (ADR 0043): the form posts to
`#declare-errors`, and a browser keeps that fragment across a redirect whose address names none,
so the saved page's address would aim at a summary that is not there."""

from django.urls import reverse

from certify.accounts.models import ConflictDeclaration


def test_a_conflict_declared_opens_the_page_at_its_main_content(client, staff):
    client.force_login(staff)
    url = reverse("accounts:conflicts")
    assert 'action="#declare-errors"' in client.get(url).text
    form = {"organisation": "Riverside Library", "reason": "My former employer."}
    response = client.post(url, form)
    assert response.status_code == 302
    assert response["Location"] == f"{url}#main"
    assert ConflictDeclaration.objects.filter(declared_by=staff).count() == 1
