"""The staff course page gives each decision form its own `<section>`, named by its heading
(`aria-labelledby`): a screen reader's list of regions, and a story, pick a form by it (a renewal
under review shows two forms whose buttons both read "Record the decision")."""

from django.urls import reverse
from lxml import html

from certify.courses import services
from certify.courses.models import Course
from tests.courses.test_renewal_fees import _renewal


def _forms_by_section(page: str) -> dict[str, str]:
    """Each form's action, by the name of the labelled section around it."""
    tree = html.fromstring(page)
    found = {}
    for form in tree.forms:
        sections = [s for s in form.iterancestors("section") if s.get("aria-labelledby")]
        assert sections, f"the form posting to {form.get('action')} is in no labelled section"
        (heading,) = tree.xpath("//*[@id=$id]", id=sections[0].get("aria-labelledby"))
        assert heading.tag == "h2"
        found[" ".join(heading.text_content().split())] = form.get("action")
    return found


def _staff_page(client, course, staff) -> str:
    client.force_login(staff)
    return client.get(reverse("courses:staff_course", args=[course.pk])).text


def test_a_renewal_under_review_has_three_forms_each_in_its_named_section(
    client, provider, provider_user, ct, staff
):
    course = _renewal(provider, provider_user, ct)
    main = html.fromstring(_staff_page(client, course, staff)).find(".//main")
    assert _forms_by_section(html.tostring(main, encoding="unicode")) == {
        "Evaluate against the rubric": reverse("courses:staff_evaluate", args=[course.pk]),
        "Decide": reverse("courses:staff_decide", args=[course.pk]),
        "Suspend or revoke the approval": reverse("courses:staff_approval", args=[course.pk]),
    }


def test_a_returned_renewal_has_its_close_form_in_its_own_section(
    client, provider, provider_user, ct, staff
):
    course = _renewal(provider, provider_user, ct)
    services.course_return(course=course, actor=staff, reason="Add the reading list.")
    course = Course.objects.get(pk=course.pk)
    main = html.fromstring(_staff_page(client, course, staff)).find(".//main")
    assert _forms_by_section(html.tostring(main, encoding="unicode")) == {
        "Suspend or revoke the approval": reverse("courses:staff_approval", args=[course.pk]),
        "Close the returned renewal": reverse("courses:staff_renewal_close", args=[course.pk]),
    }
