"""The holder's activity form names what describes its fields: every id in an
`aria-describedby` is on the page. Django points each field with help text at
`id_<name>_helptext` (the provider's "Who offered it", the amount's unit, the competency sets);
the partial wrote the help text without that id, so a screen reader read the boxes without it.
On the renewal page, on a refused activity (its errors beside the fields) and on the edit page."""

from certify.renewals.models import CeActivity
from tests.days import dated
from tests.renewals.conftest import certificate_per_module
from tests.renewals.test_bad_input_activities import TYPED
from tests.renewals.test_staff_page_references import _missing_ids

program, today, certificate = certificate_per_module()


def test_the_holders_activity_form_describes_its_fields_with_ids_that_exist(client, certificate):
    client.force_login(certificate.holder)
    page = client.get("/renewal/").text
    for name in ("provider", "amount", "competency_sets"):
        assert f'id="id_{name}_helptext"' in page
    assert 'aria-describedby="id_provider_helptext"' in page
    assert _missing_ids(page) == []
    refused = client.post("/renewal/activities/", dated({**TYPED, "amount": "four"}, iso=True))
    assert refused.status_code == 400
    assert _missing_ids(refused.text) == []
    saved = client.post("/renewal/activities/", dated(TYPED, iso=True))
    assert saved.status_code == 302
    activity = CeActivity.objects.get()
    edit = client.get(f"/renewal/activities/{activity.pk}/").text
    assert 'id="id_amount_helptext"' in edit
    assert _missing_ids(edit) == []
