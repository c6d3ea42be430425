"""Hotspot pages: the map and its exports, the patrol briefing, operations and evaluations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asbhub.hotspots import services
from asbhub.hotspots.choices import AreaKind, CrimeType
from asbhub.hotspots.forms import (
    AreaForm,
    MapFilterForm,
    OperationForm,
    PatrolForm,
    PatrolImportForm,
    TopHotspotsForm,
)
from asbhub.hotspots.models import OperationArea

DEFAULT_MONTHS = 3


def _require(request: HttpRequest, permission: str) -> None:
    """Refuse (403) a signed-in user whose role lacks the permission."""
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _month(value: dt.date) -> str:
    return date_format(value, "F Y")


def _pdf(html: str, filename: str) -> HttpResponse:
    """Render HTML to a PDF download with WeasyPrint."""
    from weasyprint import HTML

    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# ---------------------------------------------------------------------------------------
# The map


def _map_form(request: HttpRequest) -> MapFilterForm:
    """The filter form, defaulting to Newport ASB over the last three months loaded."""
    data = request.GET.copy()
    if not data.get("first") or not data.get("last"):
        months = services.loaded_months(data.get("crime") or CrimeType.ASB)
        if months:
            data["first"] = data.get("first") or months[-DEFAULT_MONTHS:][0].strftime("%Y-%m")
            data["last"] = data.get("last") or months[-1].strftime("%Y-%m")
    data.setdefault("crime", CrimeType.ASB.value)
    data.setdefault("cell", "150")
    if "csp" not in request.GET:
        data["csp"] = "newport"
    return MapFilterForm(data)


def _map_result(form: MapFilterForm) -> services.HotspotMap:
    data = form.cleaned_data
    return services.find_hotspots(
        data["csp"], data["crime"], data["first"], data["last"], cell_size=data["cell"]
    )


def _hotspot_rows(result: services.HotspotMap) -> list[list[dict[str, Any]]]:
    rows = []
    for hotspot in result.hotspots:
        streets = result.streets.get(hotspot.number, [])
        rows.append(
            [
                {"text": hotspot.number, "header": True, "numeric": True},
                {"text": number_format(hotspot.count, 0, force_grouping=True), "numeric": True},
                {"text": len(hotspot.positions), "numeric": True},
                {"text": number_format(hotspot.peak_z, 1), "numeric": True},
                {"text": "; ".join(name for name, _count in streets)},
            ]
        )
    return rows


def _map_context(result: services.HotspotMap) -> dict[str, Any]:
    language = get_language()
    area = result.csp.display_name(language) if result.csp else "Gwent"
    return {
        "result": result,
        "area_name": area,
        "crime_label": CrimeType(result.crime).label,
        "first_label": _month(result.first),
        "last_label": _month(result.last),
        "head": [
            {"text": _("Hotspot"), "numeric": True},
            {"text": _("Records"), "numeric": True},
            {"text": _("Cells"), "numeric": True},
            {"text": _("Peak Gi* z-score"), "numeric": True},
            {"text": _("Busiest streets")},
        ],
        "rows": _hotspot_rows(result),
        "briefing": [(h, result.streets.get(h.number, [])) for h in result.hotspots],
    }


@login_required
def hotspot_map(request: HttpRequest) -> HttpResponse:
    """Show Gi* hotspots for a period, crime type and area over LSOA polygons.

    `?format=geojson` and `?format=csv` export the hot cells. Needs the map permission
    (analysts, officers and supervisors).
    """
    _require(request, "hotspots.view_hotspot_map")
    form = _map_form(request)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        try:
            result = _map_result(form)
        except services.NoGeography as exc:
            form.add_error(None, str(exc))
            return render(request, "hotspots/map.html", context)
        export = request.GET.get("format")
        stem = f"hotspots-{form.cleaned_data['crime']}-{result.first:%Y-%m}-{result.last:%Y-%m}"
        if export == "geojson":
            response = JsonResponse(services.hotspots_geojson(result))
            response["Content-Disposition"] = f'attachment; filename="{stem}.geojson"'
            return response
        if export == "csv":
            response = HttpResponse(services.hotspots_csv(result), content_type="text/csv")
            response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
            return response
        context.update(_map_context(result))
        context["map_data"] = {
            "lsoas": services.lsoa_features(result.csp),
            "hotspots": services.hotspots_geojson(result),
        }
        query = request.GET.copy()
        query.pop("format", None)
        for key, value in form.data.items():
            query.setdefault(key, value)
        context["query"] = query.urlencode()
    return render(request, "hotspots/map.html", context)


@login_required
def briefing_pdf(request: HttpRequest) -> HttpResponse:
    """A printable patrol briefing: each hotspot with its busiest streets, as a PDF."""
    _require(request, "hotspots.view_hotspot_map")
    form = _map_form(request)
    if not form.is_valid():
        return redirect("hotspots:map")
    result = _map_result(form)
    html = render_to_string(
        "hotspots/briefing_pdf.html",
        {**_map_context(result), "generated": dt.date.today()},
        request=request,
    )
    return _pdf(html, f"patrol-briefing-{result.first:%Y-%m}-{result.last:%Y-%m}.pdf")


# ---------------------------------------------------------------------------------------
# Operations


@login_required
def operation_list(request: HttpRequest) -> HttpResponse:
    """List the operations the user may see."""
    _require(request, "hotspots.view_operation")
    operations = services.operations_visible_to(request.user)
    return render(request, "hotspots/operation_list.html", {"operations": operations})


@login_required
def operation_create(request: HttpRequest) -> HttpResponse:
    """Create an operation (supervisors, officers and analysts)."""
    _require(request, "hotspots.add_operation")
    form = OperationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        operation = form.save(commit=False)
        operation.created_by = request.user
        operation.save()
        messages.success(request, _("Operation created. Now add its target hotspots."))
        return redirect("hotspots:operation", pk=operation.pk)
    return render(request, "hotspots/operation_form.html", {"form": form})


@login_required
def operation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an operation: targets, controls, dosage and (for those allowed) patrols."""
    operation = services.get_operation(request.user, pk)
    areas = list(operation.areas.all())
    can_manage = request.user.has_perm("hotspots.change_operation")
    return render(
        request,
        "hotspots/operation_detail.html",
        {
            "operation": operation,
            "targets": [a for a in areas if a.kind == AreaKind.TARGET],
            "controls": [a for a in areas if a.kind == AreaKind.CONTROL],
            "dosage": services.operation_dosage(operation),
            "patrols": list(services.patrols_visible_to(request.user, operation)[:200]),
            "can_manage": can_manage,
            "can_log": request.user.has_perm("hotspots.add_patrollog"),
            "area_form": AreaForm(),
            "top_form": TopHotspotsForm(),
        },
    )


