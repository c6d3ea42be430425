"""The service navigation: one table of the pages in ASB Hub and who may open them.

An app adds its pages here with the permission each needs; the header and the home
page's tiles are both drawn from this table, so a page is never linked for a user whom
it would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from asbhub.core.roles import has_role, role_of


@dataclass(frozen=True)
class Page:
    """A page in the navigation: URL name, label, one-line description, and who may open it.

    `permission` is a Django permission ("app.codename"); `roles` narrows further to role
    slugs when a permission alone would not say it (e.g. the admin site).
    """

    url_name: str
    label: str | Promise
    description: str | Promise
    permission: str
    roles: frozenset[str] = frozenset()


PAGES: tuple[Page, ...] = (
    Page(
        "opendata:overview",
        _("Force overview"),
        _(
            "Anti-social behaviour and all crime per month in Gwent and each partnership, "
            "from police.uk open data."
        ),
        "opendata.view_streetrecord",
    ),
    Page(
        "hotspots:map",
        _("Hotspots"),
        _("Find ASB and crime hotspots, forecast next month's, and print patrol briefings."),
        "hotspots.view_hotspot_map",
    ),
    Page(
        "hotspots:operations",
        _("Patrol operations"),
        _("Plan hotspot patrols with partners, log them, and evaluate what they achieved."),
        "hotspots.view_operation",
    ),
    Page(
        "incidents:new",
        _("Record an ASB report"),
        _(
            "The ASB contact script: the victim's history, repeat and case review warnings, "
            "THRIVE and the graded response as you type."
        ),
        "incidents.add_incident",
    ),
    Page(
        "incidents:mine",
        _("My incidents"),
        _("The ASB incidents allocated to you, due soonest first."),
        "incidents.work_incident",
    ),
    Page(
        "problem_solving:list",
        _("Problem-solving plans"),
        _("OSARA plans for local problems, their monthly RAG reviews and outcomes."),
        "problem_solving.view_osaraplan",
    ),
    Page(
        "problem_solving:dashboard",
        _("Problem-solving dashboard"),
        _(
            "Plans by status, partnership and rating; overdue reviews, outcomes and time to "
            "finalise."
        ),
        "problem_solving.view_dashboard",
    ),
    Page(
        "datapacks:index",
        _("Data packs"),
        _("Crime and ASB data packs for the partnerships, as HTML and PDF, in English or Welsh."),
        "datapacks.view_datapack",
    ),
    Page(
        "integrity:queue",
        _("Crime data integrity review"),
        _(
            "Every ASB incident within 24 hours of report: likely crimes highlighted, the "
            "decision, queries to officers and the dip sample."
        ),
        "integrity.view_cdireview",
    ),
    Page(
        "integrity:dashboard",
        _("Crime data integrity dashboard"),
        _(
            "Share reviewed within 24 hours and crimes per 100 incidents, by partnership, "
            "offence group and week."
        ),
        "integrity.view_cdireview",
    ),
    Page(
        "integrity:queries",
        _("Crime data integrity queries"),
        _("Questions from the crime data integrity team about your incidents."),
        "integrity.change_cdiquery",
    ),
    Page(
        "admin:index",
        _("Administration"),
        _("Manage users, roles and reference data."),
        "core.view_accesslogentry",
        roles=frozenset({"administrator"}),
    ),
)


def pages_for(user: AbstractBaseUser | AnonymousUser) -> list[Page]:
    """The pages this user may open, in the table's order (none without a role)."""
    if role_of(user) is None:
        return []
    return [
        page
        for page in PAGES
        if user.has_perm(page.permission) and (not page.roles or has_role(user, *page.roles))
    ]
