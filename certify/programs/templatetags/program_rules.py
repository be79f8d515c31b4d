"""A program's prose with its rule values filled in (`{{ program.costs|with_rules:program }}`),
and a rule's number in words (`{{ program.course_approval_years|words }}` → "four",
`{{ program.portfolio_resubmissions|times }}` → "once")."""

from typing import Any

from django import template

from certify.programs.cost_help import cost_help_for
from certify.programs.rule_text import number_times, number_words, program_text

register = template.Library()


@register.filter
def with_rules(text: str, program: Any) -> str:
    """Plain text (escaped by the template as usual), never a template of its own."""
    return program_text(program, text or "")


@register.filter
def words(value: int) -> str:
    """A whole number as prose writes it: 4 → "four", 1820 → "1,820"."""
    return number_words(int(value))


@register.filter
def times(value: int) -> str:
    """A whole number of times as prose writes it: 1 → "once", 2 → "twice", 3 → "three times"."""
    return number_times(int(value))


@register.simple_tag
def cost_help(program: Any) -> list:
    """The help with the program's costs other apps offer (`programs.cost_help`)."""
    return cost_help_for(program)