@login_required
@require_POST
def area_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a target or control area from an LSOA code or a square around a grid point."""
    operation = services.get_operation(request.user, pk)
    _require(request, "hotspots.add_operationarea")
    form = AreaForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("lsoa"):
                name, boundary = services.lsoa_boundary(data["lsoa"])
                name = data.get("name") or f"{name} ({data['lsoa'].strip().upper()})"
            else:
                name = data["name"]
                boundary = services.square_boundary(
                    data["easting"], data["northing"], data.get("size") or 150
                )
            if operation.areas.filter(name=name).exists():
                raise LookupError(_("The operation already has an area with that name."))
            services.add_area(operation, data["kind"], name, boundary)
            messages.success(request, _("Area added."))
            return redirect("hotspots:operation", pk=pk)
        except LookupError as exc:
            form.add_error(None, str(exc))
    return render(request, "hotspots/area_form.html", {"operation": operation, "form": form})


@login_required
@require_POST
def area_delete(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    """Remove an area that has no patrols logged against it."""
    operation = services.get_operation(request.user, pk)
    _require(request, "hotspots.delete_operationarea")
    area = get_object_or_404(OperationArea, pk=area_pk, operation=operation)
    if area.patrols.exists():
        messages.error(request, _("Patrols are logged for this hotspot, so it cannot be removed."))
    else:
        area.delete()
        messages.success(request, _("Area removed."))
    return redirect("hotspots:operation", pk=pk)


@login_required
@require_POST
def add_top_hotspots(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the busiest hotspots of the months before the operation as targets."""
    operation = services.get_operation(request.user, pk)
    _require(request, "hotspots.add_operationarea")
    form = TopHotspotsForm(request.POST)
    if form.is_valid():
        added = services.add_top_hotspots(operation, form.cleaned_data["how_many"])
        messages.success(request, _("%(count)s target hotspots added.") % {"count": len(added)})
    return redirect("hotspots:operation", pk=pk)


