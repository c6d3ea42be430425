"""Forms for the hotspot map filters, operations, their areas and patrols."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from asbhub.core.models import CommunitySafetyPartnership
from asbhub.hotspots.choices import AreaKind, CrimeType
from asbhub.hotspots.models import Operation, OperationArea, PatrolLog

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
CELL_SIZES = [(100, "100 m"), (150, "150 m"), (200, "200 m"), (250, "250 m"), (500, "500 m")]


class DateInput(forms.DateInput):
    """A native date picker."""

    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    """A native local date and time picker."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MonthField(forms.CharField):
    """A month typed as YYYY-MM, cleaned to the first day of that month."""

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = (value or "").strip()
        if not text:
            return None
        match = MONTH_PATTERN.match(text)
        if not match or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError(_("Enter a month like 2024-06"), code="invalid")
        return dt.date(int(match[1]), int(match[2]), 1)


class MapFilterForm(forms.Form):
    """What the hotspot map shows: area, crime type, period and cell size (a GET form)."""

    csp = forms.ModelChoiceField(
        label=_("Community safety partnership"),
        queryset=CommunitySafetyPartnership.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All of Gwent"),
    )
    crime = forms.ChoiceField(label=_("Crime type"), choices=CrimeType.choices, initial="asb")
    first = MonthField(label=_("From month"), help_text=_("For example, 2024-07"))
    last = MonthField(label=_("To month"), help_text=_("For example, 2024-09"))
    cell = forms.TypedChoiceField(
        label=_("Cell size"),
        choices=CELL_SIZES,
        coerce=int,
        initial=150,
        help_text=_("Smaller cells find smaller hotspots but need more records"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last and last < first:
            self.add_error("last", _("The last month must not be before the first"))
        if first and last and (last.year - first.year) * 12 + last.month - first.month >= 36:
            self.add_error("last", _("Choose a period of 36 months or fewer"))
        return data


class OperationForm(forms.ModelForm):
    """Create or change an operation."""

    class Meta:
        model = Operation
        fields = [
            "name",
            "aim",
            "csp",
            "start_date",
            "end_date",
            "funding",
            "crime_type",
            "data_source",
            "pre_months",
            "buffer_metres",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "aim": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be on or after the start date"))
        return data


class AreaForm(forms.Form):
    """Add a target hotspot or control area: an LSOA, or a square around a grid point."""

    kind = forms.ChoiceField(label=_("Kind of area"), choices=AreaKind.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("Leave blank to use the LSOA's name"),
    )
    lsoa = forms.CharField(
        label=_("LSOA code"),
        max_length=9,
        required=False,
        help_text=_("A 2021 LSOA code, e.g. W01001583; or give a grid point below"),
    )
    easting = forms.IntegerField(
        label=_("Easting"),
        required=False,
        min_value=0,
        max_value=700_000,
        help_text=_("British National Grid metres, as in the hotspot CSV"),
    )
    northing = forms.IntegerField(
        label=_("Northing"),
        required=False,
        min_value=0,
        max_value=1_300_000,
    )
    size = forms.IntegerField(
        label=_("Square size (metres)"),
        required=False,
        min_value=50,
        max_value=2000,
        initial=150,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_point = data.get("easting") is not None and data.get("northing") is not None
        if not data.get("lsoa") and not has_point:
            raise forms.ValidationError(_("Give an LSOA code, or an easting and a northing"))
        if has_point and not data.get("name"):
            self.add_error("name", _("Name the area"))
        return data


class TopHotspotsForm(forms.Form):
    """Add the partnership's busiest hotspots before the operation as targets."""

    how_many = forms.IntegerField(
        label=_("How many hotspots"),
        min_value=1,
        max_value=20,
        initial=5,
        help_text=_("The busiest Gi* hotspots in the months before the operation"),
    )


class PatrolForm(forms.ModelForm):
    """Log one patrol visit to a target hotspot."""

    class Meta:
        model = PatrolLog
        fields = ["area", "patroller", "agency", "started_at", "ended_at", "activity", "notes"]
        widgets = {
            "started_at": DateTimeInput(),
            "ended_at": DateTimeInput(),
        }
        help_texts = {
            "started_at": _("When the patrol arrived at the hotspot"),
            "ended_at": _("When it left; 10 to 15 minutes works best"),
        }

    def __init__(self, *args: Any, operation: Operation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = OperationArea.objects.filter(
            operation=operation, kind=AreaKind.TARGET
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("started_at"), data.get("ended_at")
        if start and end and end <= start:
            self.add_error("ended_at", _("The end must be after the start"))
        return data


class PatrolImportForm(forms.Form):
    """Upload a CSV of patrols."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: hotspot, patrolled_by, agency, start, end, activity, notes. "
            "Importing the same file twice adds nothing."
        ),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file must be 5 MB or smaller"))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file must be UTF-8 CSV")) from None
