"""Monthly reviews: the due and overdue lists, home page reminders and e-mail reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from asbhub.problem_solving import services
from asbhub.problem_solving.models import OsaraPlan, ReviewReminder

from .conftest import make_good_plan

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 5, 10)


@pytest.fixture
def plans(cast, newport):
    """Three open plans reviewed on different days, and a finalised one."""
    for user in (cast["officer"], cast["supervisor"]):
        user.email = f"{user.username}@gwent.example"
        user.save()
    made = {}
    for name, due in (
        ("overdue", dt.date(2025, 5, 2)),
        ("due", dt.date(2025, 5, 25)),
        ("later", dt.date(2025, 6, 8)),
        ("finalised", dt.date(2025, 4, 1)),
    ):
        plan = make_good_plan(cast["officer"], newport, cast["supervisor"], title=f"{name} plan")
        status = "finalised" if name == "finalised" else "open"
        OsaraPlan.objects.filter(pk=plan.pk).update(status=status, next_review_due=due, rag="amber")
        made[name] = plan
    return made


def test_the_due_list_holds_due_and_overdue_live_plans(cast, plans):
    items = services.reviews_due(cast["pop_officer"], TODAY)
    assert [(i.plan.title, i.state) for i in items] == [
        ("overdue plan", "overdue"),
        ("due plan", "due"),
    ]
    assert items[0].days_overdue == 8


def test_owners_see_only_their_own_plans_due(cast, plans, roles):
    from tests.conftest import make_user

    assert len(services.reviews_due(cast["officer"], TODAY)) == 2
    assert services.reviews_due(make_user("other-officer", "officer"), TODAY) == []


def test_home_page_reminders_name_the_plans_without_people(cast, plans):
    reminders = services.reminders_for(cast["pop_officer"], TODAY)
    texts = [r.text for r in reminders]
    assert texts[0].endswith("overdue plan: monthly review overdue by 8 days")
    assert reminders[0].overdue and not reminders[1].overdue
    assert "due plan: monthly review due by 25 May 2025" in texts[1]
    assert services.reminders_for(cast["analyst"], TODAY) == []


def test_the_home_page_shows_the_reminders(client, cast, plans):
    client.force_login(cast["pop_officer"])
    page = client.get("/").content.decode()
    assert "Problem-solving reminders" in page
    assert "overdue plan: monthly review overdue" in page


def test_the_pop_officer_is_reminded_of_new_plans_waiting(cast, newport):
    plan = make_good_plan(cast["officer"], newport, cast["supervisor"])
    services.submit_plan(cast["officer"], plan)
    texts = [r.text for r in services.reminders_for(cast["pop_officer"])]
    assert texts == [f"{plan.reference} {plan.title}: new plan waiting for its first review"]


def test_reminder_emails_go_once_per_plan_and_month(cast, plans):
    first = services.send_review_reminders(TODAY)
    assert (first.sent, first.already_sent, first.no_address) == (2, 0, 0)
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert sorted(message.to) == ["demo-officer@gwent.example", "demo-supervisor@gwent.example"]
    assert "Monthly review due" in message.subject
    again = services.send_review_reminders(TODAY + dt.timedelta(days=5))
    assert (again.sent, again.already_sent) == (0, 2)
    assert len(mail.outbox) == 2
    next_month = services.send_review_reminders(dt.date(2025, 6, 3))
    assert next_month.sent == 3  # still overdue, still due (now overdue), and "later"
    assert ReviewReminder.objects.count() == 5


def test_plans_without_an_address_are_counted_and_tried_again(cast, plans):
    for user in (cast["officer"], cast["supervisor"]):
        user.email = ""
        user.save()
    run = services.send_review_reminders(TODAY)
    assert (run.sent, run.no_address) == (0, 2)
    assert not ReviewReminder.objects.exists()


def test_the_command_sends_reminders_and_prints_one_line(cast, plans, capsys):
    call_command("send_review_reminders", "--today", "2025-05-10")
    out = capsys.readouterr().out
    assert out.strip() == (
        "Review reminders for 2025-05: 2 sent, 0 already sent this month, 0 with no e-mail address."
    )
    assert len(mail.outbox) == 2


def test_a_review_emails_its_feedback_to_the_owner_and_supervisor(
    cast, newport, django_capture_on_commit_callbacks
):
    cast["officer"].email = "owner@gwent.example"
    cast["officer"].save()
    plan = make_good_plan(cast["officer"], newport, cast["supervisor"])
    services.submit_plan(cast["officer"], plan)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_review(
            cast["pop_officer"], plan, rag="amber", feedback="Add a partner agency.", scores={}
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@gwent.example"]
    assert "rated it Amber" in mail.outbox[0].body
    assert "Add a partner agency." in mail.outbox[0].body
