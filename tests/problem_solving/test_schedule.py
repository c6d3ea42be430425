"""Monthly reviews: when each falls due, and whether it is due or overdue today."""

from __future__ import annotations

import datetime as dt

from asbhub.problem_solving import schedule

D = dt.date


def test_one_month_after_keeps_the_day_or_takes_the_months_last():
    assert schedule.one_month_after(D(2025, 1, 15)) == D(2025, 2, 15)
    assert schedule.one_month_after(D(2025, 1, 31)) == D(2025, 2, 28)
    assert schedule.one_month_after(D(2024, 1, 31)) == D(2024, 2, 29)
    assert schedule.one_month_after(D(2024, 12, 10)) == D(2025, 1, 10)


def test_the_next_review_follows_the_latest_review_or_the_submission():
    assert schedule.next_review_due(None, None) is None
    assert schedule.next_review_due(D(2025, 3, 3), None) == D(2025, 4, 3)
    assert schedule.next_review_due(D(2025, 3, 3), D(2025, 4, 20)) == D(2025, 5, 20)


def test_a_review_is_due_from_the_first_of_its_month_and_overdue_after_its_day():
    due = D(2025, 5, 20)
    assert schedule.review_state(due, D(2025, 4, 30)) == schedule.NOT_DUE
    assert schedule.review_state(due, D(2025, 5, 1)) == schedule.DUE
    assert schedule.review_state(due, D(2025, 5, 20)) == schedule.DUE
    assert schedule.review_state(due, D(2025, 5, 21)) == schedule.OVERDUE
    assert schedule.days_overdue(due, D(2025, 6, 1)) == 12
    assert schedule.review_state(None, D(2025, 5, 21)) == schedule.NOT_DUE


def test_reminders_belong_to_the_calendar_month():
    assert schedule.reminder_month(D(2025, 5, 31)) == D(2025, 5, 1)
