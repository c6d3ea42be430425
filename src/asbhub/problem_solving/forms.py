"""Forms for writing, reviewing and finalising problem-solving plans.

Every field has a label and hint text; the templates show an error summary first.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import shapely
from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from shapely.geometry import shape

from asbhub.core.models import CommunitySafetyPartnership
from asbhub.hotspots.choices import AreaKind
from asbhub.hotspots.models import OperationArea
from asbhub.hotspots.services import operations_visible_to
from asbhub.incidents.models import Person
from asbhub.problem_solving import rubric, services
from asbhub.problem_solving.choices import Criterion, Rag, Score
from asbhub.problem_solving.models import (
    OsaraPlan,
    OutcomeCode,
    ResponseAction,
    SuccessMeasure,
)

MONTH_PATTERN = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
CODE_SPLIT = re.compile(r"[\s,;]+")
# Gwent and its neighbours, generously: a polygon outside is almost surely a mistake.
WALES_BOUNDS = (-5.5, 51.2, -2.5, 52.6)


class GovukRadios(forms.RadioSelect):
    """Radios whose first input carries the field's id, so error links reach it."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_ if index in (None, "0") else f"{id_}-{index}"


class GovukCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose first input carries the field's id, so error links reach it."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_ if index in (None, "0") else f"{id_}-{index}"


