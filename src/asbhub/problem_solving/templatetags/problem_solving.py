"""Template tags: the home page's problem-solving reminders, and a dictionary lookup."""

from __future__ import annotations

from typing import Any

from django import template

from asbhub.problem_solving import services
from asbhub.problem_solving.choices import RAG_COLOURS, STATUS_COLOURS

register = template.Library()


@register.inclusion_tag("problem_solving/_reminders.html", takes_context=True)
def review_reminders(context: template.Context) -> dict[str, Any]:
    """Problem-solving reminders for the signed-in user (nothing for others).

    Put `{% load problem_solving %}{% review_reminders %}` on a page.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"reminders": []}
    return {"reminders": services.reminders_for(user)}


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """`mapping|get_item:key`: the value for a key, or "" when there is none."""
    if not mapping:
        return ""
    return mapping.get(key, mapping.get(str(key), ""))


@register.filter
def rag_colour(value: str) -> str:
    """The GOV.UK tag colour for a RAG rating."""
    return RAG_COLOURS.get(value, "grey")


@register.filter
def status_colour(value: str) -> str:
    """The GOV.UK tag colour for a plan status."""
    return STATUS_COLOURS.get(value, "grey")
