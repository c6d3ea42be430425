"""Use cases for ASB incidents: every read of personal data goes through here and is logged."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from asbhub.core.audit import log_access
from asbhub.core.choices import AccessAction
from asbhub.incidents.models import Incident


def incidents_visible_to(user: AbstractBaseUser) -> QuerySet[Incident]:
    """The scope function for incidents: force staff with the view permission see all.

    Partner users see none until a data sharing agreement gives their agency a scope.
    """
    if not user.is_active or not user.has_perm("incidents.view_incident"):
        return Incident.objects.none()
    return Incident.objects.all()


@transaction.atomic
def open_incident(
    user: AbstractBaseUser, pk: int, purpose: str, request: HttpRequest | None = None
) -> Incident:
    """Return one incident with its parties for the user, logging the view.

    Checks the user's scope; an incident outside it raises Http404 (its existence is
    not revealed). Writes exactly one access log entry for the incident.
    """
    try:
        incident = (
            incidents_visible_to(user)
            .select_related("csp")
            .prefetch_related("parties__person")
            .get(pk=pk)
        )
    except Incident.DoesNotExist:
        raise Http404 from None
    log_access(user, AccessAction.VIEW, incident, purpose, request)
    return incident