@login_required
@require_POST
def propose_controls(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose control areas like the targets before the operation (replacing proposals)."""
    operation = services.get_operation(request.user, pk)
    _require(request, "hotspots.add_operationarea")
    try:
        added = services.propose_control_areas(operation)
        messages.success(request, _("%(count)s control areas proposed.") % {"count": len(added)})
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("hotspots:operation", pk=pk)


# ---------------------------------------------------------------------------------------
# Patrols


@login_required
def patrol_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a patrol (officers and supervisors)."""
    operation = services.get_operation(request.user, pk)
    _require(request, "hotspots.add_patrollog")
    form = PatrolForm(request.POST or None, operation=operation)
    if request.method == "POST" and form.is_valid():
        services.record_patrol(request.user, operation, form.cleaned_data, request)
        messages.success(request, _("Patrol logged."))
        return redirect("hotspots:operation", pk=pk)
    return render(request, "hotspots/patrol_form.html", {"operation": operation, "form": form})


@login_required
def patrol_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import patrols from CSV: all rows or none, and the same file twice adds nothing."""
    operation = services.get_operation(request.user, pk)
    _require(request, "hotspots.add_patrollog")
    form = PatrolImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        result = services.import_patrols(
            request.user, operation, form.cleaned_data["file"], request
        )
        if not result.errors:
            messages.success(
                request,
                _("%(created)s patrols imported, %(unchanged)s already there.")
                % {"created": result.created, "unchanged": result.unchanged},
            )
            return redirect("hotspots:operation", pk=pk)
        errors = result.errors
    return render(
        request,
        "hotspots/patrol_import.html",
        {"operation": operation, "form": form, "import_errors": errors},
    )


@login_required
def patrol_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the operation's patrols as CSV (logged as an export)."""
    operation = services.get_operation(request.user, pk)
    _require(request, "hotspots.view_patrollog")
    response = HttpResponse(
        services.export_patrols_csv(request.user, operation, request), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="patrols-{operation.pk}.csv"'
    return response


# ---------------------------------------------------------------------------------------
# Evaluation


def _evaluation_context(operation: Any) -> dict[str, Any]:
    result = services.evaluate_operation(operation)
    return {
        "operation": operation,
        "ev": result,
        "before_first": _month(result.before[0]),
        "before_last": _month(result.before[1]),
        "during_first": _month(result.during[0]),
        "during_last": _month(result.during[1]),
        "conclusion": services.conclusion(result),
    }


@login_required
def evaluation_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluation report: effect, confidence, pre-trends, displacement, caveats."""
    operation = services.get_operation(request.user, pk)
    _require(request, "hotspots.view_evaluation")
    return render(request, "hotspots/evaluation.html", _evaluation_context(operation))


@login_required
def evaluation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluation report as a PDF."""
    operation = services.get_operation(request.user, pk)
    _require(request, "hotspots.view_evaluation")
    html = render_to_string(
        "hotspots/evaluation_pdf.html",
        {**_evaluation_context(operation), "generated": dt.date.today()},
        request=request,
    )
    return _pdf(html, f"evaluation-{operation.pk}.pdf")
