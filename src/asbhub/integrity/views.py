"""Pages of the crime data integrity review: the queue, one incident's review, queries to
officers, the dip sample and the dashboard."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asbhub.integrity import review, screening, services
from asbhub.integrity.choices import (
    Decision,
    OffenceGroup,
    ReviewStatus,
    reason_label,
    set_aside_reason,
)
from asbhub.integrity.forms import AnswerForm, DecisionForm, DipCheckForm, DrawSampleForm, QueryForm

GROUP_LABELS = dict(OffenceGroup.choices)


def _offence_rows(offences: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored offences with their group label, for the review page."""
    return [
        {
            **offence,
            "group_label": GROUP_LABELS.get(offence["group"], offence["group"]),
            "percent": round(100 * float(offence.get("confidence", 0))),
        }
        for offence in offences
    ]


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The review queue: incidents to review, overdue first, likeliest crimes first."""
    now = timezone.now()
    show = request.GET.get("show", services.SHOW_OPEN)
    if show not in (services.SHOW_OPEN, services.SHOW_RECENT):
        show = services.SHOW_OPEN
    page, items = services.review_queue(
        request.user, now, show=show, page=request.GET.get("page", 1)
    )
    context = {
        "page": page,
        "items": items,
        "show": show,
        "now": now,
        "group_labels": GROUP_LABELS,
        "may_draw": services.may_draw_sample(request.user),
    }
    template = "integrity/_queue_table.html" if request.htmx else "integrity/queue.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _review_context(request: HttpRequest, pk: int, now: Any, **forms: Any) -> dict[str, Any]:
    file = services.open_for_review(request.user, pk, now, request=request)
    offences = file.screening.offences
    decided = file.review.status == ReviewStatus.DECIDED
    return {
        "file": file,
        "incident": file.incident,
        "offences": _offence_rows(offences),
        "segments": screening.segments(file.incident.narrative, offences),
        "discounted": [
            {**item, "reason": set_aside_reason(item.get("kind", ""))}
            for item in file.screening.result.get("discounted", [])
        ],
        "clock": review.clock(file.review.due_at, now, decided=decided),
        "decision_form": forms.get("decision_form") or _initial_decision(offences),
        "query_form": forms.get("query_form")
        or QueryForm(officers=services.query_officers(), initial=_initial_officer(file)),
        "may_review": services.may_review(request.user),
        "reason_label": reason_label(file.review.no_crime_reason)
        if file.review.no_crime_reason
        else "",
        "group_labels": GROUP_LABELS,
    }


def _initial_decision(offences: list[dict[str, Any]]) -> DecisionForm:
    """The decision form, with the screening's likeliest offence offered as a start."""
    initial: dict[str, Any] = {}
    if offences:
        top = offences[0]
        initial = {"offence_group": top["group"], "classification": top.get("classification") or ""}
    return DecisionForm(initial=initial)


def _initial_officer(file: services.ReviewFile) -> dict[str, Any]:
    officer = getattr(file.incident, "allocated_to", None)
    return {"officer": officer.pk} if officer is not None else {}


