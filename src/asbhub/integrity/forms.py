"""Forms of the crime data integrity review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from asbhub.integrity import screening
from asbhub.integrity.choices import Decision, OffenceGroup, reason_choices


def classification_choices() -> list[tuple[str, str]]:
    """Home Office classifications from the screening rules file, code and label."""
    rules = screening.default_screener()
    return [("", _("Choose a classification"))] + [
        (code, f"{code} – {info.get('label', '')}")
        for code, info in sorted(
            rules.classifications.items(), key=lambda item: _code_order(item[0])
        )
    ]


def _code_order(code: str) -> tuple[int, str]:
    digits = "".join(char for char in code if char.isdigit())
    return (int(digits) if digits else 0, code)


class DecisionForm(forms.Form):
    """No crime (with a reason) or crime recorded (with reference and classification)."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    no_crime_reason = forms.ChoiceField(label=_("Reason there is no crime"), required=False)
    crime_reference = forms.CharField(
        label=_("Crime reference"),
        max_length=30,
        required=False,
        help_text=_("As recorded in the crime system, for example GW/24/012345"),
    )
    classification = forms.ChoiceField(label=_("Home Office classification"), required=False)
    offence_group = forms.ChoiceField(
        label=_("Offence group"),
        choices=[("", _("Choose an offence group"))] + list(OffenceGroup.choices),
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["no_crime_reason"].choices = [("", _("Choose a reason"))] + reason_choices()
        self.fields["classification"].choices = classification_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        decision = data.get("decision")
        if decision == Decision.NO_CRIME and not data.get("no_crime_reason"):
            self.add_error("no_crime_reason", _("Choose the reason there is no crime."))
        if decision == Decision.CRIME_RECORDED:
            if not data.get("crime_reference", "").strip():
                self.add_error("crime_reference", _("Enter the crime reference."))
            if not data.get("classification"):
                self.add_error("classification", _("Choose the Home Office classification."))
        return data


class QueryForm(forms.Form):
    """A question to the officer about the incident."""

    officer = forms.ModelChoiceField(
        label=_("Officer"), queryset=None, empty_label=_("Choose an officer")
    )
    question = forms.CharField(
        label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, officers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


class AnswerForm(forms.Form):
    """The officer's answer to a query."""

    answer = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class DipCheckForm(forms.Form):
    """A second reviewer's view of a "no crime" decision."""

    agrees = forms.TypedChoiceField(
        label=_("Do you agree there is no crime?"),
        choices=[("yes", _("Yes, no crime")), ("no", _("No, a crime should be recorded"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DrawSampleForm(forms.Form):
    """The period whose "no crime" decisions to sample."""

    days = forms.IntegerField(
        label=_("Decisions made in the last (days)"), min_value=1, max_value=92, initial=7
    )
