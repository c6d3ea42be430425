"""Make the data packs asked for on the web, from a worker process."""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from asbhub.datapacks.choices import PackStatus
from asbhub.datapacks.services import run_next_datapack


class Command(BaseCommand):
    help = (
        "Make queued data packs, oldest first. The web server already makes them in a "
        "background thread; run this as a worker (or from cron with --once) where web "
        "processes are short-lived. Claims are atomic, so workers and the web server never "
        "make the same pack twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Make what is queued now, then stop."
        )
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds between looks at the queue."
        )

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        """1. Make queued packs one by one. 2. Wait and look again, until stopped. 3. Summarise."""
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        made = failed = 0
        try:
            while not self.stopping:
                pack = run_next_datapack()
                if pack is None:
                    if once:
                        break
                    time.sleep(interval)
                    continue
                if pack.status == PackStatus.DONE:
                    made += 1
                    self.stdout.write(f"Pack {pack.pk} ({pack.csp.slug}) made.")
                else:
                    failed += 1
                    self.stdout.write(f"Pack {pack.pk} ({pack.csp.slug}) failed: {pack.error}")
        except KeyboardInterrupt:
            pass
        self.stdout.write(f"Data packs: {made} made, {failed} failed.")

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        """Finish the pack in hand, then stop."""
        self.stopping = True
