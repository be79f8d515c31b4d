"""Reads for renewals, by subject; list pages keep a fixed number of queries.

- `holder`: what the holder's pages read: their certificate in the renewal cycle and its phase
  (`certificate_lifecycle`, `lapsed_on`), their CE log's activities and sets, their renewals.
- `progress`: continuing education: the requirement in words, each activity's hours and why
  they do not count, the certificate's period (`ce_period`, `renewed_from`), the progress toward
  the requirement (`ce_progress`) and what earlier renewals counted (`counted_before`).
- `staff`: staff's pages, the staff home and reports: one renewal (`renewal_find`), the queue
  (`renewal_staff_list`), the lapsed certificates, the approved renewals.
"""

from certify.renewals.selectors.holder import (
    IN_CYCLE,
    NO_REINSTATEMENT,
    ce_activities_removed_recently,
    ce_activity_find,
    ce_activity_list,
    certificate_current_for,
    certificate_lifecycle,
    certificates_current_for,
    holder_sets,
    lapsed_on,
    renew_by_for,
    renewal_list_for_holder,
    renewal_live_for,
    renewal_turnaround,
)
from certify.renewals.selectors.progress import (
    CePeriod,
    ce_activities_counted,
    ce_activity_rows,
    ce_activity_why_not,
    ce_period,
    ce_progress,
    ce_requirement_words,
    counted,
    counted_before,
    renewed_from,
    technology_set,
)
from certify.renewals.selectors.staff import (
    STAFF_FILTERS,
    certificates_lapsed,
    lapse_threshold,
    lapsed_condition,
    renewal_find,
    renewal_staff_list,
    renewals_approved,
    renewals_to_audit,
)

__all__ = [
    "IN_CYCLE",
    "NO_REINSTATEMENT",
    "STAFF_FILTERS",
    "CePeriod",
    "ce_activities_counted",
    "ce_activities_removed_recently",
    "ce_activity_find",
    "ce_activity_list",
    "ce_activity_rows",
    "ce_activity_why_not",
    "ce_period",
    "ce_progress",
    "ce_requirement_words",
    "certificate_current_for",
    "certificate_lifecycle",
    "certificates_current_for",
    "certificates_lapsed",
    "counted",
    "counted_before",
    "holder_sets",
    "lapse_threshold",
    "lapsed_condition",
    "lapsed_on",
    "renew_by_for",
    "renewal_find",
    "renewal_list_for_holder",
    "renewal_live_for",
    "renewal_staff_list",
    "renewal_turnaround",
    "renewals_approved",
    "renewals_to_audit",
    "renewed_from",
    "technology_set",
]
