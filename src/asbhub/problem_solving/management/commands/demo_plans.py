"""`asbhub demo-plans`: replace the problem-solving plans with a seeded demo set."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from asbhub.problem_solving.demo import DEFAULT_PLANS, generate_plans


class Command(BaseCommand):
    help = (
        "Replace every problem-solving plan with a seeded demo set at every stage (drafts, "
        "plans waiting for review, open plans with RAG review histories, finalised plans), "
        "good and poor, over the loaded police.uk data and demo incidents. `asbhub demo` "
        "does this too; use this to remake only the plans."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Seed (default %(default)s).")
        parser.add_argument(
            "--plans",
            type=int,
            default=DEFAULT_PLANS,
            help="How many plans (default %(default)s).",
        )

    def handle(self, *args: Any, seed: int, plans: int, **options: Any) -> None:
        """1. Generate the plans. 2. One summary line."""
        if plans < 1:
            raise CommandError("--plans must be at least 1.")
        summary = generate_plans(seed=seed, plans=plans)
        if not summary.plans:
            raise CommandError(
                "No community safety partnerships are loaded: run `asbhub setup` first."
            )
        self.stdout.write(summary.line())
