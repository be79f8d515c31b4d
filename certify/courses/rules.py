"""Who may do what with providers, courses, completions and recognised programmes.

Provider staff act only for the organisations they belong to; program staff see everything.
"""

import rules

from certify.accounts.api import is_candidate, is_program_staff, is_provider


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _member_of(user, provider_id: int | None) -> bool:
    if provider_id is None or not getattr(user, "is_authenticated", False):
        return False
    # Read once per request: the ids of the providers this person acts for.
    ids = getattr(user, "_provider_ids", None)
    if ids is None:
        from certify.courses.models import ProviderMembership

        ids = frozenset(
            ProviderMembership.objects.filter(user=user).values_list("provider_id", flat=True)
        )
        user._provider_ids = ids
    return provider_id in ids


@rules.predicate
def is_provider_member(user, provider) -> bool:
    return provider is not None and _member_of(user, provider.pk)


@rules.predicate
def is_course_provider_member(user, course) -> bool:
    return course is not None and _member_of(user, course.provider_id)


@rules.predicate
def is_completion_provider_member(user, completion) -> bool:
    return completion is not None and _member_of(user, completion.course.provider_id)


@rules.predicate
def is_completion_candidate(user, completion) -> bool:
    return completion is not None and completion.candidate_id == user.pk


@rules.predicate
def is_claim_candidate(user, claim) -> bool:
    return claim is not None and claim.candidate_id == user.pk


# Anyone signed in may register an organisation; staff approve it and grant the provider role.
rules.add_perm("courses.register_provider", is_signed_in)
rules.add_perm("courses.use_provider_pages", is_provider)
rules.add_perm("courses.act_for_provider", is_provider & is_provider_member)
rules.add_perm("courses.view_course", (is_provider & is_course_provider_member) | is_program_staff)
rules.add_perm("courses.edit_course", is_provider & is_course_provider_member)
rules.add_perm(
    "courses.decide_completion",
    (is_provider & is_completion_provider_member) | is_program_staff,
)
rules.add_perm(
    "courses.view_completion",
    is_completion_candidate | (is_provider & is_completion_provider_member) | is_program_staff,
)
rules.add_perm("courses.record_completion", is_candidate)
rules.add_perm("courses.view_claim", is_claim_candidate | is_program_staff)
rules.add_perm("courses.manage_courses", is_program_staff)
rules.add_perm("courses.evaluate_course", is_program_staff)

# The admin (program settings): staff manage providers and recognition agreements there too.
# (courses.view_course above already lets staff, and only staff, see courses without an object.)
for model in ("provider", "recognisedprogramme"):
    rules.add_perm(f"courses.view_{model}", is_program_staff)
    rules.add_perm(f"courses.change_{model}", is_program_staff)
rules.add_perm("courses.change_course", is_program_staff)
rules.add_perm("courses.add_recognisedprogramme", is_program_staff)
rules.add_perm("courses", is_program_staff)
