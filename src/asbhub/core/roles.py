"""The roles of ASB Hub, each a Django group with its permissions.

The role list is data: a deployment changes who may do what here (and runs
`asbhub setup`, which calls `sync_roles`), not in the views.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    """A job in the force, the OPCC or a partner agency, and what it may do."""

    slug: str
    label: str | Promise
    summary: str | Promise
    permissions: tuple[str, ...]
    demo_name: str = ""

    @property
    def group_name(self) -> str:
        return self.slug

    @property
    def demo_username(self) -> str:
        """The demo user's name: `demo-` and the role's short name."""
        return f"demo-{self.demo_name or self.slug.replace('_', '-')}"


_OPEN_DATA = ("opendata.view_streetrecord", "opendata.view_outcomerecord")
_INCIDENTS_READ = ("incidents.view_incident", "incidents.view_person")
_INCIDENTS_WRITE = (
    "incidents.add_incident",
    "incidents.change_incident",
    "incidents.add_person",
    "incidents.change_person",
)
# Hotspot maps and evaluations are aggregates; patrol logs name staff (see hotspots.models).
_HOTSPOTS_MAP = ("hotspots.view_hotspot_map", "hotspots.view_evaluation", "hotspots.view_operation")
_OPERATIONS_MANAGE = _HOTSPOTS_MAP + (
    "hotspots.add_operation",
    "hotspots.change_operation",
    "hotspots.add_operationarea",
    "hotspots.change_operationarea",
    "hotspots.delete_operationarea",
    "hotspots.view_patrollog",
)
_PATROLS_LOG = ("hotspots.add_patrollog",)
# Crime data integrity: reviewers (and supervisors) decide and query; officers answer queries.
_CDI_REVIEW = (
    "integrity.view_cdireview",
    "integrity.change_cdireview",
    "integrity.view_cdiquery",
    "integrity.add_cdiquery",
    "integrity.view_incidentscreening",
    "integrity.view_dipsamplecheck",
    "integrity.change_dipsamplecheck",
)
_CDI_ANSWER = ("integrity.view_cdiquery", "integrity.change_cdiquery")
# Data packs are depersonalised aggregates (s.17A): partners read finished ones.
_DATAPACKS_READ = ("datapacks.view_datapack",)
_DATAPACKS_MAKE = _DATAPACKS_READ + ("datapacks.add_datapack",)
# Problem-solving plans name people: officers and supervisors write them, the POP officer
# reviews them; analysts and the PCC see only the dashboard's aggregates.
_PLANS_DASHBOARD = ("problem_solving.view_dashboard",)
_PLANS_WRITE = _PLANS_DASHBOARD + (
    "problem_solving.view_osaraplan",
    "problem_solving.add_osaraplan",
    "problem_solving.change_osaraplan",
    "problem_solving.view_planreview",
)
_PLANS_REVIEW = _PLANS_DASHBOARD + (
    "problem_solving.view_osaraplan",
    "problem_solving.view_planreview",
    "problem_solving.add_planreview",
    "problem_solving.review_osaraplan",
)

ROLES: tuple[Role, ...] = (
    Role(
        "call_handler",
        _("Call handler"),
        _("Records ASB reports in Force Contact and Control and assesses them with THRIVE."),
        _OPEN_DATA + _INCIDENTS_READ + _INCIDENTS_WRITE,
    ),
    Role(
        "officer",
        _("Officer"),
        _("Attends and resolves ASB incidents and owns local problems."),
        _OPEN_DATA
        + _INCIDENTS_READ
        + ("incidents.change_incident", "incidents.work_incident")
        + _OPERATIONS_MANAGE
        + _PATROLS_LOG
        + _PLANS_WRITE
        + _CDI_ANSWER,
    ),
    Role(
        "supervisor",
        _("Supervisor"),
        _("Oversees call handling and officers' incidents, allocates and closes them."),
        _OPEN_DATA
        + _INCIDENTS_READ
        + _INCIDENTS_WRITE
        + ("core.view_accesslogentry",)
        + ("incidents.allocate_incident", "incidents.close_incident", "incidents.work_incident")
        + _OPERATIONS_MANAGE
        + _PATROLS_LOG
        + _PLANS_WRITE
        + _CDI_REVIEW
        + ("integrity.draw_dip_sample",),
    ),
    Role(
        "cdi_reviewer",
        _("Crime data integrity reviewer"),
        _("Reviews every ASB incident within 24 hours for crimes that must be recorded."),
        _OPEN_DATA + _INCIDENTS_READ + _CDI_REVIEW,
    ),
    Role(
        "pop_officer",
        _("Problem-solving (POP) officer"),
        _("Quality-checks problem-solving plans and rates them red, amber or green."),
        _OPEN_DATA + _INCIDENTS_READ + _PLANS_REVIEW,
    ),
    Role(
        "analyst",
        _("Analyst"),
        _("Produces data packs, hotspot analysis and evaluations from the force's data."),
        _OPEN_DATA
        + ("opendata.add_sourcefile", "opendata.view_sourcefile")
        + _DATAPACKS_MAKE
        + _OPERATIONS_MANAGE
        + _PLANS_DASHBOARD,
    ),
    Role(
        "partner",
        _("Partner user"),
        _("Works for a partner agency and sees only what a data sharing agreement allows."),
        _OPEN_DATA + _DATAPACKS_READ,
    ),
    Role(
        "pcc_scrutiny",
        _("PCC scrutiny"),
        _("Holds the force to account for the Police and Crime Commissioner."),
        _OPEN_DATA
        + _DATAPACKS_MAKE
        + ("hotspots.view_evaluation", "hotspots.view_operation")
        + _PLANS_DASHBOARD,
        demo_name="pcc",
    ),
    Role(
        "administrator",
        _("Administrator"),
        _("Manages users, roles and reference data."),
        _OPEN_DATA
        + ("core.view_accesslogentry", "opendata.view_sourcefile")
        + ("auth.view_user", "auth.add_user", "auth.change_user", "auth.view_group")
        + ("core.view_communitysafetypartnership", "core.change_communitysafetypartnership")
        + ("core.view_lsoa", "core.change_lsoa")
        + ("core.view_team", "core.add_team", "core.change_team", "core.delete_team")
        + (
            "problem_solving.view_outcomecode",
            "problem_solving.add_outcomecode",
            "problem_solving.change_outcomecode",
        ),
        demo_name="admin",
    ),
)

ROLES_BY_SLUG = {role.slug: role for role in ROLES}


def role_of(user: AbstractBaseUser | AnonymousUser) -> Role | None:
    """Return the user's role (the first of ours among their groups), or None."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_asbhub_role", False)
    if cached is not False:
        return cached
    names = set(user.groups.values_list("name", flat=True))  # type: ignore[union-attr]
    role = next((r for r in ROLES if r.group_name in names), None)
    user._asbhub_role = role  # type: ignore[union-attr]
    return role


def has_role(user: AbstractBaseUser | AnonymousUser, *slugs: str) -> bool:
    """True when the user holds one of the named roles."""
    role = role_of(user)
    return role is not None and role.slug in slugs


def sync_roles() -> list[Group]:
    """Create or update a group per role with exactly the role's permissions.

    Raises LookupError naming any permission that does not exist, so a typo in the
    role table stops set-up rather than silently granting less.
    """
    groups = []
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.group_name)
        perms = []
        for dotted in role.permissions:
            app_label, codename = dotted.split(".")
            try:
                perms.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            except Permission.DoesNotExist:
                raise LookupError(f"Role {role.slug}: no permission {dotted}") from None
        group.permissions.set(perms)
        groups.append(group)
    return groups
