"""A provider's upload mostly of rows that match nobody is held (ADR 0009), on a phone: at 390
and 320 px the preview's warning and its confirm box are on the screen, axe-core clean and
without sideways scrolling; importing without the box is refused in words and runs nothing,
and with it the rows go to program staff."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from certify.courses.models import CompletionImport, Course, UnmatchedCompletion

from .conftest import fits
from .test_provider_home import provider  # noqa: F401  (the demo provider with its courses)

SIZES = {
    "390": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "320": {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True},
}
KEEP = "The rows that match nobody are right: keep them for program staff"


@pytest.mark.parametrize("size", SIZES)
def test_a_held_upload_warns_and_asks_for_the_box_on_a_phone(
    open_page: Callable[..., Page],
    sign_in,
    provider,  # noqa: F811
    size,
    tmp_path,
    assert_accessible,
    console_errors,
):
    course = provider.courses.filter(status=Course.Status.APPROVED).first()
    assert course is not None
    last_week = timezone.localdate() - timedelta(days=7)
    csv = tmp_path / "another-list.csv"
    csv.write_text(
        "email,full_name,completed_on\n"
        + "".join(f"stranger{i}@example.org,A Stranger {i},{last_week}\n" for i in range(20))
    )
    page = open_page(**SIZES[size])
    sign_in(page, "provider@example.org")
    page.goto(f"/providers/{provider.pk}/imports/")
    page.get_by_label("Course:").select_option(str(course.pk))
    page.get_by_label("CSV file:").set_input_files(str(csv))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_text("Check the rows that match nobody.")).to_be_visible()
    box = page.get_by_label(KEEP)
    expect(box).to_be_visible()
    expect(box).not_to_be_checked()
    fits(page)
    assert_accessible(page)

    button = page.get_by_role("button", name="Import 0 completions and keep 20 for staff")
    with page.expect_navigation():
        button.click()
    expect(
        page.get_by_text("20 of the file's 20 rows (100%) match no candidate").first
    ).to_be_visible()
    imp = CompletionImport.objects.get(provider=provider, original_name="another-list.csv")
    assert imp.status == CompletionImport.Status.CHECKED  # nothing ran
    fits(page)
    assert_accessible(page)

    page.get_by_label(KEEP).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Import 0 completions and keep 20 for staff").click()
    expect(page.get_by_text("Imported", exact=False).first).to_be_visible()
    imp.refresh_from_db()
    assert (imp.status, imp.unmatched_count) == ("done", 20)
    assert UnmatchedCompletion.objects.filter(import_batch=imp).count() == 20
    fits(page)
    assert_accessible(page)
    assert [e for e in console_errors if "status of 400" not in e] == []
