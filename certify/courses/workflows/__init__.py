"""The courses app's workflows, one module each: statuses, moves, and who may make each move.

- `provider`: an organisation waits for program staff to approve it.
- `course`: draft, submitted, returned, approved (and renewed), withdrawn.
- `completion`: a course completion waits for the provider or staff to confirm it.
- `unmatched`: a reported completion nobody matched waits for staff to match or dismiss it.
- `programme_claim`: a graduate's recognised-programme claim waits for staff.
- `consent`: a candidate's consent to a provider (named in the plan, or an accepted invitation).
- `completion_import`: a completion CSV is checked, then imported, in the background.

The models inherit these abstract classes; services move them only through
`certify.core.workflow.transition`. `relations` holds the ties to a provider they share.
"""
