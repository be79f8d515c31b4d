from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from certify.accounts.models import User
from certify.core import zones
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.notifications import relay, selectors, services
from certify.notifications import unsubscribe as one_click
from certify.notifications.events import EVENTS
from certify.notifications.forms import PreferencesForm, TestEmailForm
from certify.notifications.models import EmailPreference, Notification, OutgoingEmail
from certify.notifications.services import delivery_check_send


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    page = Paginator(selectors.notification_list(user=user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to what it is about."""
    user = cast(User, request.user)
    notification = get_object_or_404(Notification, pk=pk, recipient=user)
    services.notification_mark_read(notification=notification, user=user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=cast(User, request.user))
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read.")
    return redirect("notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    current = dict(EmailPreference.objects.filter(user=user).values_list("event", "enabled"))
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.email_preferences_set(user=user, enabled=form.cleaned_data)
        messages.success(request, "Your e-mail preferences are saved.")
        return redirect("notifications:preferences")
    essential = [e for e in EVENTS.values() if e.essential and e.key != "account.test"]
    return render(request, "notifications/preferences.html", {"form": form, "essential": essential})


@permission_required("notifications.view_outbox")
def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in OutgoingEmail.Status.values:
        status = ""
    counts = selectors.outgoing_email_counts()
    page = Paginator(selectors.outgoing_email_list(status=status), 50).get_page(
        request.GET.get("page")
    )
    # An e-mail is of no program: its times in the programs' zone when they share one, else the
    # site's (`core.zones`), the days the staff home counts its failed ones in, named on the page.
    zone = zones.zone_for_all()
    with timezone.override(zone.tzinfo):
        return render(
            request,
            "notifications/outbox.html",
            {
                "zone": zone,
                "page": page,
                "status": status,
                "statuses": [
                    (value, label, counts.get(value, 0))
                    for value, label in OutgoingEmail.Status.choices
                ],
                "max_attempts": services.MAX_ATTEMPTS,
                "test_form": TestEmailForm(),
            },
        )


@require_POST
@permission_required("notifications.retry_email")
def outbox_retry(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(OutgoingEmail, pk=pk)
    try:
        services.email_retry(email=email, actor=cast(User, request.user))
        messages.success(request, f"The e-mail to {email.to} will be sent again.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("notifications:outbox")


@require_POST
@permission_required("notifications.send_test_email")
def outbox_test(request: HttpRequest) -> HttpResponse:
    form = TestEmailForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a valid e-mail address for the test message.")
        return redirect("notifications:outbox")
    to = form.cleaned_data["to"]
    sent = delivery_check_send(actor=cast(User, request.user), to=to)
    if sent.as_typed:
        messages.success(request, f"A test e-mail to {sent.address} is on its way.")
    elif not sent.address:
        messages.warning(
            request,
            f"No account has confirmed {to}, and you have not confirmed your own address "
            "either, so Certify sent no test e-mail: it is held below. Confirm your address on "
            "your e-mail addresses page, then send the test again.",
        )
    else:
        messages.success(
            request,
            f"No account has confirmed {to}, so Certify does not write to it: the test e-mail "
            f"went to your own address, {sent.address}, instead. To test {to}, ask its owner to "
            "add it to their account and follow the link Certify sends them.",
        )
    return redirect("notifications:outbox")


@permission_required("notifications.view_outbox")
def relay_reports(request: HttpRequest) -> HttpResponse:
    """Staff read who stopped e-mail sent on whose behalf (ADR 0029)."""
    page = Paginator(selectors.relay_stop_list(), 50).get_page(request.GET.get("page"))
    limits = relay.relay_limits()
    return render(request, "notifications/relay_reports.html", {"page": page, "limits": limits})


@never_cache  # a link page shows someone's details to its holder (core/private_pages.py)
def relay_stop(request: HttpRequest, token: str) -> HttpResponse:
    """The "not expected" link of an e-mail sent on someone's behalf: opening it (GET) only asks;
    the button (POST) stops further e-mail from that person to that address."""
    try:
        stop = relay.relay_stop_read(token)
    except DomainError as error:
        return render(
            request, "notifications/relay_stop.html", {"error": error.message}, status=404
        )
    context = {"stop": stop, "name": relay.sender_name(stop.sender)}
    if request.method == "POST":
        relay.relay_stop(token=token)
        return render(request, "notifications/relay_stop.html", {**context, "done": True})
    context["already"] = relay.relay_is_stopped(stop)
    return render(request, "notifications/relay_stop.html", context)


@csrf_exempt  # RFC 8058: the mail provider POSTs without a session; the signed token is the key
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click link of an optional e-mail (List-Unsubscribe): a GET only asks, so a mail
    scanner that opens it changes nothing; a POST (the provider's one click or the button)
    switches that kind of e-mail off without signing in."""
    try:
        found = one_click.unsubscribe_read(token)
    except DomainError as error:
        page = {"error": error.message}
        return render(request, "notifications/unsubscribe.html", page, status=404)
    if request.method == "POST":
        one_click.unsubscribe(token=token)
        return render(request, "notifications/unsubscribe.html", {"found": found, "done": True})
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    context = {"found": found, "already": one_click.is_unsubscribed(found)}
    return render(request, "notifications/unsubscribe.html", context)
