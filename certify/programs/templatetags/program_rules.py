"""`{{ program.costs|with_rules:program }}`: a program's prose with its rule values filled in."""

from typing import Any

from django import template

from certify.programs.rule_text import program_text

register = template.Library()


@register.filter
def with_rules(text: str, program: Any) -> str:
    """Plain text (escaped by the template as usual), never a template of its own."""
    return program_text(program, text or "")
