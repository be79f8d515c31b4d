"""The application page's forms save one request at a time (htmx `hx-sync` on `main`, queued).

Each save's answer carries the eligible-hours panel (an out-of-band swap), worked out when the
server read the application. Two saves in flight at once (the education form's autosave, sent on
a change, and "Add this job" pressed straight after) could answer in either order, and an answer
worked out before the job was saved, arriving last, put "0 of the 1,820 hours" back on the page
beside the job just added (the browser journey failed so on a busy machine). Queued on one
element, the second request leaves only once the first has answered, so the last answer is
always the newest. `queue all`, not `queue last`: a job added must never be dropped for a later
autosave."""

import re

from django.urls import reverse

SYNC = 'hx-sync="closest main:queue all"'


def test_every_saving_form_on_the_application_page_waits_for_the_one_before(
    client, draft, applicant
):
    client.force_login(applicant)
    page = client.get(reverse("applications:detail", args=[draft.pk])).text
    forms = re.findall(r"<form\b[^>]*>", page)
    saving = [form for form in forms if "hx-post=" in form]
    entry = draft.experience.get()
    # the education autosave, the saved job's autosave, and the form that adds a job
    assert {re.search(r'id="([^"]+)"', form).group(1) for form in saving} >= {
        "education",
        f"entry-{entry.pk}",
        "entry-new",
    }
    assert [form for form in saving if SYNC not in form] == []
