from django.urls import path

from certify.courses.views import candidate, consents, provider, public, staff, staff_providers

app_name = "courses"
P = "providers/<int:pid>/"
urlpatterns = [
    # The public catalogue.
    path("courses/", public.catalogue, name="catalogue"),
    path("courses/<int:pk>/", public.course_detail, name="detail"),
    # Providers.
    path("providers/register/", provider.register, name="register"),
    path("providers/", provider.provider_home, name="provider_home"),
    path(P, provider.provider, name="provider"),
    path(P + "courses/new/", provider.course_new, name="course_new"),
    path(P + "courses/<int:cid>/", provider.course_edit, name="course_edit"),
    path(P + "courses/<int:cid>/map/<int:competency_id>/", provider.course_map, name="course_map"),
    path(P + "courses/<int:cid>/syllabus/", provider.course_syllabus, name="course_syllabus"),
    path(P + "courses/<int:cid>/submit/", provider.course_submit, name="course_submit"),
    path(P + "courses/<int:cid>/withdraw/", provider.course_withdraw, name="course_withdraw"),
    path(
        P + "courses/<int:cid>/withdraw/confirm/",
        provider.course_withdraw_confirm,
        name="course_withdraw_confirm",
    ),
    path(P + "completions/", provider.completions, name="provider_completions"),
    path(P + "completions/report/", provider.completion_report, name="completion_report"),
    path(
        P + "completions/<int:completion_id>/decide/",
        provider.completion_decide,
        name="provider_completion_decide",
    ),
    path(P + "invitations/", provider.invitations, name="invitations"),
    path(P + "imports/", provider.imports, name="imports"),
    path(P + "imports/<int:iid>/", provider.import_detail, name="import"),
    path(P + "imports/<int:iid>/progress/", provider.import_progress, name="import_progress"),
    path(P + "imports/<int:iid>/confirm/", provider.import_confirm, name="import_confirm"),
    path(P + "imports/<int:iid>/cancel/", provider.import_cancel, name="import_cancel"),
    path(P + "imports/<int:iid>/errors.csv", provider.import_errors, name="import_errors"),
    path("providers/completions-template.csv", provider.import_template, name="import_template"),
    path(P + "api-keys/", provider.api_keys, name="api_keys"),
    path(P + "api-keys/<int:key_id>/revoke/", provider.api_key_revoke, name="api_key_revoke"),
    path("courses/<int:cid>/syllabus/", provider.syllabus_download, name="syllabus"),
    path(
        "completions/<int:completion_id>/certificate/",
        provider.certificate_download,
        name="certificate",
    ),
    # Candidates.
    path(
        "plan/sets/<int:planned_id>/course/", candidate.course_completion, name="course_completion"
    ),
    path("plan/sets/<int:planned_id>/course/name/", consents.course_name, name="course_name"),
    path("plan/providers/", consents.consents, name="consents"),
    path("plan/providers/<int:consent_id>/decide/", consents.consent_decide, name="consent_decide"),
    path(
        "completions/<int:completion_id>/answer/",
        consents.completion_answer,
        name="completion_answer",
    ),
    path(
        "completions/<int:completion_id>/apply/",
        candidate.completion_apply,
        name="completion_apply",
    ),
    path(
        "plan/sets/<int:planned_id>/programme/", candidate.programme_claim, name="programme_claim"
    ),
    path("programme-claims/<int:claim_id>/proof/", candidate.proof_download, name="proof"),
    # Program staff.
    path("staff/courses/", staff.courses, name="staff_courses"),
    path("staff/courses/<int:cid>/", staff.course, name="staff_course"),
    path("staff/courses/<int:cid>/evaluate/", staff.course_evaluate, name="staff_evaluate"),
    path("staff/courses/<int:cid>/decide/", staff.course_decide, name="staff_decide"),
    path(
        "staff/courses/<int:cid>/approval/",
        staff.course_approval,
        name="staff_approval",
    ),
    path(
        "staff/courses/<int:cid>/renewal/close/",
        staff.course_renewal_close,
        name="staff_renewal_close",
    ),
    path("staff/providers/", staff_providers.providers, name="staff_providers"),
    path(
        "staff/providers/<int:pid>/approve/",
        staff_providers.provider_approve,
        name="staff_provider_approve",
    ),
    path(
        "staff/providers/<int:pid>/approval/",
        staff_providers.provider_approval,
        name="staff_provider_approval",
    ),
    path("staff/completions/", staff.completions, name="staff_completions"),
    path(
        "staff/completions/<int:completion_id>/decide/",
        staff.completion_decide,
        name="staff_completion_decide",
    ),
    path("staff/completions/unmatched/", staff.unmatched, name="staff_unmatched"),
    path(
        "staff/completions/unmatched/<int:row_id>/",
        staff.unmatched_resolve,
        name="staff_unmatched_resolve",
    ),
    path("staff/programmes/", staff.programmes, name="staff_programmes"),
    path("staff/programme-claims/", staff.claims, name="staff_claims"),
    path(
        "staff/programme-claims/<int:claim_id>/decide/",
        staff.claim_decide,
        name="staff_claim_decide",
    ),
]
