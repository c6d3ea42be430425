"""Problem-solving pages: the plans, each OSARA part, reviews, finalising and the dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asbhub.problem_solving import charts, services
from asbhub.problem_solving.choices import (
    RAG_COLOURS,
    Criterion,
    MeasureSource,
    PlanStatus,
    Rag,
)
from asbhub.problem_solving.forms import (
    ActionForm,
    AnalysisForm,
    AreaForm,
    AssessmentForm,
    FinaliseForm,
    MeasureForm,
    ObjectiveForm,
    PeopleForm,
    PlanForm,
    ReviewForm,
    ScanningForm,
)
from asbhub.problem_solving.models import OsaraPlan, ResponseAction, SuccessMeasure

PARTS: dict[str, tuple[Any, str]] = {
    # part: (form class, the anchor on the plan page)
    "about": (PlanForm, "about"),
    "area": (AreaForm, "area"),
    "people": (PeopleForm, "area"),
    "objective": (ObjectiveForm, "objective"),
    "scanning": (ScanningForm, "scanning"),
    "analysis": (AnalysisForm, "analysis"),
    "assessment": (AssessmentForm, "assessment"),
}


def _require(request: HttpRequest, permission: str) -> None:
    """Refuse (403) a signed-in user whose role lacks the permission."""
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _part_titles() -> dict[str, str]:
    return {
        "about": _("About the plan"),
        "area": _("Area, incidents and locations"),
        "people": _("People"),
        "objective": _("Objective"),
        "scanning": _("Scanning"),
        "analysis": _("Analysis"),
        "assessment": _("Assessment"),
    }


def _month(value: dt.date) -> str:
    return date_format(value, "M Y")


def _number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else number_format(value, digits, force_grouping=True)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{number_format(value, 0)}%"


def _ratio(result: Any) -> str:
    """A rate ratio with its interval, e.g. "0.56 (0.31–0.96)"."""
    if result.rate_ratio is None:
        return "–"
    interval = f"{_number(result.ci_low, 2)}–{_number(result.ci_high, 2)}"
    return f"{_number(result.rate_ratio, 2)} ({interval})"


def _source_label(source: str) -> str:
    return {
        MeasureSource.INCIDENTS: _("ASB incidents recorded by the force"),
        MeasureSource.POLICEUK: _("police.uk ASB records"),
    }[source]


# ---------------------------------------------------------------------------------------
# Lists


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """List plans (filtered by status, partnership or "mine") and the reviews due."""
    _require(request, "problem_solving.view_osaraplan")
    plans = services.plans_visible_to(request.user).select_related("owner", "csp")
    status = request.GET.get("status", "")
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    mine = request.GET.get("mine") == "1"
    if mine:
        plans = plans.filter(owner=request.user) | plans.filter(supervisor=request.user)
    due = services.reviews_due(request.user)
    return render(
        request,
        "problem_solving/plan_list.html",
        {
            "plans": plans.order_by("-created_at")[:200],
            "status": status,
            "mine": mine,
            "status_options": [("", _("Any status")), *PlanStatus.choices],
            "due": due,
            "rag_colours": RAG_COLOURS,
            "can_add": request.user.has_perm("problem_solving.add_osaraplan"),
        },
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    """Start a draft plan (officers and supervisors)."""
    _require(request, "problem_solving.add_osaraplan")
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = services.create_plan(request.user, form.cleaned_data, request)
        messages.success(
            request,
            _("Plan %(reference)s started. Now describe the area.") % {"reference": plan.reference},
        )
        return redirect("problem_solving:edit", pk=plan.pk, part="area")
    return render(
        request,
        "problem_solving/plan_form.html",
        {
            "form": form,
            "title": _("Start a problem-solving plan"),
            "button": _("Start the plan"),
            "back": reverse("problem_solving:list"),
        },
    )


# ---------------------------------------------------------------------------------------
# One plan


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the whole plan with its data, reviews and the rubric's proposal (logged)."""
    plan = services.open_plan(request.user, pk, "Read a problem-solving plan", request)
    return render(request, "problem_solving/plan_detail.html", _detail_context(request, plan))


