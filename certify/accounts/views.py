from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from certify.accounts import selectors, services
from certify.accounts.forms import PeopleFilterForm, RoleChangeForm, TokenForm
from certify.accounts.home import home_context
from certify.accounts.invitation_standing import invitations_standing
from certify.accounts.invitations import colleague_invitations_for
from certify.accounts.models import PersonalAccessToken, Role, User
from certify.accounts.person_references import person_reference
from certify.accounts.privacy import actors_attach, case_person, case_title, closure_erased
from certify.accounts.task_list import TaskStatus, candidate_tasks, task_groups
from certify.accounts.tokens import (
    token_create,
    token_revoke,
    token_rows,
    token_scope_choices,
)
from certify.core.decorators import permission_required
from certify.core.errors import DomainError

# A role after "is now" and "is no longer": a sentence, not the role's label.
ROLE_AS = {
    Role.CANDIDATE: "a candidate",
    Role.PROGRAM_STAFF: "on the program staff",
    Role.REVIEWER: "a portfolio reviewer",
    Role.PROVIDER: "a course provider",
    Role.SPONSOR: "a scholarship sponsor",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required
    roles = [r for r in Role if user.has_role(r)]
    tasks = candidate_tasks(user=user) if Role.CANDIDATE in roles else []
    return render(
        request,
        "accounts/home.html",
        {
            "roles": roles,
            "task_groups": task_groups(tasks),
            "tasks_done": sum(1 for t in tasks if t.status == TaskStatus.COMPLETED),
            "tasks_count": len(tasks),
            "Role": Role,
            "invitations": invitations_standing(colleague_invitations_for(user=user)),
            **home_context(user=user, roles=roles),
        },
    )


@permission_required("accounts.view_people")
def people(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    search = role = ""
    if form.is_valid():
        search, role = form.cleaned_data["q"], form.cleaned_data["role"]
    page = Paginator(selectors.user_list(search=search, role=role), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/people.html", {"form": form, "page": page})


@permission_required("accounts.change_roles")
def person(request: HttpRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(selectors.user_list(), pk=user_id)
    reference = person_reference(person) if closure_erased(person) else ""
    ended_roles = list(selectors.ended_roles_of(user=person))
    # Who granted and ended each, "by <whom>": closed accounts' last roles read in one query.
    actors_attach(p for e in ended_roles for p in (e.granted_by, e.ended_by))
    return render(
        request,
        "accounts/person.html",
        {
            "person": person,
            # Never the closure's placeholder name (`privacy.case_title`): its candidate number.
            "title": case_title("Person", person, reference=reference),
            "who": case_person(person, reference=reference),
            "closed": closure_erased(person),
            "ended_roles": ended_roles,
            "form": RoleChangeForm(),
            "Role": Role,
        },
    )


@require_POST
@permission_required("accounts.change_roles")
def person_role_change(request: HttpRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(User, pk=user_id)
    form = RoleChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a role and whether to grant or revoke it.")
        return redirect("accounts:person", user_id=person.pk)
    role, reason = form.cleaned_data["role"], form.cleaned_data["reason"]
    label = ROLE_AS[role]
    try:
        if form.cleaned_data["action"] == "grant":
            services.role_grant(user=person, role=role, actor=request.user, reason=reason)
            messages.success(request, f"{person} is now {label}.")
        else:
            services.role_revoke(user=person, role=role, actor=request.user, reason=reason)
            messages.success(request, f"{person} is no longer {label}.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("accounts:person", user_id=person.pk)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """Personal access tokens for the API: made here, shown once, revoked here."""
    user = cast(User, request.user)
    form = TokenForm(request.POST or None, choices=token_scope_choices(user))
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            created = token_create(user=user, **form.cleaned_data)
            new_secret = created.secret
            form = TokenForm(choices=token_scope_choices(user))
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": token_rows(user),
            "new_secret": new_secret,
        },
    )


@require_POST
@login_required
def token_delete(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(PersonalAccessToken, pk=pk, user=request.user)
    token_revoke(token=token, actor=cast(User, request.user))
    messages.success(request, f"The token “{token.name}” no longer works.")
    return redirect("accounts:tokens")
