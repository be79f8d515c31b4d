"""After a save that worked without JavaScript, the application forms' redirects name their own
fragment (ADR 0043): a job's form posts to `#entry-…-errors` and staff's decision to
`#decide-errors`, and a browser keeps that fragment across a redirect whose address names none,
so the saved page's address would aim at a summary that is not there. The supervisor's answer is
a page rendered after the post, not a redirect: its link works once (ADR 0043)."""

from django.urls import reverse

from certify.applications.models import Application, ExperienceEntry
from tests.applications.test_views import entry_typed


def saved_to(response, url: str) -> None:
    assert response.status_code == 302
    assert response["Location"] == f"{url}#main"


def test_a_job_added_or_changed_opens_the_application_at_its_main_content(client, draft, applicant):
    client.force_login(applicant)
    page = draft.get_absolute_url()
    assert f"{reverse('applications:experience_add', args=[draft.pk])}#entry-new-errors" in (
        client.get(page).text
    )
    added = client.post(reverse("applications:experience_add", args=[draft.pk]), entry_typed())
    saved_to(added, page)
    entry = draft.experience.order_by("pk").first()
    data = {f"e{entry.pk}-{k[4:]}": v for k, v in entry_typed().items()}
    data[f"e{entry.pk}-hours_per_week"] = "20"
    url = reverse("applications:experience_edit", args=[draft.pk, entry.pk])
    saved_to(client.post(url, data), page)
    assert ExperienceEntry.objects.get(pk=entry.pk).hours_per_week == 20


def test_a_decision_opens_the_staff_page_at_its_main_content(client, submitted, staff):
    client.force_login(staff)
    response = client.post(
        reverse("applications:decide", args=[submitted.pk]), {"decision": "accept"}
    )
    saved_to(response, reverse("applications:staff_detail", args=[submitted.pk]))
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.ACCEPTED