@login_required
def review_incident(request: HttpRequest, pk: int) -> HttpResponse:
    """One incident with its evidence highlighted, and the decision and query forms."""
    now = timezone.now()
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.record_decision(
                    request.user, pk, now=now, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if form.cleaned_data["decision"] == Decision.CRIME_RECORDED:
                    messages.success(request, _("Crime recorded."))
                else:
                    messages.success(request, _("No crime recorded, with the reason."))
                return redirect("integrity:queue")
        context = _review_context(request, pk, now, decision_form=form)
        return render(request, "integrity/review.html", context, status=400)
    return render(request, "integrity/review.html", _review_context(request, pk, now))


@login_required
@require_POST
def raise_query(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a question to the officer; the review waits for the answer."""
    now = timezone.now()
    form = QueryForm(request.POST, officers=services.query_officers())
    if form.is_valid():
        try:
            services.raise_query(
                request.user,
                pk,
                officer=form.cleaned_data["officer"],
                question=form.cleaned_data["question"],
                now=now,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Query sent to the officer."))
            return redirect("integrity:review", pk=pk)
    context = _review_context(request, pk, now, query_form=form)
    return render(request, "integrity/review.html", context, status=400)


@login_required
def my_queries(request: HttpRequest) -> HttpResponse:
    """The officer's open queries from the crime data integrity team."""
    return render(
        request, "integrity/queries.html", {"queries": services.open_queries_for(request.user)}
    )


@login_required
def answer_query(request: HttpRequest, pk: int) -> HttpResponse:
    """Read a query with its incident and answer it."""
    query = services.open_query(request.user, pk, request=request)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_query(
                request.user,
                pk,
                answer=form.cleaned_data["answer"],
                now=timezone.now(),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Answer sent to the crime data integrity team."))
            return redirect("integrity:queries")
    status = 400 if request.method == "POST" else 200
    return render(request, "integrity/answer.html", {"query": query, "form": form}, status=status)


@login_required
def dip_sample(request: HttpRequest) -> HttpResponse:
    """The dip sample: "no crime" decisions drawn for a second reviewer to check."""
    checks = services.dip_sample(request.user)
    outcome = review.agreement(check.agrees for check in checks)
    return render(
        request,
        "integrity/dip_sample.html",
        {
            "checks": checks,
            "agreement": outcome,
            "agreement_percent": round(100 * outcome.rate) if outcome.rate is not None else None,
            "draw_form": DrawSampleForm(),
            "check_form": DipCheckForm(),
            "may_draw": services.may_draw_sample(request.user),
            "may_review": services.may_review(request.user),
            "reason_label": reason_label,
        },
    )


@login_required
@require_POST
def draw_dip_sample(request: HttpRequest) -> HttpResponse:
    """Draw 5% of the recent "no crime" decisions for a second check."""
    form = DrawSampleForm(request.POST)
    if form.is_valid():
        now = timezone.now()
        checks = services.draw_dip_sample(
            request.user,
            since=now - timedelta(days=form.cleaned_data["days"]),
            until=now,
            seed=secrets.randbits(31),
            now=now,
        )
        messages.success(
            request,
            _("%(count)s decisions drawn for the dip sample.") % {"count": len(checks)},
        )
    else:
        messages.error(request, _("Enter a number of days from 1 to 92."))
    return redirect("integrity:dip_sample")


@login_required
@require_POST
def check_dip_sample(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the second reviewer's view of one sampled decision."""
    form = DipCheckForm(request.POST)
    if form.is_valid():
        try:
            services.record_dip_check(
                request.user,
                pk,
                agrees=form.cleaned_data["agrees"],
                notes=form.cleaned_data["notes"],
                now=timezone.now(),
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Dip sample check recorded."))
    else:
        messages.error(request, _("Say whether you agree there is no crime."))
    return redirect("integrity:dip_sample")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Share reviewed within 24 hours, crimes per 100 incidents, by partnership, team,
    offence group and week, and the dip sample's agreement rate."""
    try:
        weeks = min(max(int(request.GET.get("weeks", 12)), 1), 104)
    except ValueError:
        weeks = 12
    figures = services.review_dashboard(request.user, timezone.now(), weeks=weeks)
    groups = sorted(
        set(figures.figures.crimes_by_group) | set(figures.figures.flagged_by_group),
        key=lambda group: list(GROUP_LABELS).index(group) if group in GROUP_LABELS else 99,
    )
    return render(
        request,
        "integrity/dashboard.html",
        {
            "figures": figures,
            "total": figures.figures.total,
            "weeks": weeks,
            "csp_rows": list(figures.figures.by_csp.items()),
            "team_rows": [
                (name, figures.team_csps.get(name, ""), tally)
                for name, tally in figures.figures.by_team.items()
            ],
            "week_rows": list(figures.figures.by_week.items()),
            "group_rows": [
                (
                    GROUP_LABELS.get(group, group),
                    figures.figures.flagged_by_group.get(group, 0),
                    figures.figures.crimes_by_group.get(group, 0),
                )
                for group in groups
            ],
            "agreement": figures.agreement,
            "queue_url": reverse("integrity:queue"),
        },
    )