class DateInput(forms.DateInput):
    """A native date picker."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class MonthField(forms.CharField):
    """A month typed as YYYY-MM, cleaned to its first day."""

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%Y-%m") if isinstance(value, dt.date) else value

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = (value or "").strip() if isinstance(value, str) else value
        if not text:
            return None
        if isinstance(text, dt.date):
            return text.replace(day=1)
        match = MONTH_PATTERN.match(text)
        if not match or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError(_("Enter a month like 2024-06"), code="invalid")
        return dt.date(int(match[1]), int(match[2]), 1)


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class PlanForm(forms.ModelForm):
    """Start a plan, or change who and where it is for."""

    class Meta:
        model = OsaraPlan
        fields = ["title", "supervisor", "team", "csp", "overview"]
        labels = {
            "title": _("Title"),
            "supervisor": _("Supervisor"),
            "team": _("Team"),
            "csp": _("Community safety partnership"),
            "overview": _("Overview"),
        }
        help_texts = {
            "title": _("A short name for the problem, e.g. Youths gathering at Bettws shops."),
            "supervisor": _("The sergeant or inspector who oversees the plan."),
            "team": _("The neighbourhood policing team, e.g. Newport West NPT."),
            "csp": _("The partnership whose area the problem is in."),
            "overview": _("In a few sentences: what is happening and why it needs a plan."),
        }
        widgets = {"overview": _textarea(4)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = services.supervisors()
        self.fields["supervisor"].label_from_instance = services.person_name
        self.fields["supervisor"].empty_label = _("Choose a supervisor")
        self.fields["supervisor"].required = True
        self.fields["csp"].queryset = CommunitySafetyPartnership.objects.order_by("name")
        self.fields["csp"].empty_label = _("Choose a partnership")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class AreaForm(forms.Form):
    """Where the problem is (LSOAs, streets, a drawn area or a hotspot) and what it links to."""

    lsoa_codes = forms.CharField(
        label=_("LSOAs"),
        required=False,
        widget=_textarea(2),
        help_text=_("2021 LSOA codes, separated by spaces or commas, e.g. W01001600 W01001601."),
    )
    streets = forms.CharField(
        label=_("Streets"),
        required=False,
        widget=_textarea(3),
        help_text=_("One street a line, as police.uk names them, e.g. Heol Pant."),
    )
    polygon = forms.CharField(
        label=_("Drawn area (GeoJSON)"),
        required=False,
        widget=_textarea(3),
        help_text=_(
            "A GeoJSON Polygon or MultiPolygon in longitude and latitude (WGS84), for "
            "example drawn on geojson.io. Leave blank if the LSOAs or streets are enough."
        ),
    )
    hotspot = forms.ModelChoiceField(
        label=_("Hotspot"),
        required=False,
        queryset=None,
        help_text=_("A target hotspot of a patrol operation, if the problem is one."),
    )
    incident_references = forms.CharField(
        label=_("Linked incidents"),
        required=False,
        widget=_textarea(3),
        help_text=_("Incident references, separated by spaces or new lines, e.g. GW-2024-000123."),
    )
    locations = forms.CharField(
        label=_("Locations"),
        required=False,
        widget=_textarea(3),
        help_text=_("Addresses or places the plan is about, one a line, e.g. 1-20 Bettws Close."),
    )

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["hotspot"].queryset = (
            OperationArea.objects.filter(
                kind=AreaKind.TARGET, operation__in=operations_visible_to(user)
            )
            .select_related("operation")
            .order_by("operation__name", "name")
        )
        self.fields["hotspot"].label_from_instance = lambda a: f"{a.operation.name}: {a.name}"
        self.fields["hotspot"].empty_label = _("No hotspot")

    @classmethod
    def initial_for(cls, plan: OsaraPlan) -> dict[str, Any]:
        """The form's starting values from the plan."""
        return {
            "lsoa_codes": " ".join(plan.lsoas.values_list("code", flat=True)),
            "streets": plan.streets,
            "polygon": json.dumps(plan.polygon) if plan.polygon else "",
            "hotspot": plan.hotspot_id,
            "incident_references": "\n".join(plan.incidents.values_list("reference", flat=True)),
            "locations": plan.locations,
        }

    def clean_lsoa_codes(self) -> list[Any]:
        codes = [c for c in CODE_SPLIT.split(self.cleaned_data["lsoa_codes"] or "") if c]
        lsoas, missing = services.lsoas_by_code(codes)
        if missing:
            raise forms.ValidationError(
                _("These are not LSOA codes in the force area: %(codes)s"),
                params={"codes": ", ".join(missing)},
            )
        return lsoas

    def clean_streets(self) -> str:
        return "\n".join(_lines(self.cleaned_data["streets"]))

    def clean_locations(self) -> str:
        return "\n".join(_lines(self.cleaned_data["locations"]))

    def clean_polygon(self) -> dict[str, Any] | None:
        text = (self.cleaned_data["polygon"] or "").strip()
        if not text:
            return None
        try:
            geometry = json.loads(text)
        except json.JSONDecodeError:
            raise forms.ValidationError(_("The drawn area is not valid GeoJSON.")) from None
        if isinstance(geometry, dict) and geometry.get("type") == "Feature":
            geometry = geometry.get("geometry")
        if isinstance(geometry, dict) and geometry.get("type") == "FeatureCollection":
            features = geometry.get("features") or []
            geometry = features[0].get("geometry") if len(features) == 1 else None
        if not isinstance(geometry, dict) or geometry.get("type") not in (
            "Polygon",
            "MultiPolygon",
        ):
            raise forms.ValidationError(_("Give one Polygon or MultiPolygon."))
        try:
            parsed = shape(geometry)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError):
            raise forms.ValidationError(_("The drawn area is not valid GeoJSON.")) from None
        if parsed.is_empty or not parsed.is_valid:
            raise forms.ValidationError(_("The drawn area's outline crosses itself or is empty."))
        west, south, east, north = WALES_BOUNDS
        if not shapely.box(west, south, east, north).contains(parsed):
            raise forms.ValidationError(
                _("The drawn area is not in Gwent: give longitude first, then latitude.")
            )
        return geometry

    def clean_incident_references(self) -> list[Any]:
        references = [
            r for r in CODE_SPLIT.split(self.cleaned_data["incident_references"] or "") if r
        ]
        incidents, missing = services.incidents_by_reference(self.user, references)
        if missing:
            raise forms.ValidationError(
                _("No incident you may see has these references: %(references)s"),
                params={"references": ", ".join(missing)},
            )
        return incidents


