"""The service navigation: one table of the pages each role may reach.

An app adds its page here with the roles that may use it; the header and the home
page's tiles are both drawn from this table, so a page is never linked for a role
that would be refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asbhub.core.roles import ROLES, Role

EVERY_ROLE = frozenset(role.slug for role in ROLES)


@dataclass(frozen=True)
class Page:
    """A page in the navigation: its URL name, label, one-line description and roles."""

    url_name: str
    label: str | Promise
    description: str | Promise
    roles: frozenset[str]


PAGES: tuple[Page, ...] = (
    Page(
        "opendata:overview",
        _("Force overview"),
        _(
            "Anti-social behaviour and all crime per month in Gwent and each partnership, "
            "from police.uk open data."
        ),
        EVERY_ROLE,
    ),
    Page(
        "problem_solving:list",
        _("Problem-solving plans"),
        _("OSARA plans for local problems, their monthly RAG reviews and outcomes."),
        frozenset({"officer", "supervisor", "pop_officer"}),
    ),
    Page(
        "problem_solving:dashboard",
        _("Problem-solving dashboard"),
        _("Plans by status, partnership and rating; overdue reviews, outcomes and time to "
          "finalise."),
        frozenset({"officer", "supervisor", "pop_officer", "analyst", "pcc_scrutiny"}),
    ),
    Page(
        "incidents:new",
        _("Record an ASB report"),
        _(
            "The ASB contact script: the victim's history, repeat and case review warnings, "
            "THRIVE and the graded response as you type."
        ),
        frozenset({"call_handler", "supervisor"}),
    ),
    Page(
        "incidents:mine",
        _("My incidents"),
        _("The ASB incidents allocated to you, due soonest first."),
        frozenset({"officer", "supervisor"}),
    ),
    Page(
        "admin:index",
        _("Administration"),
        _("Manage users, roles and reference data."),
        frozenset({"administrator"}),
    ),
)


def pages_for(role: Role | None) -> list[Page]:
    """The pages this role may use, in the table's order."""
    if role is None:
        return []
    return [page for page in PAGES if role.slug in page.roles]
