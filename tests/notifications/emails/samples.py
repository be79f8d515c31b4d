"""Values the e-mail contexts and their tests share: the served address, a day and a moment,
and words other modules of the code give an e-mail as they give them."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

SITE = "https://certify.example.org"
SITE_CONTACT = "help@certify.example.org"

# What renewals.selectors.ce_requirement_words gives the renewal e-mails.
CE_REQUIREMENT = "32 hours of continuing education, at least 4 of them on Technology"
DAY = date(2027, 3, 14)
MOMENT = datetime(2027, 3, 14, 21, 30, tzinfo=UTC)
# What renewals.fee.lapsed_renewal_words gives the lapse notice: a fee paid in time, and one paid
# after the last day to renew.
LAPSED_IN_TIME = (
    "Your renewal is still open: program staff decide it, and we will tell you when they have. "
    "If they approve it, your new certificate follows on from March 14, 2027."
)
LAPSED_PAID_LATE = (
    "Your renewal fee arrived on May 15, 2027, after your last day to renew (May 14, 2027), so "
    "program staff cannot approve the renewal as it stands: a lapsed certificate is renewed only "
    "once they reinstate it. They decide, and we will tell you when they have: either they "
    "reinstate your certificate and approve the renewal, the fee you paid pays for it and your "
    "new certificate follows on from March 14, 2027; or they refuse the renewal, and a refusal "
    "does not refund the fee by itself: program staff decide whether to refund it to whoever "
    "paid it, the way it was paid, and you will get a receipt if they do. You need not apply or "
    "pay again."
)
# What renewals.fee.refused_fee_words gives the refusal e-mail of a fee paid after the lapse.
REFUSED_PAID_LATE = (
    "The renewal fee of $150.00 arrived on May 15, 2027, after your last day to renew (May 14, "
    "2027), and this refusal does not refund it by itself: program staff decide whether to "
    "refund it to whoever paid it, the way it was paid, and you will get a receipt if they do. "
    "If they reinstate your certificate instead, the fee pays for your next renewal of it, and "
    "you will not pay it again."
)
INVOICE = SimpleNamespace(
    program=SimpleNamespace(short_name="LSSCP"),
    get_kind_display=lambda: "Application fee",
    due_on=DAY,
)
