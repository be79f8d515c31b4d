import rules

from certify.accounts.api import is_candidate, is_program_staff


@rules.predicate
def is_own_application(user, application) -> bool:
    return application is not None and application.candidate_id == user.pk


rules.add_perm("applications.apply", is_candidate)
rules.add_perm("applications.view_application", is_own_application | is_program_staff)
rules.add_perm("applications.edit_application", is_own_application)
rules.add_perm("applications.review_applications", is_program_staff)
rules.add_perm("applications.decide_application", is_program_staff)
