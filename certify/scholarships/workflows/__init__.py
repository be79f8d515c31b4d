"""The scholarship app's two workflows, each whole in its own module: a person's application to
a fund (`application`) and the award a fund makes (`award`). Who may move them is a relation to
the subject: the sponsor's people are those who run the fund's sponsor (`sponsor`), never the
applicant or recipient themselves, and a superuser is none of them. The models inherit these;
services move them only through `certify.core.workflow.transition`."""
