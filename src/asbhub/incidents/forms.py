"""Forms for the ASB contact script, the people in a report, and incident updates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from asbhub.incidents import services, thrive
from asbhub.incidents.choices import (
    NEXT_STATUSES,
    THRIVE_DIMENSIONS,
    AsbCategory,
    Channel,
    Gender,
    IncidentStatus,
    PartyRole,
    ResponseGrade,
    ThriveLevel,
    VulnerabilityFactor,
    subtype_choices,
    subtypes_by_code,
)

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y", "%d %m %Y"]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M:%S"]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
}
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
}


def govuk_widgets(form: forms.Form) -> None:
    """Give every widget its GOV.UK class and tie it to its hint and error message.

    Called after validation too, so fields with errors get the error styling and point
    their `aria-describedby` at the error message.
    """
    errors = (
        form.errors
        if form.is_bound and hasattr(form, "_errors") and form._errors is not None
        else {}
    )
    for name, field in form.fields.items():
        widget = field.widget
        css = next(
            (c for kind, c in _CLASSES.items() if type(widget) is kind),
            "govuk-input",
        )
        bound = form[name]
        described = []
        if field.help_text and not isinstance(
            widget, forms.RadioSelect | forms.CheckboxSelectMultiple
        ):
            described.append(f"{bound.auto_id}-hint")
        if name in errors:
            described.append(f"{bound.auto_id}-error")
            css = f"{css} {_ERROR_CLASSES.get(css, '')}".strip()
        widget.attrs["class"] = css
        if described:
            widget.attrs["aria-describedby"] = " ".join(described)
        else:
            widget.attrs.pop("aria-describedby", None)


class DateTimeLocalInput(forms.DateTimeInput):
    """A browser date and time picker that types as well as it clicks."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ScriptQuestion(forms.TypedChoiceField):
    """A yes/no question the script must ask on every ASB call."""

    def __init__(self, label: Any, help_text: Any) -> None:
        super().__init__(
            label=label,
            help_text=help_text,
            choices=YES_NO,
            coerce=_yes_no,
            empty_value=None,
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Answer this question: the script asks it on every call.")
            },
        )