def _detail_context(request: HttpRequest, plan: OsaraPlan) -> dict[str, Any]:
    user = request.user
    scanning = services.scanning_data(plan)
    assessment = services.assessment_data(plan)
    parts = services.parts_in_incidents(plan)
    return {
        "plan": plan,
        "can_edit": services.can_edit(user, plan),
        "can_review": services.can_review(user, plan),
        "can_finalise": services.can_finalise(user, plan),
        "can_start_review": services.can_review(user, plan) and plan.status == PlanStatus.SUBMITTED,
        "rag_colours": RAG_COLOURS,
        "summary_rows": _summary_rows(plan),
        "lsoas": list(plan.lsoas.all()),
        "incidents": list(plan.incidents.order_by("reported_at")),
        "people": [services.describe_person(p, parts.get(p.pk, ())) for p in plan.people.all()],
        "measures": services.measure_readings(plan, assessment),
        "actions": list(plan.actions.all()),
        "action_form": ActionForm(prefix="action"),
        "reviews": list(plan.reviews.select_related("reviewer")),
        **_proposal_context(services.propose_review(plan)),
        "scanning": _scanning_context(scanning) if scanning else None,
        "assessment": _assessment_context(assessment) if assessment else None,
        "partners": services.partner_agencies(plan),
        "language": get_language(),
    }


def _proposal_context(proposal: Any) -> dict[str, Any]:
    return {
        "proposal": proposal,
        "proposal_rag_label": Rag(proposal.rag).label,
        "criterion_labels": dict(Criterion.choices),
    }


def _summary_rows(plan: OsaraPlan) -> list[tuple[str, str]]:
    rows = [
        (_("Reference"), plan.reference),
        (_("Owner"), services.person_name(plan.owner)),
        (_("Supervisor"), services.person_name(plan.supervisor) or "–"),
        (_("Team"), plan.team or "–"),
        (_("Community safety partnership"), plan.csp.display_name(get_language())),
        (_("Status"), plan.get_status_display()),
    ]
    if plan.next_review_due:
        rows.append((_("Next review due"), date_format(plan.next_review_due, "j F Y")))
    if plan.outcome:
        rows.append((_("Outcome"), plan.outcome.display_label(get_language())))
    return rows


_LINES = (
    (MeasureSource.INCIDENTS, charts.BLUE, "-", "o"),
    (MeasureSource.POLICEUK, charts.GREY, "--", "s"),
)


def _trend_sentence(source: str, trend: Any) -> str:
    label = _source_label(source)
    if trend.direction == "too_short":
        return _("%(source)s: too few months or records to judge a trend.") % {"source": label}
    values = {
        "source": label,
        "total": number_format(trend.total, 0, force_grouping=True),
        "mean": _number(trend.mean),
        "change": _pct(trend.monthly_change_pct),
        "p": _number(trend.p_value, 3),
    }
    if trend.direction == "rising":
        return (
            _(
                "%(source)s: %(total)s records, %(mean)s a month, rising by about "
                "%(change)s a month (p = %(p)s)."
            )
            % values
        )
    if trend.direction == "falling":
        return (
            _(
                "%(source)s: %(total)s records, %(mean)s a month, falling by about "
                "%(change)s a month (p = %(p)s)."
            )
            % values
        )
    return (
        _(
            "%(source)s: %(total)s records, %(mean)s a month, with no clear rise or fall "
            "(p = %(p)s)."
        )
        % values
    )


def _series_table(data: services.AreaData) -> tuple[list[dict], list[list[dict]]]:
    head = [{"text": _("Month")}] + [
        {"text": _source_label(s.source), "numeric": True} for s in data.series
    ]
    rows = [
        [{"text": _month(month), "header": True}]
        + [
            {"text": "–" if s.counts[i] is None else s.counts[i], "numeric": True}
            for s in data.series
        ]
        for i, month in enumerate(data.months)
    ]
    return head, rows


def _lines(data: services.AreaData) -> list[charts.Line]:
    styles = {source: (colour, style, marker) for source, colour, style, marker in _LINES}
    return [charts.Line(_source_label(s.source), s.counts, *styles[s.source]) for s in data.series]


