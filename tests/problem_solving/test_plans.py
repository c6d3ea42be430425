"""Writing a plan: who may see it, who may change it, and the lifecycle to finalisation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from asbhub.core.models import AccessLogEntry
from asbhub.problem_solving import schedule, services
from asbhub.problem_solving.choices import PlanStatus, ReviewKind
from asbhub.problem_solving.models import OutcomeCode, PlanReview
from tests.factories import make_incident, make_person

from .conftest import make_good_plan, make_plan

pytestmark = pytest.mark.django_db


def test_an_officer_starts_a_draft_plan_with_a_reference_and_a_default_period(cast, newport):
    plan = make_plan(cast["officer"], newport)
    assert plan.status == PlanStatus.DRAFT
    assert plan.owner == cast["officer"]
    assert plan.reference.startswith("PS-") and plan.reference.endswith("-0001")
    assert plan.scan_first_month and plan.scan_last_month
    assert make_plan(cast["officer"], newport).reference.endswith("-0002")
    assert AccessLogEntry.objects.filter(record_id=str(plan.pk), action="create").exists()


@pytest.mark.parametrize(
    "role", ["pop_officer", "analyst", "pcc_scrutiny", "partner", "call_handler"]
)
def test_roles_that_do_not_own_problems_cannot_start_plans(cast, newport, role):
    with pytest.raises(PermissionDenied):
        make_plan(cast[role], newport)


@pytest.mark.parametrize("role", ["officer", "supervisor", "pop_officer"])
def test_force_staff_who_work_on_plans_can_read_them(cast, newport, role):
    plan = make_plan(cast["officer"], newport)
    assert services.open_plan(cast[role], plan.pk, "test") == plan


@pytest.mark.parametrize(
    "role", ["analyst", "pcc_scrutiny", "partner", "call_handler", "cdi_reviewer"]
)
def test_other_roles_get_a_404_for_a_plan(cast, newport, role):
    plan = make_plan(cast["officer"], newport)
    with pytest.raises(Http404):
        services.open_plan(cast[role], plan.pk, "test")


def test_reading_a_plan_logs_the_plan_and_each_person_it_names(cast, newport):
    victim = make_person()
    incident = make_incident(victim=victim)
    plan = make_plan(cast["officer"], newport, incidents=[incident], people=[victim])
    services.open_plan(cast["pop_officer"], plan.pk, "Review the plan")
    logged = AccessLogEntry.objects.filter(username=cast["pop_officer"].username, action="view")
    assert {(e.record_type, e.record_id) for e in logged} == {
        ("problem_solving.osaraplan", str(plan.pk)),
        ("incidents.person", str(victim.pk)),
    }
    assert {e.purpose for e in logged} == {"Review the plan"}


def test_only_the_owner_or_supervisor_may_change_a_plan(cast, newport, roles):
    from tests.conftest import make_user

    other_officer = make_user("another-officer", "officer")
    plan = make_plan(cast["officer"], newport, supervisor=cast["supervisor"])
    services.update_plan(cast["supervisor"], plan, {"objective": "Fewer reports"}, part="objective")
    plan.refresh_from_db()
    assert plan.objective == "Fewer reports"
    for user in (other_officer, cast["pop_officer"]):
        with pytest.raises(PermissionDenied):
            services.update_plan(user, plan, {"objective": "x"}, part="objective")


def test_a_plan_needs_an_objective_and_problem_statement_to_be_submitted(cast, newport):
    plan = make_plan(cast["officer"], newport)
    with pytest.raises(services.PlanError):
        services.submit_plan(cast["officer"], plan)
    plan = make_good_plan(cast["officer"], newport)
    services.submit_plan(cast["officer"], plan)
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.next_review_due == schedule.one_month_after(timezone.localdate(plan.submitted_at))


def test_the_pop_officer_reviews_a_new_plan_and_it_opens(cast, newport):
    plan = make_good_plan(cast["officer"], newport, cast["supervisor"])
    services.submit_plan(cast["officer"], plan)
    services.start_review(cast["pop_officer"], plan)
    assert plan.status == PlanStatus.UNDER_REVIEW
    review = services.record_review(
        cast["pop_officer"], plan, rag="amber", feedback="Add partners.", scores={"objective": 2}
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.OPEN and plan.rag == "amber" and plan.opened_at
    assert review.kind == ReviewKind.INITIAL
    assert review.proposed_rag == "green"
    assert review.scores == {"objective": 2}
    second = services.record_review(
        cast["pop_officer"], plan, rag="green", feedback="Good.", scores={}
    )
    assert second.kind == ReviewKind.MONTHLY
    assert list(plan.reviews.values_list("rag", flat=True)) == ["green", "amber"]


@pytest.mark.parametrize("role", ["officer", "supervisor", "analyst"])
def test_only_the_pop_officer_rates_plans(cast, newport, role):
    plan = make_good_plan(cast["officer"], newport, cast["supervisor"])
    services.submit_plan(cast["officer"], plan)
    with pytest.raises(PermissionDenied):
        services.record_review(cast[role], plan, rag="green", feedback="Fine", scores={})


def test_a_review_needs_feedback_and_a_draft_cannot_be_reviewed(cast, newport):
    plan = make_good_plan(cast["officer"], newport)
    with pytest.raises(PermissionDenied):
        services.record_review(cast["pop_officer"], plan, rag="green", feedback="x", scores={})
    services.submit_plan(cast["officer"], plan)
    with pytest.raises(services.PlanError):
        services.record_review(cast["pop_officer"], plan, rag="green", feedback=" ", scores={})
    assert not PlanReview.objects.exists()


def test_finalising_needs_an_open_plan_an_assessment_and_an_outcome_in_use(cast, newport):
    plan = make_good_plan(cast["officer"], newport, cast["supervisor"])
    resolved = OutcomeCode.objects.get(code="resolved")
    with pytest.raises(services.PlanError):
        services.finalise_plan(cast["officer"], plan, outcome=resolved)
    services.submit_plan(cast["officer"], plan)
    services.record_review(cast["pop_officer"], plan, rag="green", feedback="Good.", scores={})
    with pytest.raises(services.PlanError, match="assessment"):
        services.finalise_plan(cast["officer"], plan, outcome=resolved)
    services.update_plan(
        cast["officer"], plan, {"assessment": " ".join(["It worked."] * 8)}, part="assessment"
    )
    retired = OutcomeCode.objects.create(code="old", label="Old", source="test", active=False)
    with pytest.raises(services.PlanError):
        services.finalise_plan(cast["officer"], plan, outcome=retired)
    services.finalise_plan(cast["supervisor"], plan, outcome=resolved, outcome_note="Done")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FINALISED and plan.outcome == resolved
    assert plan.next_review_due is None
    assert not services.can_edit(cast["officer"], plan)
    with pytest.raises(PermissionDenied):
        services.update_plan(cast["officer"], plan, {"title": "x"}, part="about")


def test_the_outcome_codes_are_seeded_and_say_the_national_list_was_not_available(db):
    codes = list(OutcomeCode.objects.all())
    assert len(codes) >= 6
    assert {"resolved", "reduced", "partner_lead", "no_improvement"} <= {c.code for c in codes}
    assert all("national list not available" in c.source for c in codes)
    assert all(c.label_cy for c in codes)


def test_incidents_are_found_by_reference_in_the_users_scope(cast, newport):
    incident = make_incident()
    found, missing = services.incidents_by_reference(
        cast["officer"], [incident.reference.lower(), "GW-1999-000000"]
    )
    assert found == [incident] and missing == ["GW-1999-000000"]
    assert services.incidents_by_reference(cast["partner"], [incident.reference])[0] == []


def test_people_offered_for_a_plan_come_from_its_incidents(cast, newport):
    victim, other = make_person(), make_person(given_name="Rhian")
    incident = make_incident(victim=victim)
    make_incident(victim=other)
    plan = make_plan(cast["officer"], newport, incidents=[incident])
    assert list(services.people_in_linked_incidents(plan)) == [victim]
    assert services.describe_person(victim, ("victim",)) == "Sian Prosser (born 1961; Victim)"
