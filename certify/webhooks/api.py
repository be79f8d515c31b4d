"""What other packages use from webhooks (the Python interface, not HTTP).

For the REST package: reads `endpoint_list`, `endpoint_find`, `not_sending(endpoint, memo,
viewer=)` (why nothing is sent to it, with what to do: `MAKER_GONE` or the two-factor rule's
words, to its maker in the second person; or None; `makers_of(user)` reads the memo for a
list in one go), `delivery_list`,
`delivery_find`, `share_list`, `share_find`, `certificates_of`, `owners_for`, `TYPES`,
`shared_with_listed` (the employer's list, each row's lapse read) and `standing(certificate)`
(its status in the employer's words),
`choices_for`; writes `endpoint_create`, `endpoint_update`, `secret_rotate`,
`endpoint_disable`, `endpoint_enable`, `delivery_resend`, `share_create`, `share_withdraw`.
"""

from certify.webhooks.access import MAKER_GONE, makers_of, not_sending, owners_for
from certify.webhooks.catalog import TYPES, choices_for
from certify.webhooks.delivery import delivery_resend
from certify.webhooks.employer_words import standing
from certify.webhooks.selectors import (
    certificates_of,
    delivery_find,
    delivery_list,
    endpoint_find,
    endpoint_list,
    share_find,
    share_list,
    shared_with_listed,
)
from certify.webhooks.services import (
    endpoint_create,
    endpoint_disable,
    endpoint_enable,
    endpoint_update,
    secret_rotate,
    share_create,
    share_withdraw,
)

__all__ = [
    "MAKER_GONE",
    "TYPES",
    "certificates_of",
    "choices_for",
    "delivery_find",
    "delivery_list",
    "delivery_resend",
    "endpoint_create",
    "endpoint_disable",
    "endpoint_enable",
    "endpoint_find",
    "endpoint_list",
    "endpoint_update",
    "makers_of",
    "not_sending",
    "owners_for",
    "secret_rotate",
    "share_create",
    "share_find",
    "share_list",
    "share_withdraw",
    "shared_with_listed",
    "standing",
]
