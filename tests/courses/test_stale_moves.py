"""A provider's withdrawal sent from a course page that was out of date (program staff approved
the course meanwhile) opens the course as it is now, saying so in the engine's words (ADR 0018).
"""

from django.urls import reverse

from certify.courses.models import Course


def test_a_withdrawal_from_an_old_tab_opens_the_course_as_it_is_now(
    client, provider, provider_user, course
):
    client.force_login(provider_user)
    answer = client.post(reverse("courses:course_withdraw", args=[provider.pk, course.pk]))
    assert answer.status_code == 302
    assert answer["Location"] == f"{course.get_provider_url()}#main"
    page = client.get(answer["Location"]).text
    assert (
        "This course is “Approved” now, so it cannot become “Withdrawn”: the page you used was "
        "out of date. Here is its current page."
    ) in page
    assert Course.objects.get(pk=course.pk).status == Course.Status.APPROVED
