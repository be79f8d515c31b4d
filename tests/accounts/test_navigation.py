import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("role", "sees_staff_links"),
    [("anonymous", False), ("candidate", False), ("reviewer", False), ("program_staff", True)],
)
def test_navigation_shows_each_role_what_it_may_use(db, client_as, lsscp, role, sees_staff_links):
    html = client_as(role).get("/").text
    assert ('href="/account/people/"' in html) is sees_staff_links
    assert ('href="/admin/"' in html) is sees_staff_links
    assert ('href="/account/"' in html) is (role != "anonymous")
    assert (f'href="{reverse("account_login")}"' in html) is (role == "anonymous")
