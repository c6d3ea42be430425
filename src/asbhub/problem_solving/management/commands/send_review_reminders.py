"""`asbhub send-review-reminders`: e-mail the owners of plans whose monthly review is due."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand

from asbhub.problem_solving.services import send_review_reminders


def _day(text: str) -> dt.date:
    """A YYYY-MM-DD argument."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a date like 2025-03-31") from None


class Command(BaseCommand):
    help = (
        "E-mail the owner and supervisor of every live problem-solving plan whose monthly "
        "review is due this month or overdue, through Django's mail backend "
        "(ASBHUB_EMAIL_BACKEND). Safe to run daily: each plan is reminded once a month."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            help="Act as if today were this date (YYYY-MM-DD); for testing and catch-up.",
        )

    def handle(self, *args: Any, today: dt.date | None = None, **options: Any) -> None:
        """1. Send what is due. 2. One summary line."""
        run = send_review_reminders(today)
        self.stdout.write(run.line())