def _scanning_context(data: services.AreaData) -> dict[str, Any]:
    head, rows = _series_table(data)
    context: dict[str, Any] = {
        "head": head,
        "rows": rows,
        "empty_area": data.empty_area,
        "first": _month(data.months[0]),
        "last": _month(data.months[-1]),
    }
    context["trends"] = [_trend_sentence(s.source, s.trend) for s in data.series]
    context["method"] = data.series[0].trend.method
    if data.empty_area:
        return context
    totals = {s.source: sum(c for c in s.counts if c is not None) for s in data.series}
    context["svg"] = charts.line_svg(
        [_month(m) for m in data.months],
        _lines(data),
        title=_("ASB records per month in the plan's area"),
        description=_(
            "Line chart of ASB records per month in the plan's area, %(first)s to %(last)s: "
            "%(incidents)s incidents recorded by the force and %(policeuk)s police.uk records "
            "in all. The table below gives every month."
        )
        % {
            "first": context["first"],
            "last": context["last"],
            "incidents": totals[MeasureSource.INCIDENTS],
            "policeuk": totals[MeasureSource.POLICEUK],
        },
        chart_id="scanning-chart",
        axis_label=_("Records per month"),
    )
    return context


def _assessment_context(result: services.AssessmentData) -> dict[str, Any]:
    data = result.data
    head, rows = _series_table(data)
    for row, month in zip(rows, data.months, strict=True):
        if month >= result.after_first:
            label = _("%(month)s (after)")
        elif month <= result.baseline_last:
            label = _("%(month)s (before)")
        else:
            label = _("%(month)s (between the baseline and the response)")
        row[0]["text"] = label % {"month": _month(month)}
    comparisons = []
    for item in result.comparisons:
        r = item.result
        comparisons.append(
            [
                {"text": _source_label(item.source), "header": True},
                {"text": _number(r.before_mean), "numeric": True},
                {"text": _number(r.after_mean), "numeric": True},
                {"text": _pct(r.change_pct), "numeric": True},
                {"text": _ratio(r), "numeric": True},
                {"text": _number(r.p_value, 3), "numeric": True},
            ]
        )
    means = [
        (
            c.result.before_mean if c.result.before_months else None,
            c.result.after_mean if c.result.after_months else None,
        )
        for c in result.comparisons
    ]
    svg = (
        charts.line_svg(
            [_month(m) for m in data.months],
            _lines(data),
            title=_("Before and after the response began"),
            description=_(
                "Line chart of ASB records per month in the plan's area from %(first)s to "
                "%(last)s. The response began in %(split)s; the dotted lines show each source's "
                "average before and after. The tables below give every month and the averages."
            )
            % {
                "first": _month(data.months[0]),
                "last": _month(data.months[-1]),
                "split": _month(result.after_first),
            },
            chart_id="assessment-chart",
            axis_label=_("Records per month"),
            split=charts.Split(
                result.split_at, _("Response began"), means, _("Average before and after (dotted)")
            ),
        )
        if not data.empty_area
        else ""
    )
    return {
        "svg": svg,
        "head": head,
        "rows": rows,
        "comparison_head": [
            {"text": _("Source")},
            {"text": _("Before: a month"), "numeric": True},
            {"text": _("After: a month"), "numeric": True},
            {"text": _("Change"), "numeric": True},
            # xgettext:no-python-format
            {"text": _("Rate ratio (95% interval)"), "numeric": True},
            {"text": _("p-value"), "numeric": True},
        ],
        "comparisons": comparisons,
        "method": result.comparisons[0].result.method,
        "after_first": _month(result.after_first),
        "after_last": _month(result.after_last),
    }


def _editable_plan(request: HttpRequest, pk: int) -> OsaraPlan:
    """The plan, if the user may change it: 404 outside their scope, 403 when read-only."""
    plan = services.get_plan(request.user, pk)
    if not services.can_edit(request.user, plan):
        raise PermissionDenied
    return plan


