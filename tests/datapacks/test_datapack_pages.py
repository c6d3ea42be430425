"""The data pack pages: who may ask for and read packs, the job, the polling, the downloads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from asbhub.datapacks import services
from asbhub.datapacks.choices import PackStatus
from asbhub.datapacks.models import DataPack
from tests.factories import make_csps

MAKERS = ("analyst", "pcc_scrutiny")
NOBODY = ("call_handler", "officer", "supervisor", "cdi_reviewer", "pop_officer", "administrator")
INDEX = reverse("datapacks:index")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ask(client: Client, **overrides: object):
    """Post the form for a three-month English Newport pack, HTML and PDF."""
    from asbhub.core.models import CommunitySafetyPartnership

    data = {
        "csp": CommunitySafetyPartnership.objects.get(slug="newport").pk,
        "period_end": "2024-12",
        "months": "3",
        "language": "en",
        "formats": ["html", "pdf"],
    }
    data.update(overrides)
    return client.post(INDEX, data)


def queued_pack(**overrides: object) -> DataPack:
    fields = {
        "csp": make_csps()["newport"],
        "period_end": dt.date(2024, 12, 1),
        "months": 3,
        "language": "en",
        "formats": ["html"],
    }
    fields.update(overrides)
    return DataPack.objects.create(**fields)


@pytest.mark.parametrize("role", MAKERS)
def test_makers_see_the_form_and_the_packs_made_before(excerpt_db, cast, role: str) -> None:
    queued_pack(requested_by=cast["analyst"])
    response = client_for(cast[role]).get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Make the data pack" in html
    assert "December 2024" in html  # the latest month loaded is offered
    assert "demo-analyst" in html and "Waiting to start" in html


def test_partners_read_finished_packs_only_and_get_no_form(db, cast) -> None:
    queued_pack(csp=make_csps()["torfaen"])
    queued_pack(status=PackStatus.DONE, html_file="1/newport.html")
    response = client_for(cast["partner"]).get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Make the data pack" not in html
    assert "Newport" in html and "Torfaen" not in html


@pytest.mark.parametrize("role", NOBODY)
def test_other_roles_may_not_see_data_packs(db, cast, role: str) -> None:
    assert client_for(cast[role]).get(INDEX).status_code == 403


def test_a_user_without_a_role_may_not_see_data_packs(db, outsider) -> None:
    assert client_for(outsider).get(INDEX).status_code == 403


def test_signing_in_is_required(db) -> None:
    response = Client().get(INDEX)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_a_partner_may_not_ask_for_a_pack(excerpt_db, cast) -> None:
    response = ask(client_for(cast["partner"]))
    assert response.status_code == 403
    assert not DataPack.objects.exists()


def test_asking_queues_the_pack_and_starts_it_only_after_the_request_commits(
    excerpt_db, cast, django_capture_on_commit_callbacks
) -> None:
    client = client_for(cast["analyst"])
    with django_capture_on_commit_callbacks() as callbacks:
        response = ask(client)
    pack = DataPack.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("datapacks:detail", args=[pack.pk])
    assert (pack.status, pack.requested_by, pack.formats) == (
        "queued",
        cast["analyst"],
        ["html", "pdf"],
    )
    assert callbacks == [services.start_runner]


def test_a_form_with_mistakes_is_shown_again_with_an_error_summary(excerpt_db, cast) -> None:
    response = ask(client_for(cast["analyst"]), period_end="2031-01", formats=[])
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Choose a month that has been loaded" in html
    assert "Choose at least one kind of file" in html
    assert not DataPack.objects.exists()


def test_the_job_makes_the_pack_and_the_polled_status_shows_progress_then_downloads(
    excerpt_db, cast
) -> None:
    client = client_for(cast["analyst"])
    pack = queued_pack(requested_by=cast["analyst"], formats=["html"])
    url = reverse("datapacks:detail", args=[pack.pk])

    polling = client.get(url, headers={"HX-Request": "true"})
    fragment = polling.content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert "<html" not in fragment and "Waiting to start" in fragment

    made = services.run_next_datapack()
    assert made.pk == pack.pk and made.status == PackStatus.DONE and made.progress == 100
    assert services.run_next_datapack() is None

    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done
    download_url = reverse("datapacks:download", args=[pack.pk, "html"])
    assert download_url in done
    assert reverse("datapacks:download", args=[pack.pk, "pdf"]) not in done

    response = client.get(download_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode()
    assert "Crime and anti-social behaviour data pack: Newport" in body

    partner = client_for(cast["partner"])
    assert partner.get(download_url).status_code == 200
    assert client_for(cast["officer"]).get(download_url).status_code == 404


def test_a_pack_not_yet_made_is_hidden_from_partners(db, cast) -> None:
    pack = queued_pack()
    partner = client_for(cast["partner"])
    assert partner.get(reverse("datapacks:detail", args=[pack.pk])).status_code == 404
    assert partner.get(reverse("datapacks:download", args=[pack.pk, "html"])).status_code == 404


def test_an_unknown_format_or_a_missing_file_is_not_found(db, cast) -> None:
    pack = queued_pack(status=PackStatus.DONE, html_file="gone/newport.html")
    client = client_for(cast["analyst"])
    assert client.get(reverse("datapacks:download", args=[pack.pk, "docx"])).status_code == 404
    assert client.get(reverse("datapacks:download", args=[pack.pk, "html"])).status_code == 404


def test_a_pack_that_fails_is_marked_failed_and_the_page_says_so(db, cast) -> None:
    make_csps()
    pack = queued_pack(requested_by=cast["analyst"])  # no police.uk data loaded at all
    made = services.run_next_datapack()
    assert made.status == PackStatus.FAILED
    assert "No police.uk records are loaded" in made.error
    page = client_for(cast["analyst"]).get(reverse("datapacks:detail", args=[pack.pk]))
    assert "The pack could not be made" in page.content.decode()


def test_a_running_pack_that_stopped_showing_life_is_marked_interrupted(db, cast) -> None:
    stale = timezone.now() - services.STALE_AFTER - dt.timedelta(seconds=1)
    pack = queued_pack(status=PackStatus.RUNNING, heartbeat_at=stale)
    fresh = queued_pack(status=PackStatus.RUNNING, heartbeat_at=timezone.now())
    assert services.claim_next_datapack() is None
    pack.refresh_from_db()
    fresh.refresh_from_db()
    assert pack.status == PackStatus.FAILED and "Interrupted" in pack.error
    assert fresh.status == PackStatus.RUNNING


def test_a_busy_database_does_not_fail_the_page_that_looks_for_stale_packs(
    db, cast, monkeypatch
) -> None:
    """SQLite refuses a write while a pack's progress is being written: the housekeeping
    step waits for the next look, and the pack's page still shows."""
    from django.db import OperationalError
    from django.db.models import QuerySet

    pack = queued_pack(requested_by=cast["analyst"])

    def locked(self, **fields):
        raise OperationalError("database table is locked: datapacks_datapack")

    monkeypatch.setattr(QuerySet, "update", locked)
    page = client_for(cast["analyst"]).get(reverse("datapacks:detail", args=[pack.pk]))
    assert page.status_code == 200


def test_two_runners_never_claim_the_same_pack(db) -> None:
    first, second = queued_pack(), queued_pack()
    claims = [services.claim_next_datapack(), services.claim_next_datapack()]
    assert [c.pk for c in claims] == [first.pk, second.pk]
    assert services.claim_next_datapack() is None


def test_the_status_page_is_shown_in_welsh(db, cast) -> None:
    pack = queued_pack()
    client = client_for(cast["analyst"])
    client.cookies["django_language"] = "cy"
    html = client.get(reverse("datapacks:detail", args=[pack.pk])).content.decode()
    assert "Yn aros i ddechrau" in html