class PeopleForm(forms.Form):
    """Which of the people in the linked incidents the plan is about."""

    people = forms.ModelMultipleChoiceField(
        label=_("People"),
        required=False,
        queryset=Person.objects.none(),
        widget=GovukCheckboxes,
        help_text=_("Tick the people the plan is about: victims, offenders or others."),
    )

    def __init__(self, *args: Any, plan: OsaraPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = services.people_in_linked_incidents(plan)
        self.fields["people"].queryset = people
        parts = services.parts_in_incidents(plan)
        self.fields["people"].label_from_instance = lambda p: services.describe_person(
            p, parts.get(p.pk, ())
        )


class ObjectiveForm(forms.ModelForm):
    """The plan's objective."""

    class Meta:
        model = OsaraPlan
        fields = ["objective"]
        labels = {"objective": _("Objective")}
        help_texts = {
            "objective": _(
                "What the plan will achieve, specific and measurable: a figure and a date, "
                "e.g. Reduce ASB reports at Bettws shops by 30% by 31 March 2025."
            )
        }
        widgets = {"objective": _textarea(3)}


class ScanningForm(forms.ModelForm):
    """The problem statement and the period the data is pulled in for."""

    scan_first_month = MonthField(
        label=_("Scanning from"), help_text=_("First month of the data, e.g. 2024-01.")
    )
    scan_last_month = MonthField(
        label=_("Scanning to"), help_text=_("Last month of the data, e.g. 2024-12.")
    )

    class Meta:
        model = OsaraPlan
        fields = ["problem_statement", "scan_first_month", "scan_last_month"]
        labels = {"problem_statement": _("Problem statement")}
        help_texts = {
            "problem_statement": _(
                "What the problem is, where, when and who it affects, and how long it has "
                "gone on. The counts for the area are pulled in below."
            )
        }
        widgets = {"problem_statement": _textarea(6)}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("scan_first_month"), data.get("scan_last_month")
        if first and last and last < first:
            self.add_error("scan_last_month", _("The last month must not be before the first."))
        elif first and last and (last.year - first.year) * 12 + last.month - first.month >= 36:
            self.add_error("scan_last_month", _("Choose 36 months or fewer."))
        return data


class AnalysisForm(forms.ModelForm):
    """The problem analysis triangle, who can act on each side, and the evidence."""

    class Meta:
        model = OsaraPlan
        fields = [
            "victim",
            "offender",
            "location",
            "guardians",
            "handlers",
            "place_managers",
            "evidence",
        ]
        labels = {
            "victim": _("Victim"),
            "offender": _("Offender"),
            "location": _("Location"),
            "guardians": _("Guardians"),
            "handlers": _("Handlers"),
            "place_managers": _("Place managers"),
            "evidence": _("Evidence"),
        }
        help_texts = {
            "victim": _("Who is harmed, and what makes them vulnerable or repeatedly targeted."),
            "offender": _("Who causes the problem, and what draws or enables them."),
            "location": _("What about the place lets the problem happen there."),
            "guardians": _("Who can protect the victims, e.g. neighbours, family, staff."),
            "handlers": _("Who can influence the offenders, e.g. parents, youth workers."),
            "place_managers": _("Who is responsible for the place, e.g. the landlord or council."),
            "evidence": _("What the analysis rests on: data, visits, surveys, partners' records."),
        }
        widgets = {name: _textarea(3) for name in fields}


class AssessmentForm(forms.ModelForm):
    """When the response began, and whether it worked."""

    class Meta:
        model = OsaraPlan
        fields = ["response_started", "assessment"]
        labels = {"response_started": _("Response began"), "assessment": _("Assessment")}
        help_texts = {
            "response_started": _(
                "The day the first action started: the before-and-after chart splits here."
            ),
            "assessment": _(
                "Did the response work? Compare each measure with its baseline and say what "
                "you learnt."
            ),
        }
        widgets = {"response_started": DateInput(), "assessment": _textarea(6)}


class MeasureForm(forms.ModelForm):
    """Add or change a success measure."""

    class Meta:
        model = SuccessMeasure
        fields = [
            "name",
            "source",
            "direction",
            "baseline_value",
            "baseline_period",
            "target_value",
            "how_measured",
            "result_value",
        ]
        labels = {
            "name": _("Measure"),
            "source": _("Figures from"),
            "direction": _("Success means"),
            "baseline_value": _("Baseline value"),
            "baseline_period": _("Baseline period"),
            "target_value": _("Target"),
            "how_measured": _("How it is measured"),
            "result_value": _("Result"),
        }
        help_texts = {
            "name": _("What you count, e.g. ASB reports per month at the shops."),
            "source": _("Where the figures come from: the area's data or your own count."),
            "direction": _("Whether the figure should go down or up."),
            "baseline_value": _("The figure before the plan, e.g. 12."),
            "baseline_period": _("When the baseline was measured, e.g. January to June 2024."),
            "target_value": _("The figure the plan aims for, e.g. 8."),
            "how_measured": _("How and how often the figure is counted, and by whom."),
            "result_value": _("The figure at assessment; leave blank until then."),
        }
        widgets = {"source": forms.Select, "direction": GovukRadios, "how_measured": _textarea(2)}


class ActionForm(forms.ModelForm):
    """Add or change a response action."""

    class Meta:
        model = ResponseAction
        fields = ["description", "owner", "agency", "due_date", "status"]
        labels = {
            "description": _("Action"),
            "owner": _("Owner"),
            "agency": _("Agency"),
            "due_date": _("Due date"),
            "status": _("Status"),
        }
        help_texts = {
            "description": _("What will be done, e.g. Fit CCTV covering the shop fronts."),
            "owner": _("The person who will do it, e.g. PC 1234 Evans or the council ASB officer."),
            "agency": _("The police, or the partner agency that will do it."),
            "due_date": _("When it will be done by."),
            "status": _("How far it has got."),
        }
        widgets = {"description": _textarea(2), "due_date": DateInput()}


def _score_choices(allow_not_yet: bool) -> list[tuple[str, Any]]:
    choices = [(str(value), label) for value, label in Score.choices]
    if allow_not_yet:
        choices.append(("", _("Does not apply yet")))
    return choices


class ReviewForm(forms.Form):
    """The POP officer's rubric scores, RAG rating and written feedback."""

    rag = forms.ChoiceField(
        label=_("RAG rating"),
        choices=Rag.choices,
        widget=GovukRadios,
        help_text=_("Your rating of the plan's quality; the proposal is only a starting point."),
    )
    feedback = forms.CharField(
        label=_("Feedback to the owner and supervisor"),
        widget=_textarea(6),
        help_text=_(
            "What is good, and what to improve before the next review. It is e-mailed to both."
        ),
    )

    def __init__(self, *args: Any, proposal: rubric.Proposal, **kwargs: Any) -> None:
        initial = kwargs.pop("initial", None) or {}
        initial.setdefault("rag", proposal.rag)
        for item in proposal.scores:
            initial.setdefault(
                f"score_{item.criterion}", "" if item.score is None else str(item.score)
            )
        super().__init__(*args, initial=initial, **kwargs)
        self.proposal = proposal
        fields: dict[str, forms.Field] = {}
        for item in proposal.scores:
            fields[f"score_{item.criterion}"] = forms.ChoiceField(
                label=Criterion(item.criterion).label,
                choices=_score_choices(item.criterion == "assessment"),
                widget=GovukRadios,
                required=item.criterion != "assessment",
                help_text=_("Proposed: %(score)s.")
                % {"score": "–" if item.score is None else item.score},
            )
        self.fields = {**fields, **self.fields}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["scores"] = {
            item.criterion: (
                None
                if data.get(f"score_{item.criterion}") in (None, "")
                else int(data[f"score_{item.criterion}"])
            )
            for item in self.proposal.scores
        }
        return data

    def score_fields(self) -> list[forms.BoundField]:
        """The rubric's fields, in rubric order."""
        return [self[f"score_{item.criterion}"] for item in self.proposal.scores]


class FinaliseForm(forms.Form):
    """The outcome code and a note, to finalise a plan."""

    outcome = forms.ModelChoiceField(
        label=_("Outcome"),
        queryset=OutcomeCode.objects.none(),
        widget=GovukRadios,
        empty_label=None,
        help_text=_("How the plan ended, from the force's list of outcome codes."),
    )
    outcome_note = forms.CharField(
        label=_("Outcome note"),
        required=False,
        widget=_textarea(3),
        help_text=_("Anything the code does not say, e.g. which plan this one merged into."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = services.active_outcome_codes()
        language = get_language()
        self.fields["outcome"].label_from_instance = lambda code: code.display_label(language)