@login_required
def plan_edit(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """Change one part of the plan (owner or supervisor); reading it for the form is logged."""
    if part not in PARTS:
        raise Http404
    plan = _editable_plan(request, pk)
    form_class, anchor = PARTS[part]
    if request.method != "POST":
        services.open_plan(request.user, pk, f"Change the plan's {part}", request)
    form = _part_form(request, plan, part, form_class)
    if request.method == "POST" and form.is_valid():
        fields, many = _part_values(part, form)
        services.update_plan(request.user, plan, fields, part=part, many=many, request=request)
        messages.success(request, _("%(part)s saved.") % {"part": _part_titles()[part]})
        if part == "area" and many.get("incidents") and request.POST.get("next") == "people":
            return redirect("problem_solving:edit", pk=plan.pk, part="people")
        return redirect(reverse("problem_solving:detail", args=[plan.pk]) + f"#{anchor}")
    return render(
        request,
        "problem_solving/plan_form.html",
        {
            "form": form,
            "plan": plan,
            "part": part,
            "title": _part_titles()[part],
            "button": _("Save"),
            "back": reverse("problem_solving:detail", args=[plan.pk]) + f"#{anchor}",
            "has_people": part == "people" and form.fields["people"].queryset.exists(),
        },
    )


def _part_form(request: HttpRequest, plan: OsaraPlan, part: str, form_class: Any) -> Any:
    data = request.POST if request.method == "POST" else None
    if part == "area":
        return AreaForm(data, user=request.user, initial=AreaForm.initial_for(plan))
    if part == "people":
        return PeopleForm(data, plan=plan, initial={"people": list(plan.people.all())})
    return form_class(data, instance=plan)


def _part_values(part: str, form: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    data = form.cleaned_data
    if part == "area":
        fields = {name: data[name] for name in ("streets", "polygon", "hotspot", "locations")}
        return fields, {"lsoas": data["lsoa_codes"], "incidents": data["incident_references"]}
    if part == "people":
        return {}, {"people": data["people"]}
    return {name: data[name] for name in form.Meta.fields}, {}


@login_required
def measure_edit(request: HttpRequest, pk: int, measure_pk: int | None = None) -> HttpResponse:
    """Add a success measure, or change one (owner or supervisor)."""
    plan = _editable_plan(request, pk)
    measure = SuccessMeasure(plan=plan)
    if measure_pk is not None:
        measure = plan.measures.filter(pk=measure_pk).first()
        if measure is None:
            raise Http404
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        services.save_measure(request.user, plan, form.save(commit=False), request)
        messages.success(request, _("Success measure saved."))
        return redirect(reverse("problem_solving:detail", args=[plan.pk]) + "#objective")
    return render(
        request,
        "problem_solving/plan_form.html",
        {
            "form": form,
            "plan": plan,
            "title": _("Change a success measure") if measure_pk else _("Add a success measure"),
            "button": _("Save the measure"),
            "back": reverse("problem_solving:detail", args=[plan.pk]) + "#objective",
        },
    )


@login_required
@require_POST
def measure_remove(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """Remove a success measure."""
    plan = _editable_plan(request, pk)
    services.remove_measure(request.user, plan, measure_pk, request)
    messages.success(request, _("Success measure removed."))
    return redirect(reverse("problem_solving:detail", args=[plan.pk]) + "#objective")


@login_required
def action_edit(request: HttpRequest, pk: int, action_pk: int | None = None) -> HttpResponse:
    """Add a response action, or change one; over HTMX, answer with the actions fragment."""
    plan = _editable_plan(request, pk)
    action = ResponseAction(plan=plan)
    if action_pk is not None:
        action = plan.actions.filter(pk=action_pk).first()
        if action is None:
            raise Http404
    form = ActionForm(
        request.POST or None, instance=action, prefix="action" if action_pk is None else None
    )
    if request.method == "POST" and form.is_valid():
        services.save_action(request.user, plan, form.save(commit=False), request)
        if request.htmx and action_pk is None:
            return _actions_fragment(request, plan, ActionForm(prefix="action"), saved=True)
        messages.success(request, _("Response action saved."))
        return redirect(reverse("problem_solving:detail", args=[plan.pk]) + "#response")
    if request.htmx and action_pk is None and request.method == "POST":
        return _actions_fragment(request, plan, form)
    return render(
        request,
        "problem_solving/plan_form.html",
        {
            "form": form,
            "plan": plan,
            "title": _("Change a response action") if action_pk else _("Add a response action"),
            "button": _("Save the action"),
            "back": reverse("problem_solving:detail", args=[plan.pk]) + "#response",
        },
    )


def _actions_fragment(
    request: HttpRequest, plan: OsaraPlan, form: ActionForm, *, saved: bool = False
) -> HttpResponse:
    return render(
        request,
        "problem_solving/_actions.html",
        {
            "plan": plan,
            "actions": list(plan.actions.all()),
            "action_form": form,
            "can_edit": True,
            "saved": saved,
            "fragment": True,
        },
    )


@login_required
@require_POST
def action_remove(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Remove a response action."""
    plan = _editable_plan(request, pk)
    services.remove_action(request.user, plan, action_pk, request)
    messages.success(request, _("Response action removed."))
    return redirect(reverse("problem_solving:detail", args=[plan.pk]) + "#response")


@login_required
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a draft plan to the POP officer."""
    plan = _editable_plan(request, pk)
    try:
        services.submit_plan(request.user, plan, request)
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Plan submitted: the POP officer will review it."))
    return redirect("problem_solving:detail", pk=plan.pk)


@login_required
@require_POST
def review_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a submitted plan for review (POP officer)."""
    plan = services.get_plan(request.user, pk)
    if not services.can_review(request.user, plan):
        raise PermissionDenied
    try:
        services.start_review(request.user, plan, request)
    except services.PlanError as exc:
        messages.error(request, str(exc))
        return redirect("problem_solving:detail", pk=plan.pk)
    return redirect("problem_solving:review", pk=plan.pk)


@login_required
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Rate a plan red, amber or green on the rubric, with feedback (POP officer)."""
    plan = services.get_plan(request.user, pk)
    if not services.can_review(request.user, plan):
        raise PermissionDenied
    proposal = services.propose_review(plan)
    form = ReviewForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_review(
                request.user,
                plan,
                rag=form.cleaned_data["rag"],
                feedback=form.cleaned_data["feedback"],
                scores=form.cleaned_data["scores"],
                request=request,
            )
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Review saved: the owner and supervisor can read it."))
            return redirect(reverse("problem_solving:detail", args=[plan.pk]) + "#reviews")
    else:
        services.open_plan(request.user, pk, "Review a problem-solving plan", request)
    return render(
        request,
        "problem_solving/review.html",
        {
            "plan": plan,
            "form": form,
            **_proposal_context(proposal),
        },
    )


@login_required
def plan_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    """Finalise an open plan with an outcome code (owner or supervisor)."""
    plan = _editable_plan(request, pk)
    if plan.status != PlanStatus.OPEN:
        messages.error(request, _("Only an open plan can be finalised."))
        return redirect("problem_solving:detail", pk=plan.pk)
    form = FinaliseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.finalise_plan(
                request.user,
                plan,
                outcome=form.cleaned_data["outcome"],
                outcome_note=form.cleaned_data["outcome_note"],
                request=request,
            )
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Plan finalised."))
            return redirect("problem_solving:detail", pk=plan.pk)
    proposal = services.propose_review(plan, finalising=True)
    return render(
        request,
        "problem_solving/finalise.html",
        {
            "plan": plan,
            "form": form,
            **_proposal_context(proposal),
            "assessment_score": proposal.score_of("assessment"),
            "codes": {
                str(c.pk): c.display_meaning(get_language())
                for c in form.fields["outcome"].queryset
            },
        },
    )


# ---------------------------------------------------------------------------------------
# Dashboard


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Plans by status, partnership and rating; overdue reviews; outcomes; time to finalise."""
    _require(request, "problem_solving.view_dashboard")
    data = services.dashboard(request.user)
    language = get_language()
    status_labels = dict(PlanStatus.choices)
    rag_labels = {**dict(Rag.choices), "": _("Not rated yet")}
    context: dict[str, Any] = {"data": data}

    status_bars = [charts.Bar(str(status_labels[s]), n, charts.BLUE) for s, n in data.by_status]
    context["status_svg"] = charts.bar_svg(
        status_bars,
        title=_("Plans by status"),
        description=_("Bar chart of the %(total)s plans by status; the table gives the figures.")
        % {"total": data.total},
        chart_id="status-chart",
        axis_label=_("Plans"),
    )
    context["status_rows"] = [
        [{"text": status_labels[s], "header": True}, {"text": n, "numeric": True}]
        for s, n in data.by_status
    ]

    rag_style = {
        "red": (charts.RED, "//"),
        "amber": (charts.AMBER, ".."),
        "green": (charts.GREEN, ""),
        "": ("#ffffff", "xx"),
    }
    context["rag_svg"] = charts.bar_svg(
        [charts.Bar(str(rag_labels[r]), n, *rag_style[r]) for r, n in data.by_rag],
        title=_("Live plans by latest rating"),
        description=_(
            "Bar chart of live plans by their latest RAG rating: red hatched with "
            "diagonal lines, amber with dots, green plain, not rated yet with "
            "crosses. The table gives the figures."
        ),
        chart_id="rag-chart",
        axis_label=_("Plans"),
    )
    context["rag_rows"] = [
        [{"text": rag_labels[r], "header": True}, {"text": n, "numeric": True}]
        for r, n in data.by_rag
    ]

    context["csp_head"] = (
        [{"text": _("Partnership")}]
        + [{"text": status_labels[s], "numeric": True} for s in PlanStatus.values]
        + [{"text": _("Reviews overdue"), "numeric": True}]
    )
    overdue = {csp.pk: n for csp, _live, n in data.overdue_by_csp}
    context["csp_rows"] = [
        [{"text": csp.display_name(language), "header": True}]
        + [{"text": counts.get(s, 0), "numeric": True} for s in PlanStatus.values]
        + [{"text": overdue.get(csp.pk, 0), "numeric": True}]
        for csp, counts in data.by_csp
    ]

    outcome_bars = [
        charts.Bar(code.display_label(language), n, charts.PURPLE) for code, n in data.outcomes
    ]
    if outcome_bars:
        context["outcome_svg"] = charts.bar_svg(
            outcome_bars,
            title=_("Finalised plans by outcome"),
            description=_(
                "Bar chart of finalised plans by outcome code; the table gives the figures."
            ),
            chart_id="outcome-chart",
            axis_label=_("Plans"),
            width=8,
        )
    context["outcome_rows"] = [
        [{"text": code.display_label(language), "header": True}, {"text": n, "numeric": True}]
        for code, n in data.outcomes
    ]

    def duration_row(label: str, summary: Any) -> list[dict[str, Any]]:
        return [
            {"text": label, "header": True},
            {"text": summary.count, "numeric": True},
            {"text": _number(summary.median, 0), "numeric": True},
            {
                "text": f"{_number(summary.lower_quartile, 0)}–"
                f"{_number(summary.upper_quartile, 0)}",
                "numeric": True,
            },
            {"text": "–" if summary.longest is None else summary.longest, "numeric": True},
        ]

    context["time_head"] = [
        {"text": _("Partnership")},
        {"text": _("Plans"), "numeric": True},
        {"text": _("Median days"), "numeric": True},
        {"text": _("Middle half (days)"), "numeric": True},
        {"text": _("Longest (days)"), "numeric": True},
    ]
    context["time_rows"] = [duration_row(_("All of Gwent"), data.time_to_finalise)] + [
        duration_row(csp.display_name(language), summary) for csp, summary in data.time_by_csp
    ]

    months = [m for m, _counts in data.rag_history]
    context["history_svg"] = charts.stacked_svg(
        [_month(m) for m in months],
        [
            charts.Stack(
                str(rag_labels[r]), [c.get(r, 0) for _m, c in data.rag_history], *rag_style[r]
            )
            for r in Rag.values
        ],
        title=_("Reviews per month by rating"),
        description=_(
            "Stacked bar chart of reviews given each month over the last year, "
            "red hatched with diagonal lines, amber with dots, green plain. The "
            "table gives the figures."
        ),
        chart_id="history-chart",
        axis_label=_("Reviews"),
    )
    context["history_head"] = [{"text": _("Month")}] + [
        {"text": rag_labels[r], "numeric": True} for r in Rag.values
    ]
    context["history_rows"] = [
        [{"text": _month(m), "header": True}]
        + [{"text": c.get(r, 0), "numeric": True} for r in Rag.values]
        for m, c in data.rag_history
    ]
    context["overdue_plans"] = (
        services.overdue_plans(request.user)
        if request.user.has_perm("problem_solving.view_osaraplan")
        else None
    )
    return render(request, "problem_solving/dashboard.html", context)
