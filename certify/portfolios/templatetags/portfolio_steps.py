from typing import Any

from django import template

from certify.portfolios import steps

register = template.Library()


@register.simple_tag
def step_page(all_steps: list[steps.Step], current: Any = None, failed: Any = None) -> Any:
    """The competency page's place among the portfolio's steps (ADR 0044): the competency the
    page was asked for (`current`), or the one whose evidence form was refused (`failed`, the
    context `evidence_add` renders this page with)."""
    if not current and isinstance(failed, dict):
        current = failed.get("response_id")
    return steps.step_page(all_steps, current)
