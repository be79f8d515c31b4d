"""Who sees which reports: staff the whole site's; a sponsor's people their funds'; a
provider's people their courses'. What each dashboard shows is scoped in `dashboards`."""

import rules

from certify.accounts.api import is_program_staff, is_provider, is_sponsor

rules.add_perm("reports.view_staff_reports", is_program_staff)
rules.add_perm("reports.view_sponsor_reports", is_sponsor | is_program_staff)
rules.add_perm("reports.view_provider_reports", is_provider)
