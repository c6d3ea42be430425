"""When a live plan's monthly review falls due: pure date arithmetic, today passed in.

Every plan that has been submitted and not finalised is reviewed once a month. The next
review falls one calendar month after the last one (or after submission, before the
first), on the same day of the month or the month's last day when it is shorter. A
review is "due" from the first day of the month it falls in, and "overdue" the day after
it falls.
"""

from __future__ import annotations

import calendar
import datetime as dt

NOT_DUE, DUE, OVERDUE = "not_due", "due", "overdue"


def one_month_after(day: dt.date) -> dt.date:
    """The same day next month, or that month's last day when it is shorter (31 Jan → 28 Feb)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def next_review_due(submitted_on: dt.date | None, last_review_on: dt.date | None) -> dt.date | None:
    """One month after the latest review, or after submission; None before submission."""
    anchor = max((d for d in (submitted_on, last_review_on) if d is not None), default=None)
    return one_month_after(anchor) if anchor is not None else None


def review_state(due: dt.date | None, today: dt.date) -> str:
    """ "overdue" after the due day, "due" from the first of its month, else "not_due"."""
    if due is None:
        return NOT_DUE
    if due < today:
        return OVERDUE
    if (due.year, due.month) == (today.year, today.month):
        return DUE
    return NOT_DUE


def days_overdue(due: dt.date | None, today: dt.date) -> int:
    """Whole days since the review fell due (0 when it is not overdue)."""
    if due is None or due >= today:
        return 0
    return (today - due).days


def reminder_month(today: dt.date) -> dt.date:
    """The month a reminder belongs to (its first day): one reminder per plan per month."""
    return today.replace(day=1)
