"""The upload checks are the same through both doors: the provider's syllabus page and the API
refuse a decompression-bomb picture and a PDF over the page cap with the same words."""

import pytest
from django.urls import reverse

from certify.courses import services
from certify.courses.models import Course
from tests.courses.conftest import pdf_upload
from tests.factories import CourseFactory
from tests.files import pdf, png_declaring

BOMB = ("bomb.png", png_declaring(30_000, 30_000), "The picture is larger than we accept")
PAGES = ("long.pdf", pdf(4), "The PDF has more than 3 pages, the most we accept.")


@pytest.mark.parametrize(("name", "content", "refusal"), [BOMB, PAGES], ids=["bomb", "pages"])
def test_the_page_and_the_api_refuse_alike(
    client, settings, provider, provider_user, ct, name, content, refusal
):
    settings.PDF_MAX_PAGES = 3
    course = CourseFactory(provider=provider, competency_set=ct)
    key = services.api_key_create(provider=provider, actor=provider_user, name="LMS")[1]

    api = client.post(
        f"/api/v1/providers/{provider.pk}/courses/{course.pk}/syllabus",
        {"file": pdf_upload(name, content)},
        headers={"Authorization": f"Bearer {key}"},
    )
    client.force_login(provider_user)
    page = client.post(
        reverse("courses:course_syllabus", args=[provider.pk, course.pk]),
        {"syllabus": pdf_upload(name, content)},
    )

    assert api.status_code == 400
    assert refusal in api.json()["detail"]
    assert api.json()["field"] == "syllabus"
    assert page.status_code == 400
    assert refusal in page.text
    assert not Course.objects.get(pk=course.pk).syllabus
