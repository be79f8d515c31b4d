"""Every event the journey tells someone about. Apps send them with `notifications.api.notify`.

Each event has an e-mail template `notifications/email/<key>.txt` (first line: the subject) and an
HTML version rendered from it. Essential e-mails always go out; people may switch off the others.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    key: str
    label: str
    essential: bool = True


EVENTS: dict[str, Event] = {
    e.key: e
    for e in (
        Event("account.test", "Test message from staff"),
        Event("application.received", "Your application was received"),
        Event("application.more_info", "More information is needed on your application"),
        Event("application.decided", "A decision on your application"),
        Event("application.deadline_extended", "Your completion deadline was extended"),
        Event("application.rules_moved", "Your application was moved to the current rules"),
        Event("application.supervisor_confirm", "Please confirm a colleague's hours"),
        Event("payment.invoice", "Invoice"),
        Event("payment.receipt", "Receipt"),
        Event("payment.refund_failed", "A card refund could not be sent"),
        Event("payment.refund_pending", "A card payment reached an invoice that owes nothing"),
        Event("payment.to_check", "A card payment paid an invoice for something that ended"),
        Event("payment.member_price", "Your invoice is replaced at the member price"),
        Event(
            "payment.member_price_late",
            "A membership was confirmed after its enrollment invoice was issued",
        ),
        Event("payment.full_price", "The member price no longer applies to your invoice"),
        Event(
            "payment.full_price_late",
            "A membership was refused after its enrollment invoice had the member price",
        ),
        Event(
            "payment.difference_void",
            "An invoice for a member price difference is canceled: a refund was not sent",
        ),
        Event("scholarship.decided", "A decision on your scholarship application"),
        Event("scholarship.award_ended", "Your scholarship award was withdrawn or expired"),
        Event(
            "scholarship.award_restored",
            "Your scholarship award after an appeal sent back a rejection",
        ),
        Event(
            "scholarship.award_not_restored",
            "An award ended by a rejection could not be given back after an appeal",
        ),
        Event("review.assigned", "A portfolio was assigned to you for review"),
        Event("review.due", "A portfolio review is due soon", essential=False),
        Event("review.overdue", "A portfolio review is overdue"),
        Event(
            "review.conflict_declared",
            "A review given back (a conflict declared, a role ended) needs a reviewer",
        ),
        Event("review.ended", "A portfolio review you had ended"),
        Event("portfolio.result", "The result of your portfolio review"),
        Event("portfolio.attestation", "Please attest to a colleague's work"),
        Event("course.completion_confirmed", "A course completion was confirmed"),
        Event("course.completion_rejected", "A course completion was not confirmed"),
        Event("course.completion_to_confirm", "A provider reported a completion you confirm"),
        Event("course.invitation", "A course provider invites you to a course"),
        Event("course.decided", "A decision on a course submitted for approval"),
        Event(
            "course.approval_stopped", "A course's approval was suspended, revoked or reinstated"
        ),
        Event(
            "course.approval_reinstated",
            "A course your plan names is approved again",
            essential=False,
        ),
        Event("course.approval_ending", "A course's approval ends soon", essential=False),
        Event("course.fee_to_refund", "A withdrawn course's approval fee was paid"),
        Event("colleague.invited", "You are invited to act for an organization"),
        Event("provider.approved", "Your organization was approved as a course provider"),
        Event("programme.decided", "A decision on your recognized-program claim"),
        Event("certificate.issued", "Your certificate was issued"),
        Event("certificate.approval_needed", "A certificate waits for approval"),
        Event("certificate.status_changed", "The status of your certificate changed"),
        Event("certificate.reissued", "Your digital credential was issued again"),
        Event("certificate.shared", "A certificate was shared with you", essential=False),
        Event(
            "certificate.unshared", "A certificate is no longer shared with you", essential=False
        ),
        Event(
            "certificate.shared_changed",
            "A certificate shared with you was suspended, reinstated, revoked, replaced or lapsed",
            essential=False,
        ),
        Event("set_credential.reissued", "The credential of one of your sets was issued again"),
        Event(
            "set_credential.revoked", "The credential of one of your competency sets was revoked"
        ),
        Event("deadline.reminder", "Reminder of your completion deadline", essential=False),
        Event("renewal.reminder", "Your certificate expires soon", essential=False),
        Event("certificate.lapsed", "Your certificate has lapsed"),
        Event("renewal.checking", "Your renewal fee arrived and staff check your renewal"),
        Event("renewal.decided", "A decision on your certificate renewal"),
        Event("renewal.reinstated", "You may renew your lapsed certificate"),
        Event("appeal.updated", "An update on your appeal"),
    )
}


def optional_events() -> list[Event]:
    return [e for e in EVENTS.values() if not e.essential]
