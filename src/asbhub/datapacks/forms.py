"""The form that asks for a data pack."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from asbhub.core.models import CommunitySafetyPartnership
from asbhub.datapacks.choices import MONTH_CHOICES, PackFormat, PackLanguage


class PartnershipField(forms.ModelChoiceField):
    """Partnerships by name, in the language of the page."""

    def label_from_instance(self, obj: CommunitySafetyPartnership) -> str:
        return obj.display_name(get_language())


def _month(value: str) -> dt.date:
    """A YYYY-MM choice as the first day of the month."""
    return dt.datetime.strptime(value, "%Y-%m").date()


class DataPackForm(forms.Form):
    """Which partnership, which months, which language and which files."""

    csp = PartnershipField(
        queryset=CommunitySafetyPartnership.objects.order_by("name"),
        label=_("Community safety partnership"),
        empty_label=None,
        error_messages={"required": _("Choose a community safety partnership")},
    )
    period_end = forms.TypedChoiceField(
        label=_("Last month of the pack"),
        coerce=_month,
        error_messages={
            "required": _("Choose the last month of the pack"),
            "invalid_choice": _("Choose a month that has been loaded"),
        },
    )
    months = forms.TypedChoiceField(
        label=_("Months covered"),
        coerce=int,
        initial=12,
        error_messages={"required": _("Choose how many months the pack covers")},
    )
    language = forms.ChoiceField(
        label=_("Language of the pack"),
        choices=PackLanguage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the language of the pack")},
    )
    formats = forms.MultipleChoiceField(
        label=_("Files to make"),
        choices=PackFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[PackFormat.HTML, PackFormat.PDF],
        error_messages={"required": _("Choose at least one kind of file")},
    )

    def __init__(self, *args: Any, months_loaded: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period_end"].choices = [
            (f"{m:%Y-%m}", date_format(m, "F Y")) for m in months_loaded
        ]
        self.fields["months"].choices = list(MONTH_CHOICES.items())
        language = (get_language() or "en")[:2]
        self.fields["language"].initial = language if language in PackLanguage.values else "en"
        if months_loaded:
            self.fields["period_end"].initial = f"{months_loaded[0]:%Y-%m}"
