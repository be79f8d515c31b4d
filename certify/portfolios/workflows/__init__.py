"""The portfolio app's three workflows, each whole in its own module: the portfolio itself
(`portfolio`), one reviewer's assignment (`review`) and a supervisor's attestation of one piece of
evidence (`attestation`). The models inherit these; services move them only through
`certify.core.workflow.transition`."""
