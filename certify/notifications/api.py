"""What other apps use from notifications (the Python interface, not HTTP).

- `notify(...)`, `email_queue(...)`, `email_render(...)`: in-app notices and the e-mail outbox;
  `notify_latest(key=..., email_group=...)`: one notice under the key, brought up to date each
  time, and at most one e-mail for the group; `notify_each(told=[Told(...)], ...)`: one thing
  told to many in a fixed number of queries. A notice is e-mailed only to an address its
  account confirmed (`address=`: the one it is about, when confirmed); an account with none is
  told in the app and its e-mail held (`recipients.py`, ADR 0025).
- `relay_check(...)`, `relay_send(...)`: e-mail on a person's behalf to an address that need not
  be an account, within the limits of ADR 0029 (docs/decisions/0029-no-relaying.md).
- `daily_job`, `frequent_job`: register a scheduled job (run by `manage.py run_jobs`);
  `last_completed_day(job=..., before=...)`: the last day a daily job ran to the end.
- `unread_count(*, user) -> int`: the badge in the navigation.

For the REST package (the pages' writes): `notifications_mark_all_read(*, user) -> int`,
`email_preferences_set(*, user, enabled)`, `email_preferences_of(*, user)`, `optional_events()`,
and `email_retry(*, email, actor)` (staff).
"""

from certify.notifications.events import optional_events
from certify.notifications.models import EmailPreference
from certify.notifications.notices import Told, notify_each
from certify.notifications.relay import relay_check, relay_send
from certify.notifications.scheduler import daily_job, frequent_job, last_completed_day
from certify.notifications.selectors import unread_count
from certify.notifications.services import (
    email_preferences_set,
    email_queue,
    email_render,
    email_retry,
    notifications_mark_all_read,
    notify,
    notify_latest,
)


def email_preferences_of(*, user) -> dict[str, bool]:
    """Each optional e-mail → whether the person gets it (on unless they switched it off)."""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("event", "enabled"))
    return {event.key: chosen.get(event.key, True) for event in optional_events()}


__all__ = [
    "Told",
    "daily_job",
    "email_preferences_of",
    "email_preferences_set",
    "email_queue",
    "email_render",
    "email_retry",
    "frequent_job",
    "last_completed_day",
    "notifications_mark_all_read",
    "notify",
    "notify_each",
    "notify_latest",
    "optional_events",
    "relay_check",
    "relay_send",
    "unread_count",
]