class PersonForm(forms.Form):
    """A person in the report (victim, reporter, suspect or witness): all fields optional."""

    given_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        required=False,
        help_text=_("As the caller says it: a nickname is fine"),
    )
    family_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        required=False,
        help_text=_("Spell it back to the caller"),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("For example, 14/03/1961"),
        error_messages={"invalid": _("Enter a date of birth like 14/03/1961.")},
    )
    flat = forms.CharField(
        label=_("Flat"), max_length=50, required=False, help_text=_("Flat or unit, if any")
    )
    house = forms.CharField(
        label=_("House number or name"),
        max_length=100,
        required=False,
        help_text=_("For example, 14 or Ty Gwyn"),
    )
    street = forms.CharField(
        label=_("Street"), max_length=150, required=False, help_text=_("For example, Heol Pant")
    )
    town = forms.CharField(
        label=_("Town or village"),
        max_length=100,
        required=False,
        help_text=_("For example, Newport"),
    )
    postcode = forms.CharField(
        label=_("Postcode"), max_length=10, required=False, help_text=_("For example, NP20 4AB")
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, help_text=_("A number to call back on")
    )
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        choices=Gender.choices,
        required=False,
        initial=Gender.NOT_KNOWN,
        help_text=_("Only if the person offers it"),
    )
    vulnerability_factors = forms.MultipleChoiceField(
        label=_("Vulnerability (optional)"),
        choices=VulnerabilityFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick any that the caller mentions or you notice"),
    )
    vulnerability_notes = forms.CharField(
        label=_("Vulnerability notes (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the officer attending should know"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_widgets(self)

    def full_clean(self) -> None:
        super().full_clean()
        govuk_widgets(self)

    def as_input(self, role: str) -> services.PersonInput:
        """The cleaned values (as far as they are valid) as a PersonInput."""
        data = getattr(self, "cleaned_data", {}) or {}
        factors = tuple(data.get("vulnerability_factors") or ())
        return services.PersonInput(
            role=role,
            given_name=(data.get("given_name") or "").strip(),
            family_name=(data.get("family_name") or "").strip(),
            date_of_birth=data.get("date_of_birth"),
            flat=(data.get("flat") or "").strip(),
            house=(data.get("house") or "").strip(),
            street=(data.get("street") or "").strip(),
            town=(data.get("town") or "").strip(),
            postcode=(data.get("postcode") or "").strip().upper(),
            phone=(data.get("phone") or "").strip(),
            gender=data.get("gender") or Gender.NOT_KNOWN,
            vulnerable=bool(factors),
            vulnerability_factors=factors,
            vulnerability_notes=(data.get("vulnerability_notes") or "").strip(),
        )


# Prefix → part in the incident, in the order the script asks.
PEOPLE: tuple[tuple[str, str], ...] = (
    ("victim", PartyRole.VICTIM),
    ("reporter", PartyRole.REPORTER),
    ("suspect", PartyRole.SUSPECT),
    ("suspect2", PartyRole.SUSPECT),
    ("witness", PartyRole.WITNESS),
)


class IntakeForm(forms.Form):
    """The ASB contact script: how, when, where, what, and the questions asked on every call."""

    channel = forms.ChoiceField(
        label=_("How was it reported?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        help_text=_("How the report reached us"),
    )
    reported_at = forms.DateTimeField(
        label=_("When was it reported? (optional)"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput,
        help_text=_("Leave blank for now; fill in for a report taken earlier"),
    )
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"),
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput,
        help_text=_("Date and time, as near as the caller can say"),
        error_messages={
            "required": _("Enter when it happened."),
            "invalid": _("Enter a date and time like 01/12/2024 21:30."),
        },
    )
    location = forms.CharField(
        label=_("Where did it happen?"),
        max_length=255,
        help_text=_("An address or a place, for example 14 Heol Pant, Newport"),
        error_messages={"required": _("Enter where it happened.")},
    )
    longitude = forms.FloatField(
        label=_("Longitude (optional)"),
        required=False,
        min_value=-8.7,
        max_value=2.0,
        help_text=_("Filled in when you click the map; for example -2.9977"),
    )
    latitude = forms.FloatField(
        label=_("Latitude (optional)"),
        required=False,
        min_value=49.8,
        max_value=61.0,
        help_text=_("Filled in when you click the map; for example 51.5842"),
    )
    narrative = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("In the caller's words: who did what, to whom, and how it made them feel"),
        error_messages={"required": _("Describe what happened.")},
    )
    category = forms.ChoiceField(
        label=_("ASB category"),
        choices=AsbCategory.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Personal: aimed at a person or household. Nuisance: the community at "
            "large. Environmental: public spaces and buildings."
        ),
        error_messages={"required": _("Choose the ASB category.")},
    )
    subtype = forms.ChoiceField(
        label=_("Subtype"),
        required=False,
        help_text=_("The force's local subtype within the category"),
    )
    victim_targeted = ScriptQuestion(
        _("Is the victim being targeted?"),
        _("Is the behaviour aimed at them, their family or their home?"),
    )
    happened_before = ScriptQuestion(
        _("Has this happened before?"),
        _("Ask every time: have they experienced or reported this before?"),
    )
    victim_vulnerable = ScriptQuestion(
        _("Is the victim vulnerable?"),
        _("Think of age, disability, mental health and isolation"),
    )
    hate_motivated = ScriptQuestion(
        _("Is it motivated by hate?"),
        _("Race, religion, disability, sexual orientation or transgender identity"),
    )
    children_involved = ScriptQuestion(
        _("Are children involved?"),
        _("As victims, witnesses or those causing the behaviour"),
    )
    risk_now = ScriptQuestion(
        _("Is anyone at risk now?"),
        _("Is anyone in danger at this moment?"),
    )
    victim_reported = forms.BooleanField(
        label=_("The victim is the person reporting"),
        required=False,
        initial=True,
        help_text=_("Untick to record a different person as the reporter"),
    )
    grade = forms.TypedChoiceField(
        label=_("Graded response"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Use the proposed grade"))] + list(ResponseGrade.choices),
        help_text=_("Leave as proposed unless your judgement differs"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subtype"].choices = [("", _("Choose a subtype"))] + subtype_choices()
        for dimension, label in THRIVE_DIMENSIONS:
            self.fields[f"{dimension}_level"] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", _("As proposed"))] + list(ThriveLevel.choices),
                help_text=_("Leave as proposed, or choose a level and say why"),
            )
            self.fields[f"{dimension}_reason"] = forms.CharField(
                label=_("Why"),
                required=False,
                max_length=500,
                help_text=_("Needed when you choose a different level"),
            )
        data = self.data if self.is_bound else None
        self.people = {prefix: PersonForm(data, prefix=prefix) for prefix, _role in PEOPLE}

    def thrive_fields(self) -> list[tuple[Any, Any]]:
        """(level, reason) bound fields for each THRIVE dimension."""
        return [(self[f"{d}_level"], self[f"{d}_reason"]) for d, _label in THRIVE_DIMENSIONS]

    def script_questions(self) -> list[Any]:
        """The six questions, in the order the script asks them."""
        return [
            self[name]
            for name in (
                "victim_targeted",
                "happened_before",
                "victim_vulnerable",
                "hate_motivated",
                "children_involved",
                "risk_now",
            )
        ]

    def is_valid(self) -> bool:
        """Valid when the script and every person's details are valid."""
        people_valid = all(form.is_valid() for form in self.people.values())
        return super().is_valid() and people_valid

    @property
    def all_errors(self) -> list[tuple[str, Any]]:
        """(field id, message) for the error summary, script first, then people.

        A radio or checkbox group links to its first option, as GOV.UK asks.
        """
        found = [("id_channel_0", error) for error in self.non_field_errors()]
        for form in (self, *self.people.values()):
            if not (form.is_bound and form.errors):
                continue
            for name, errors in form.errors.items():
                if name == "__all__":
                    continue
                anchor = form[name].auto_id
                if isinstance(
                    form.fields[name].widget, forms.RadioSelect | forms.CheckboxSelectMultiple
                ):
                    anchor = f"{anchor}_0"
                found += [(anchor, error) for error in errors]
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        subtype = data.get("subtype")
        category = data.get("category")
        if subtype and category:
            known = subtypes_by_code().get(subtype)
            if known is not None and known.category != category:
                self.add_error(
                    "subtype", _("This subtype does not belong to the chosen ASB category.")
                )
        if (data.get("longitude") is None) != (data.get("latitude") is None):
            self.add_error("latitude", _("Give both longitude and latitude, or neither."))
        for dimension, _label in THRIVE_DIMENSIONS:
            if (
                data.get(f"{dimension}_level")
                and not (data.get(f"{dimension}_reason") or "").strip()
            ):
                self.add_error(f"{dimension}_reason", _("Say why you chose this level."))
        victim = self.people["victim"]
        if (
            category == AsbCategory.PERSONAL
            and victim.is_valid()
            and not (
                victim.cleaned_data.get("given_name") or victim.cleaned_data.get("family_name")
            )
        ):
            victim.add_error("family_name", _("Personal ASB needs a victim: enter their name."))
        if any(form.errors for form in self.people.values()):
            self.add_error(None, _("Check the details of the people in the report."))
        return data

    def as_report(self) -> services.ReportInput:
        """Whatever is valid so far, as a ReportInput (for the live panel and for recording)."""
        data = getattr(self, "cleaned_data", {}) or {}
        for form in self.people.values():
            if not hasattr(form, "cleaned_data"):
                form.is_valid()
        victim_reported = bool(data.get("victim_reported"))
        people = tuple(
            self.people[prefix].as_input(role)
            for prefix, role in PEOPLE
            if not (prefix == "reporter" and victim_reported)
        )
        decisions = {
            dimension: services.ThriveDecision(
                data.get(f"{dimension}_level") or "", data.get(f"{dimension}_reason") or ""
            )
            for dimension in thrive.DIMENSIONS
        }
        return services.ReportInput(
            channel=data.get("channel") or "",
            category=data.get("category") or "",
            subtype=data.get("subtype") or "",
            narrative=data.get("narrative") or "",
            reported_at=data.get("reported_at"),
            occurred_at=data.get("occurred_at"),
            location=(data.get("location") or "").strip(),
            longitude=data.get("longitude"),
            latitude=data.get("latitude"),
            victim_targeted=data.get("victim_targeted"),
            happened_before=data.get("happened_before"),
            victim_vulnerable=data.get("victim_vulnerable"),
            hate_motivated=data.get("hate_motivated"),
            children_involved=data.get("children_involved"),
            risk_now=data.get("risk_now"),
            people=people,
            thrive=decisions,
            grade=data.get("grade"),
            victim_reported=victim_reported,
        )


class UpdateForm(forms.Form):
    """An update to an incident: its status, an allocation, a new grade, a note."""

    allocated_to = forms.ModelChoiceField(
        label=_("Allocate to"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Not allocated"),
        help_text=_("The officer who will deal with it"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        help_text=_("Where the incident is in its life"),
    )
    grade = forms.TypedChoiceField(
        label=_("Graded response"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Keep the grade"))] + list(ResponseGrade.choices),
        help_text=_("Changing it moves the deadline"),
    )
    note = forms.CharField(
        label=_("Update"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done or learnt; it is added to the history"),
    )

    def __init__(self, *args: Any, incident: Any, may_allocate: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.may_allocate = may_allocate
        statuses = [incident.status, *NEXT_STATUSES.get(incident.status, ())]
        self.fields["status"].choices = [(s, IncidentStatus(s).label) for s in statuses]
        self.fields["status"].initial = incident.status
        if may_allocate:
            self.fields["allocated_to"].queryset = services.officers()
            self.fields["allocated_to"].initial = incident.allocated_to_id
        else:
            del self.fields["allocated_to"]
            del self.fields["grade"]
        govuk_widgets(self)

    def full_clean(self) -> None:
        super().full_clean()
        govuk_widgets(self)
