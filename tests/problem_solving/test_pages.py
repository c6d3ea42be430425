"""The problem-solving pages: forms with help and error summaries, HTMX, roles, Welsh."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from asbhub.problem_solving import forms, rubric, services
from asbhub.problem_solving.models import OsaraPlan, ResponseAction
from tests.factories import make_incident

from .conftest import SQUARE, add_street_records, make_good_plan, make_plan

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"problem_solving:{name}", args=args)


def test_every_form_field_has_a_label_and_help_text(cast, newport):
    plan = make_plan(cast["officer"], newport)
    proposal = rubric.propose(rubric.PlanFacts())
    every = [
        forms.PlanForm(),
        forms.AreaForm(user=cast["officer"]),
        forms.PeopleForm(plan=plan),
        forms.ObjectiveForm(),
        forms.ScanningForm(),
        forms.AnalysisForm(),
        forms.AssessmentForm(),
        forms.MeasureForm(),
        forms.ActionForm(),
        forms.ReviewForm(proposal=proposal),
        forms.FinaliseForm(),
    ]
    for form in every:
        for name, field in form.fields.items():
            assert field.label, (type(form).__name__, name)
            assert field.help_text, (type(form).__name__, name)


def test_the_plan_list_is_for_staff_who_work_on_plans(client, cast, newport, outsider):
    make_plan(cast["officer"], newport)
    client.force_login(cast["officer"])
    assert "Youths at Bettws shops" in client.get(url("list")).content.decode()
    for user in (cast["analyst"], cast["partner"], outsider):
        client.force_login(user)
        assert client.get(url("list")).status_code == 403
    client.logout()
    assert client.get(url("list")).status_code == 302


def test_starting_a_plan_shows_an_error_summary_when_incomplete(client, cast, newport):
    client.force_login(cast["officer"])
    response = client.post(url("create"), {"title": "", "csp": newport.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "<title>Error:" in page
    assert not OsaraPlan.objects.exists()
    response = client.post(
        url("create"),
        {
            "title": "Street drinking",
            "csp": newport.pk,
            "supervisor": cast["supervisor"].pk,
            "team": "Newport Central NPT",
            "overview": "Drinkers on the benches.",
        },
    )
    plan = OsaraPlan.objects.get()
    assert response.url == url("edit", plan.pk, "area")
    assert plan.owner == cast["officer"] and plan.supervisor == cast["supervisor"]


def test_the_area_form_links_lsoas_incidents_and_a_drawn_area(client, cast, newport):
    incident = make_incident()
    plan = make_plan(cast["officer"], newport)
    client.force_login(cast["officer"])
    response = client.post(
        url("edit", plan.pk, "area"),
        {
            "lsoa_codes": "w01001600",
            "streets": "Heol Pant\n\n",
            "polygon": json.dumps(SQUARE),
            "incident_references": incident.reference,
            "locations": "Bettws shops",
            "next": "people",
        },
    )
    assert response.url == url("edit", plan.pk, "people")
    plan.refresh_from_db()
    assert list(plan.lsoas.values_list("code", flat=True)) == ["W01001600"]
    assert list(plan.incidents.all()) == [incident]
    assert plan.polygon == SQUARE and plan.streets == "Heol Pant"
    people = client.get(url("edit", plan.pk, "people")).content.decode()
    assert "Sian Prosser" in people and "Victim" in people


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("lsoa_codes", "W01999999", "not LSOA codes in the force area"),
        ("incident_references", "GW-1999-000001", "No incident you may see"),
        ("polygon", "{not json", "not valid GeoJSON"),
        (
            "polygon",
            json.dumps({"type": "Point", "coordinates": [-3, 51.6]}),
            "one Polygon or MultiPolygon",
        ),
        (
            "polygon",
            json.dumps(
                {
                    "type": "Polygon",
                    "coordinates": [
                        [[51.58, -3.02], [51.58, -2.98], [51.6, -2.98], [51.58, -3.02]]
                    ],
                }
            ),
            "not in Gwent",
        ),
    ],
)
def test_the_area_form_refuses_what_it_cannot_use(client, cast, newport, field, value, message):
    plan = make_plan(cast["officer"], newport)
    client.force_login(cast["officer"])
    page = client.post(url("edit", plan.pk, "area"), {field: value}).content.decode()
    assert "There is a problem" in page
    assert message in page


def test_another_officer_may_read_but_not_change_a_plan(client, cast, newport, roles):
    from tests.conftest import make_user

    plan = make_plan(cast["officer"], newport)
    client.force_login(make_user("other-officer", "officer"))
    assert client.get(url("detail", plan.pk)).status_code == 200
    assert client.get(url("edit", plan.pk, "objective")).status_code == 403
    client.force_login(cast["analyst"])
    assert client.get(url("edit", plan.pk, "objective")).status_code == 404
    assert client.get(url("detail", plan.pk)).status_code == 404


def test_adding_an_action_over_htmx_returns_the_actions_fragment(client, cast, newport):
    plan = make_plan(cast["officer"], newport)
    client.force_login(cast["officer"])
    data = {
        "action-description": "Fit CCTV at the parade",
        "action-owner": "Council",
        "action-agency": "council_other",
        "action-due_date": "2025-01-31",
        "action-status": "not_started",
    }
    response = client.post(url("action_add", plan.pk), data, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<div id="response-actions">')
    assert "Fit CCTV at the parade" in page and "Response action added." in page
    bad = client.post(
        url("action_add", plan.pk), {"action-description": ""}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "There is a problem" in bad and "<html" not in bad
    assert ResponseAction.objects.count() == 1


def test_adding_an_action_without_javascript_redirects_to_the_plan(client, cast, newport):
    plan = make_plan(cast["officer"], newport)
    client.force_login(cast["officer"])
    response = client.post(
        url("action_add", plan.pk),
        {
            "action-description": "Patrols",
            "action-owner": "PC Evans",
            "action-agency": "police",
            "action-due_date": "",
            "action-status": "in_progress",
        },
    )
    assert response.url == url("detail", plan.pk) + "#response"
    assert plan.actions.get().status == "in_progress"


def test_the_plan_page_shows_the_scanning_chart_with_its_table(client, cast, newport):
    add_street_records(newport, dt.date(2024, 1, 1), 4)
    plan = make_good_plan(cast["officer"], newport)
    client.force_login(cast["officer"])
    page = client.get(url("detail", plan.pk)).content.decode()
    assert 'id="scanning-chart-title"' in page and 'role="img"' in page
    assert "Records per month in the plan's area</caption>" in page
    assert "How the plan scores on the review rubric" in page
    assert "Submit for review" in page


def test_the_review_page_starts_from_the_proposal_and_saves_the_rating(client, cast, newport):
    plan = make_good_plan(cast["officer"], newport, cast["supervisor"])
    services.submit_plan(cast["officer"], plan)
    client.force_login(cast["officer"])
    assert client.get(url("review", plan.pk)).status_code == 403
    client.force_login(cast["pop_officer"])
    assert client.post(url("review_start", plan.pk)).url == url("review", plan.pk)
    page = client.get(url("review", plan.pk)).content.decode()
    assert 'value="green" checked' in page
    response = client.post(url("review", plan.pk), {"rag": "amber"})
    assert "There is a problem" in response.content.decode()
    scores = {f"score_{c}": "2" for c in rubric.CRITERIA if c != "assessment"}
    response = client.post(
        url("review", plan.pk),
        {**scores, "score_partners": "1", "rag": "amber", "feedback": "Involve the council."},
    )
    assert response.url == url("detail", plan.pk) + "#reviews"
    review = plan.reviews.get()
    assert review.rag == "amber" and review.scores["partners"] == 1
    assert review.scores["assessment"] is None and review.proposed_rag == "green"


def test_finalising_without_an_assessment_says_what_to_do(client, cast, newport):
    plan = make_good_plan(cast["officer"], newport, cast["supervisor"])
    services.submit_plan(cast["officer"], plan)
    services.record_review(cast["pop_officer"], plan, rag="green", feedback="Good", scores={})
    client.force_login(cast["officer"])
    page = client.get(url("finalise", plan.pk)).content.decode()
    assert "Write the assessment before finalising" in page
    assert "Problem resolved" in page and "national list was not available" in page
    resolved = services.active_outcome_codes().get(code="resolved")
    page = client.post(url("finalise", plan.pk), {"outcome": resolved.pk}).content.decode()
    assert "There is a problem" in page
    plan.refresh_from_db()
    assert plan.status == "open"


def test_the_pages_read_in_welsh(client, cast, newport):
    make_plan(cast["officer"], newport)
    client.force_login(cast["officer"])
    client.cookies["django_language"] = "cy"
    page = client.get(url("list"), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert 'lang="cy"' in page
    assert "Cynlluniau datrys problemau" in page
