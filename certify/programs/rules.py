import rules

from certify.accounts.api import is_program_staff

# Program staff configure programs in the admin; everyone may read published programs.
for model in ("program", "competencyset", "competency", "faqentry"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"programs.{action}_{model}", is_program_staff)
rules.add_perm("programs", is_program_staff)

# Competency framework versions (ADR 0056): program staff draft, compare and publish them.
rules.add_perm("programs.manage_framework", is_program_staff)
