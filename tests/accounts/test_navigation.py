import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("role", "sees_staff_links"),
    [("anonymous", False), ("candidate", False), ("reviewer", False), ("program_staff", True)],
)
def test_navigation_shows_each_role_what_it_may_use(db, client_as, lsscp, role, sees_staff_links):
    html = client_as(role).get("/").text
    assert ('href="/account/people/"' in html) is sees_staff_links
    assert ('href="/staff/programs/"' in html) is sees_staff_links  # programs and settings
    assert ('href="/admin/"' in html) is sees_staff_links  # the back office
    assert ('href="/account/"' in html) is (role != "anonymous")
    assert (f'href="{reverse("account_login")}"' in html) is (role == "anonymous")


def candidate_nav(client, user):
    client.force_login(user)
    html = client.get(reverse("accounts:home")).text
    return html[html.index('<nav class="site-nav"') : html.index("</nav>")]


def test_a_candidate_who_has_not_applied_sees_no_plan_certificates_or_renewal(db, client):
    from tests.factories import UserFactory

    nav = candidate_nav(client, UserFactory(roles=["candidate"]))
    assert f'href="{reverse("applications:apply")}"' in nav
    for name in ("progress:plan", "certificates:mine", "renewals:home", "payments:list"):
        assert f'href="{reverse(name)}"' not in nav, name


def test_the_plan_appears_once_accepted_and_certificates_once_certified(db, client):
    from certify.applications.models import Application
    from tests.factories import ApplicationFactory, UserFactory

    person = UserFactory(roles=["candidate"])
    application = ApplicationFactory(candidate=person, status=Application.Status.SUBMITTED)
    nav = candidate_nav(client, person)
    assert f'href="{reverse("payments:list")}"' in nav
    assert f'href="{reverse("progress:plan")}"' not in nav
    Application.objects.filter(pk=application.pk).update(status=Application.Status.ACCEPTED)
    nav = candidate_nav(client, person)
    assert f'href="{reverse("progress:plan")}"' in nav
    assert f'href="{reverse("certificates:mine")}"' not in nav


def test_a_holder_sees_certificates_and_renewal(db, client):
    from django.utils import timezone

    from tests.factories import CompetencySetFactory, ProgramFactory
    from tests.renewals.conftest import holder_with_certificate

    program = ProgramFactory(electives_required=1)
    for code, kind in (("FLS", "core"), ("REF", "elective")):
        CompetencySetFactory(program=program, code=code, kind=kind)
    certificate = holder_with_certificate(program, issued_on=timezone.localdate())
    nav = candidate_nav(client, certificate.holder)
    assert f'href="{reverse("certificates:mine")}"' in nav
    assert f'href="{reverse("renewals:home")}"' in nav


def test_the_navigation_is_grouped_behind_an_accessible_menu_button(db, client_as):
    html = client_as("program_staff").get("/").text
    # The button controls the navigation and says whether it is open; hidden until the
    # script (a static file, allowed by the CSP) shows it, so without JavaScript the
    # navigation is a plain list.
    assert (
        '<button type="button" class="menu-button" aria-expanded="false" '
        'aria-controls="site-nav" hidden>Menu</button>'
    ) in html
    assert '<nav class="site-nav" id="site-nav" aria-label="Main">' in html
    assert "/static/certify/js/menu.js" in html
    for group in ("Yours", "The program"):
        assert f">{group}</span>" in html
    assert html.count('aria-labelledby="nav-group-') >= 3


def test_staff_navigation_is_five_disclosures_under_headings_not_rows_of_links(db, client_as):
    """Staff links fold under five headings, each a native <details> (keyboard and screen
    reader support, no script); "Home" opens the staff home."""
    html = client_as("program_staff").get("/staff/applications/").text
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    headings = [
        "Applications and people",
        "Reviews and courses",
        "Money",
        "Certificates and renewals",
        "Settings and records",
    ]
    for heading in headings:
        assert '<summary class="site-nav__summary" id="nav-group-' in nav
        assert f">{heading}</summary>" in nav
    assert nav.count("<details") == 5
    # The group holding the page being shown is marked; "Home" is not current on every
    # staff page, only on its own.
    assert '<details class="site-nav__group site-nav__menu" data-current>' in nav
    assert '<a href="/staff/">Home</a>' in nav
    assert '<a href="/staff/applications/" aria-current="page">Applications</a>' in nav
    home = client_as("program_staff").get("/staff/").text
    assert '<a href="/staff/" aria-current="page">Home</a>' in home


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor"])
def test_other_roles_keep_their_plain_navigation(db, client_as, role):
    html = client_as(role).get("/").text
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    assert "<details" not in nav
    assert 'href="/staff/"' not in nav


def test_the_navigation_is_kept_per_links_path_and_unread_count_and_follows_each(db):
    from django.test import RequestFactory

    from certify.accounts.navigation import NOTIFICATIONS, navigation_for
    from tests.factories import UserFactory

    def nav(path, unread):
        request = RequestFactory().get(path)
        request.user = UserFactory.build(roles=["candidate"])
        request.user.roles = frozenset({"candidate"})
        request.user.request_application_status = ""
        request.user.request_certificate_held = False
        return navigation_for(request, unread=unread)

    def current(groups):
        return [item.url for group in groups for item in group.items if item.current]

    def badge(groups):
        return [i.badge for g in groups for i in g.items if i.label == NOTIFICATIONS]

    home, notes = reverse("accounts:home"), reverse("notifications:list")
    first = nav(home, 2)
    assert nav(home, 2) is first  # the same objects again
    assert (current(first), badge(first)) == ([home], [2])
    assert (current(nav(notes, 2)), badge(nav(notes, 2))) == ([notes], [2])
    assert (current(nav(home, 5)), badge(nav(home, 5))) == ([home], [5])
    # kept hashes agree with equality: equal groups built apart hash alike
    rebuilt = [type(g)(g.title, g.items, g.folded) for g in first]
    assert rebuilt == list(first)
    assert [hash(g) for g in rebuilt] == [hash(g) for g in first]
