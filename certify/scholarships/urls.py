from django.urls import path

from certify.scholarships.views import applications, candidate, committee, sponsor

app_name = "scholarships"
urlpatterns = [
    path("", candidate.index, name="index"),
    path("funds/<slug:slug>/apply/", candidate.apply, name="apply"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path(
        "applications/<int:pk>/withdraw/",
        applications.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "applications/<int:pk>/withdraw/confirm/",
        applications.application_withdraw_confirm,
        name="application_withdraw_confirm",
    ),
    path("applications/<int:pk>/decide/", applications.decide, name="decide"),
    path("applications/<int:pk>/score/", committee.score, name="score"),
    path("applications/<int:pk>/conflict/", committee.conflict, name="conflict"),
    path("awards/<int:pk>/withdraw/", applications.award_withdraw, name="award_withdraw"),
    path("awards/<int:pk>/payment/", applications.award_payment, name="award_payment"),
    path("draws/<int:pk>/", sponsor.draw_detail, name="draw"),
    path("sponsor/", sponsor.dashboard, name="dashboard"),
    path("sponsor/funds/<slug:slug>/", sponsor.fund_detail, name="fund"),
    path("sponsor/funds/<slug:slug>/draw/", sponsor.draw_create, name="draw_create"),
    path("sponsor/funds/<slug:slug>/scoring/", committee.scoring, name="scoring"),
    path("sponsor/funds/<slug:slug>/rubric/", committee.rubric, name="rubric"),
    path("sponsor/funds/<slug:slug>/confirm/", committee.confirm, name="confirm"),
    path("sponsor/funds/<slug:slug>/report/", sponsor.report, name="report"),
    path("sponsor/funds/<slug:slug>/edit/", sponsor.fund_edit, name="fund_edit"),
    path("sponsors/<slug:sponsor>/funds/new/", sponsor.fund_create, name="fund_create"),
    path("sponsors/<slug:sponsor>/members/", sponsor.members, name="members"),
    path("sponsors/members/<int:pk>/remove/", sponsor.member_remove, name="member_remove"),
]
