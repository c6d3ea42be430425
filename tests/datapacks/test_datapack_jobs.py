"""Packs as jobs: the thread started after the request commits, and the worker command."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from asbhub.core.models import CommunitySafetyPartnership
from asbhub.datapacks import services
from asbhub.datapacks.choices import PackStatus
from asbhub.datapacks.models import DataPack
from tests.conftest import make_user
from tests.datapacks.test_datapack_pages import queued_pack


def test_the_request_returns_at_once_and_a_thread_makes_the_pack(committed_excerpt_db) -> None:
    from asbhub.core.roles import sync_roles

    sync_roles()
    client = Client()
    client.force_login(make_user("analyst-thread", "analyst"))
    newport = CommunitySafetyPartnership.objects.get(slug="newport")
    response = client.post(
        reverse("datapacks:index"),
        {
            "csp": newport.pk,
            "period_end": "2024-12",
            "months": "3",
            "language": "cy",
            "formats": ["html"],
        },
    )
    assert response.status_code == 302
    assert services.wait_for_runner(timeout=60)
    pack = DataPack.objects.get()
    assert pack.status == PackStatus.DONE, pack.error
    assert pack.html_file.endswith("newport-2024-10-to-2024-12-cy.html")
    page = client.get(reverse("datapacks:detail", args=[pack.pk]), headers={"HX-Request": "true"})
    assert reverse("datapacks:download", args=[pack.pk, "html"]) in page.content.decode()


def test_the_worker_command_makes_what_is_queued_then_stops(excerpt_db) -> None:
    first, second = queued_pack(), queued_pack(language="cy")
    out = StringIO()
    call_command("run_datapacks", once=True, stdout=out)
    assert f"Pack {first.pk} (newport) made." in out.getvalue()
    assert "Data packs: 2 made, 0 failed." in out.getvalue()
    second.refresh_from_db()
    assert second.status == PackStatus.DONE and second.html_file.endswith("-cy.html")


def test_the_runner_waits_out_a_busy_database_instead_of_stopping(
    committed_excerpt_db, monkeypatch
) -> None:
    from django.db import OperationalError

    pack = queued_pack()
    real_claim = services.claim_next_datapack
    busy = iter([True, True])  # SQLite: "database table is locked", twice

    def claim() -> DataPack | None:
        if next(busy, False):
            raise OperationalError("database table is locked: datapacks_datapack")
        return real_claim()

    monkeypatch.setattr(services, "claim_next_datapack", claim)
    monkeypatch.setattr(services, "BUSY_PAUSE", 0.0)
    assert services.start_runner() is not None
    assert services.wait_for_runner(timeout=60)
    pack.refresh_from_db()
    assert pack.status == PackStatus.DONE, pack.error
