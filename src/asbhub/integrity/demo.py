"""A realistic history of crime data integrity reviews for the synthetic demo incidents.

`plant_review_history(seed=…)` gives every demo incident reported more than two days before
the demo's present (its latest incident) a completed 24-hour review, as a team of CDI
reviewers would have left it: about 92% decided within 24 hours (fewer at weekends and in
two short-staffed weeks), the rest late by hours or days. Decisions follow the planted truth
(`demo.PlantedTruth`, kind `narrative_offences`) and the screening: most true crimes are
recorded with a crime reference and a Home Office classification from the screening rules,
some are missed (recorded as no crime, with the reasons inspections find: no victim
confirmed distress, a message that "merely offends", a civil matter), and most of the
screening's false alarms are rightly rejected. Some reviews put a query to an officer
first; a few recent queries are still open. Each week a supervisor draws 5% of the week's
"no crime" decisions for a second reviewer, who agrees about nine times in ten.

The last two days stay open in the queue. Incidents reported after the demo's present (the
demo's live intake, received in the hours before it was generated) are left alone: open,
with their 24-hour clocks running, and the history is the same with or without them.

Rows are written in the shape the services write them (`services.record_decision`,
`raise_query`, `answer_query`, `draw_dip_sample`, `record_dip_check`), audit trail
included, but in bulk. Reviewers are synthetic staff (`demo-staff-…`, no usable password)
plus `demo-cdi-reviewer` when it exists. Generating demo data is a system action: the rows
are synthetic, so nothing is written to the access log.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import connection, transaction
from django.db.models import Max

from asbhub.core.roles import role_of
from asbhub.demo.choices import TruthKind
from asbhub.demo.models import PlantedTruth
from asbhub.incidents.models import Incident
from asbhub.incidents.services import officers
from asbhub.integrity import review, screening
from asbhub.integrity.choices import AuditAction, Decision, QueryStatus, ReviewStatus
from asbhub.integrity.models import (
    CdiAuditEntry,
    CdiQuery,
    CdiReview,
    DipSampleCheck,
    IncidentScreening,
)

STAFF_PREFIX = "demo-staff-"
REVIEWERS = ("Sian Hughes", "Mark Pritchard", "Bethan Lloyd", "Aled Powell")
SUPERVISOR = "Sgt Carys Jenkins"
# Incidents reported in the last RECENT before the demo's present are left to review.
RECENT = timedelta(days=2)

# How often a review is late: weekdays, weekends, and in the short-staffed weeks.
LATE_WEEKDAY = 0.055
LATE_WEEKEND = 0.10
LATE_SHORT_STAFFED = 0.25
SHORT_STAFFED_WEEKS = 2
LATE_AFTER_QUERY = 0.30
LATE_MEAN_HOURS = 14.0
LATE_MAX_HOURS = 24.0 * 12

# How often a true crime is missed (recorded as no crime): more when the screening did not
# flag it, and more for the offences inspections find most often missed.
MISS_FLAGGED = 0.10
MISS_UNFLAGGED = 0.40
MISS_AFTER_QUERY = 0.03
MISS_FACTOR = {
    "public_order": 1.6,
    "harassment": 1.5,
    "malicious_communications": 1.6,
    "stalking": 1.3,
    "assault": 0.5,
    "threats_to_kill": 0.5,
    "robbery": 0.3,
    "burglary": 0.3,
    "weapons": 0.4,
    "arson": 0.4,
    "sexual_offence": 0.3,
}
# How often a screening false alarm is wrongly recorded as a crime.
OVER_RECORDED = 0.04

# Queries to officers: likelier when the case is borderline.
QUERY_BORDERLINE = 0.25
QUERY_DISAGREES = 0.08
QUERY_OTHERWISE = 0.005
QUERY_RECENT = 0.5
QUERY_RECENT_ANSWERED = 0.3

# The dip sample: 5% of each week's "no crime" decisions, drawn on Monday morning.
DRAW_TIME = time(9, 0)
AGREE_CORRECT = 0.93
AGREE_FLAGGED = 0.80
AGREE_MISSED = 0.30

# The most serious offence is the principal one (Home Office Counting Rules: one crime per
# incident, under the principal offence).
SEVERITY = (
    "robbery",
    "burglary",
    "sexual_offence",
    "threats_to_kill",
    "arson",
    "assault",
    "stalking",
    "weapons",
    "harassment",
    "criminal_damage",
    "theft",
    "drugs",
    "malicious_communications",
    "public_order",
    "other_crime",
)
HATE = "hate_aggravated"

# (reason code, weight) for a "no crime" decision, by the offence group in question.
REASONS: dict[str, tuple[tuple[str, float], ...]] = {
    "public_order": (
        ("no_victim_distress", 0.6),
        ("disturbance_over", 0.25),
        ("no_offence_disclosed", 0.15),
    ),
    "malicious_communications": (("message_merely_offends", 0.8), ("no_offence_disclosed", 0.2)),
    "harassment": (("no_offence_disclosed", 0.6), ("civil_matter", 0.4)),
    "stalking": (("no_offence_disclosed", 0.7), ("civil_matter", 0.3)),
    "criminal_damage": (("evidence_to_contrary", 0.4), ("no_offence_disclosed", 0.6)),
    "": (("no_offence_disclosed", 0.95), ("civil_matter", 0.045), ("other_force", 0.005)),
}
OTHER_REASONS = (("no_offence_disclosed", 0.7), ("evidence_to_contrary", 0.3))
DISPUTES = {"neighbour_dispute"}

# What a reviewer asks the officer, and what the officer answers (crime, no crime).
QUESTIONS: dict[str, tuple[str, str, str]] = {
    "public_order": (
        "Did the caller say they were alarmed or distressed by the behaviour?",
        "Yes. The caller confirmed she was alarmed and distressed; she was too scared to go out.",
        "No. The caller was annoyed but not alarmed; the group had moved on when we arrived.",
    ),
    "harassment": (
        "Is this part of a course of conduct aimed at the caller? How many times before?",
        "Yes, the third incident in a month aimed at the same family. Logs linked.",
        "No earlier incidents found; a one-off disagreement between neighbours.",
    ),
    "malicious_communications": (
        "Were the messages threatening or grossly offensive, or only rude?",
        "Threatening: he said he would come round and hurt her. Screenshots taken.",
        "Rude only; no threat. Caller has blocked the number and wants no further action.",
    ),
    "criminal_damage": (
        "Was anything damaged, and does the owner say who did it?",
        "Yes, a window smashed; owner wants it recorded for the insurance.",
        "Nothing damaged on attendance; the fence was already broken by the wind.",
    ),
    "assault": (
        "Was anyone touched or hurt, or was it words only?",
        "The victim was pushed to the ground; minor grazes to the hands.",
        "Words only; nobody was touched.",
    ),
    "": (
        "Can you confirm what happened on attendance?",
        "An offence took place; victim statement taken.",
        "ASB only; no offence disclosed on attendance.",
    ),
}
DISAGREE_NOTES = (
    "The caller's account discloses an offence: a crime should be recorded.",
    "Victim confirmed alarm and distress in the log: s.5 should be recorded.",
    "Course of conduct aimed at the victim: harassment should be recorded.",
)


@dataclass(frozen=True)
class ReviewHistorySummary:
    """What `plant_review_history` made."""

    seed: int
    decided: int
    within_24h: int
    crimes_recorded: int
    true_crimes: int
    missed: int
    false_alarms_rejected: int
    queries: int
    open_queries: int
    dip_checks: int
    dip_agreed: int
    left_open: int

    @property
    def share_within_24h(self) -> float | None:
        """Share of the decisions made within 24 hours."""
        return self.within_24h / self.decided if self.decided else None

    def line(self) -> str:
        """One summary line for the command and the log."""
        share = self.share_within_24h
        return (
            f"Review history (seed {self.seed}): {self.decided:,} decided "
            f"({0 if share is None else 100 * share:.1f}% within 24 hours), "
            f"{self.crimes_recorded:,} crimes recorded, {self.missed:,} of {self.true_crimes:,} "
            f"true crimes missed, {self.queries:,} queries ({self.open_queries} open), "
            f"{self.dip_checks} dip sample checks; {self.left_open:,} left in the queue."
        )


@dataclass
class _Case:
    """One incident to review, with what the reviewer needs to decide."""

    incident_id: int
    reference: str
    reported_at: datetime
    subtype: str
    truth: frozenset[str]
    offences: list[dict[str, Any]]
    shown: dict[str, Any]

    @property
    def flagged(self) -> tuple[str, ...]:
        return tuple(offence.get("group") or "" for offence in self.offences)


def _weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    return rng.choices([code for code, _w in options], [w for _c, w in options])[0]


def _shown(stored: dict[str, Any]) -> dict[str, Any]:
    """The stored screening as the reviewer saw it (the shape services write)."""
    return {
        "screened_at": stored["screened_at"].isoformat(),
        "rules_version": stored["rules_version"],
        "groups": list(stored["groups"]),
        "offences": [
            {
                "group": offence.get("group"),
                "classification": offence.get("classification"),
                "confidence": offence.get("confidence"),
                "evidence": [item.get("text") for item in offence.get("evidence", [])],
            }
            for offence in stored["result"].get("offences", [])
        ],
    }


def _account(username: str, first: str, last: str, group: str) -> AbstractBaseUser:
    """A synthetic staff account (no usable password) in the role's group when it exists."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    role_group = Group.objects.filter(name=group).first()
    if role_group is not None:
        user.groups.add(role_group)
    return user


def _staff() -> tuple[list[AbstractBaseUser], AbstractBaseUser, list[AbstractBaseUser]]:
    """The reviewers, the supervisor who draws the dip sample, and the officers."""
    user_model = get_user_model()
    reviewers = []
    for name in REVIEWERS:
        first, last = name.split(" ", 1)
        username = STAFF_PREFIX + "cdi-" + name.lower().replace(" ", "-")
        reviewers.append(_account(username, first, last, "cdi_reviewer"))
    demo = user_model.objects.filter(username="demo-cdi-reviewer", is_active=True).first()
    if demo is not None:
        reviewers.insert(0, demo)
    supervisor = user_model.objects.filter(username="demo-supervisor", is_active=True).first()
    if supervisor is None:
        rank, first, last = SUPERVISOR.split(" ", 2)
        username = STAFF_PREFIX + SUPERVISOR.lower().replace(" ", "-")
        supervisor = _account(username, f"{rank} {first}", last, "supervisor")
    answering = [user for user in officers() if user.has_perm("integrity.change_cdiquery")]
    answering.sort(key=lambda user: (user.get_username() != "demo-officer", user.pk))
    return reviewers, supervisor, answering


def _cases(until: datetime) -> list[_Case]:
    """Every incident reported by `until` whose review is untouched (pending, no query, no
    trail), oldest first."""
    touched = set(CdiAuditEntry.objects.values_list("incident_id", flat=True)) | set(
        CdiQuery.objects.values_list("incident_id", flat=True)
    )
    pending = set(
        CdiReview.objects.filter(status=ReviewStatus.PENDING, decision="").values_list(
            "incident_id", flat=True
        )
    )
    truth = {
        record_id: frozenset(value.get("offences", []))
        for record_id, value in PlantedTruth.objects.filter(
            kind=TruthKind.NARRATIVE_OFFENCES, record_type="incidents.incident"
        ).values_list("record_id", "value")
    }
    stored = {
        row["incident_id"]: row
        for row in IncidentScreening.objects.values(
            "incident_id", "screened_at", "rules_version", "groups", "result"
        )
    }
    cases = []
    rows = (
        Incident.objects.filter(reported_at__lte=until)
        .order_by("reported_at", "pk")
        .values_list("pk", "reference", "reported_at", "subtype")
    )
    for pk, reference, reported_at, subtype in rows:
        if pk in touched or pk not in pending or pk not in stored:
            continue
        cases.append(
            _Case(
                incident_id=pk,
                reference=reference,
                reported_at=reported_at,
                subtype=subtype or "",
                truth=truth.get(pk, frozenset()),
                offences=list(stored[pk]["result"].get("offences", [])),
                shown=_shown(stored[pk]),
            )
        )
    return cases


def _principal(groups: frozenset[str] | Sequence[str]) -> str:
    """The principal offence group of those named ("" when none)."""
    for group in SEVERITY:
        if group in groups:
            return group
    return "public_order" if HATE in groups else ""


def _classification(case: _Case, groups: frozenset[str] | Sequence[str]) -> tuple[str, str]:
    """The (offence group, classification) a reviewer records, from the screening rules.

    The screening's own (refined) classification of the group wins; else the group's default
    in the rules; else the next most serious group with one. Hate aggravates it where the
    rules name an aggravated form. ("", "") when the rules list no classification.
    """
    rules = screening.default_screener()
    found = {o.get("group"): o.get("classification") for o in case.offences}
    for group in [g for g in SEVERITY if g in groups] or ([_principal(groups)] if groups else []):
        code = found.get(group) or rules.groups.get(group, {}).get("classification")
        if not code:
            continue
        if HATE in groups or HATE in found:
            code = rules.classifications.get(code, {}).get("aggravated") or code
        return group, str(code)
    return "", ""


def _no_crime_reason(rng: random.Random, case: _Case, group: str) -> str:
    """A realistic reason for "no crime" about the offence group in question."""
    if case.subtype in DISPUTES and rng.random() < 0.25:
        return "civil_matter"
    return _weighted(rng, REASONS.get(group, OTHER_REASONS))


def _decision_delay(
    rng: random.Random, case: _Case, short_staffed: set[Any], queried: bool
) -> timedelta:
    """How long after the report the decision came: mostly within 24 hours, a skewed tail."""
    if queried:
        late = LATE_AFTER_QUERY
    elif review.week_of(case.reported_at) in short_staffed:
        late = LATE_SHORT_STAFFED
    elif case.reported_at.weekday() >= 5:
        late = LATE_WEEKEND
    else:
        late = LATE_WEEKDAY
    if rng.random() < late:
        hours = 24 + min(LATE_MAX_HOURS, rng.expovariate(1 / LATE_MEAN_HOURS)) + 0.05
    else:
        hours = 0.25 + 23.5 * rng.betavariate(1.6, 3.2)
    return timedelta(hours=hours)


def clear_review_history() -> int:
    """Delete the whole review audit trail, before the demo replaces every incident.

    The trail is append-only for users and services, and it protects the incidents it
    names; replacing all demo data deletes those incidents, so their trail must go with
    them. Only the demo generator calls this. Returns how many entries were deleted.
    """
    count = CdiAuditEntry.objects.count()
    table = connection.ops.quote_name(CdiAuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The trigger refuses row deletions; TRUNCATE, a table-level act, passes it, once
            # the foreign-key checks deferred in this transaction have been run.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {table}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (a table name, not input)
    return count


@transaction.atomic
def plant_review_history(
    seed: int, now: datetime | None = None, leave_open: timedelta = RECENT
) -> ReviewHistorySummary:
    """Give the demo incidents a seeded, realistic history of CDI reviews.

    `now` is the demo's present (by default its latest incident): incidents reported in the
    `leave_open` before it stay open (two days by default; none when a live intake gives the
    queue its work), those reported after it are left alone, and nothing is dated after it
    (with nothing left open, the last few decisions fall in the days after it).
    It plants only into fresh demo data: once any review has a decision or
    a trail it changes nothing, so running it again is safe. Returns what was made.
    """
    rng = random.Random(seed)
    latest = Incident.objects.aggregate(latest=Max("reported_at"))["latest"]
    if latest is None or CdiAuditEntry.objects.exists() or CdiQuery.objects.exists():
        return ReviewHistorySummary(seed, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    now = min(now, latest) if now is not None else latest
    cutoff = now - leave_open
    cases = _cases(now)
    reviewers, supervisor, answering = _staff()
    roles = {
        user.pk: getattr(role_of(user), "slug", "") for user in [*reviewers, supervisor, *answering]
    }
    weeks = sorted({review.week_of(case.reported_at) for case in cases})
    short_staffed = set(rng.sample(weeks, min(SHORT_STAFFED_WEEKS, len(weeks))))
    reviewer_weights = [1.5] + [1.0] * (len(reviewers) - 1)

    reviews: list[CdiReview] = []
    queries: list[tuple[CdiQuery, datetime | None, dict[str, Any]]] = []
    entries: list[CdiAuditEntry] = []
    truths: dict[int, tuple[_Case, bool]] = {}
    counts: dict[str, int] = defaultdict(int)

    def audit(
        at: datetime,
        incident_id: int,
        user: Any,
        action: str,
        details: dict[str, Any],
        shown: dict[str, Any],
    ) -> None:
        entries.append(
            CdiAuditEntry(
                at=at,
                incident_id=incident_id,
                user=user,
                username=user.get_username(),
                role=roles.get(user.pk, ""),
                action=action,
                details=details,
                screening=shown,
            )
        )

    for case in cases:
        # Each case draws from its own stream (seed and reference), so whether one case is
        # left open (with or without a live intake) never changes another's history.
        draw = random.Random(f"{seed}:{case.reference}")
        flagged = case.flagged
        topic = _principal(case.truth) or _principal(frozenset(flagged))
        question = QUESTIONS.get(topic, QUESTIONS[""])
        low = any(float(o.get("confidence") or 0) < 0.6 for o in case.offences)
        disagrees = bool(case.truth) != bool(flagged)
        if case.reported_at > cutoff:
            counts["left_open"] += 1
            if answering and flagged and draw.random() < QUERY_RECENT:
                asked = case.reported_at + timedelta(hours=draw.uniform(1, 10))
                if asked < now:
                    answered = asked + timedelta(hours=draw.uniform(2, 30))
                    answered = (
                        answered
                        if answered < now and draw.random() < QUERY_RECENT_ANSWERED
                        else None
                    )
                    officer = answering[0] if draw.random() < 0.7 else draw.choice(answering)
                    reviewer = draw.choices(reviewers, reviewer_weights)[0]
                    queries.append(
                        (
                            CdiQuery(
                                incident_id=case.incident_id,
                                officer=officer,
                                question=question[0],
                                asked_by=reviewer,
                                asked_at=asked,
                            ),
                            answered,
                            {"case": case, "answer": question[1] if case.truth else question[2]},
                        )
                    )
                    status = ReviewStatus.PENDING if answered else ReviewStatus.QUERIED
                    reviews.append(
                        CdiReview(
                            incident_id=case.incident_id,
                            due_at=review.due_at(case.reported_at),
                            status=status,
                        )
                    )
                    continue
            reviews.append(
                CdiReview(incident_id=case.incident_id, due_at=review.due_at(case.reported_at))
            )
            continue

        chance = (
            QUERY_BORDERLINE
            if (flagged and low)
            else QUERY_DISAGREES
            if disagrees
            else QUERY_OTHERWISE
        )
        queried = bool(answering) and draw.random() < chance
        due = review.due_at(case.reported_at)
        decided_at = case.reported_at + _decision_delay(draw, case, short_staffed, queried)
        if decided_at > now and leave_open:  # else the present is later (the live intake's)
            counts["left_open"] += 1
            reviews.append(CdiReview(incident_id=case.incident_id, due_at=due))
            continue
        reviewer = draw.choices(reviewers, reviewer_weights)[0]
        if queried:
            span = decided_at - case.reported_at
            asked = case.reported_at + span * draw.uniform(0.1, 0.4)
            answered = asked + (decided_at - asked) * draw.uniform(0.3, 0.9)
            officer = answering[0] if draw.random() < 0.4 else draw.choice(answering)
            query = CdiQuery(
                incident_id=case.incident_id,
                officer=officer,
                question=question[0],
                asked_by=reviewer,
                asked_at=asked,
            )
            queries.append(
                (
                    query,
                    answered,
                    {"case": case, "answer": question[1] if case.truth else question[2]},
                )
            )

        group, classification = "", ""
        if case.truth:
            counts["true_crimes"] += 1
            principal = _principal(case.truth)
            miss = MISS_AFTER_QUERY if queried else MISS_FLAGGED if flagged else MISS_UNFLAGGED
            miss *= MISS_FACTOR.get(principal, 1.0)
            group, classification = _classification(case, case.truth)
            if draw.random() < miss:
                group, classification = "", ""
                reason = _no_crime_reason(draw, case, principal)
                counts["missed"] += 1
            elif not classification:
                reason = "already_recorded"  # recorded by a specialist unit under its own reference
            else:
                reason = ""
        elif flagged and draw.random() < OVER_RECORDED:
            group, classification = _classification(case, frozenset(flagged))
            reason = "" if classification else _no_crime_reason(draw, case, flagged[0])
        else:
            reason = _no_crime_reason(draw, case, _principal(frozenset(flagged)) or "")
            if flagged:
                counts["false_alarms_rejected"] += 1
        crime = bool(classification) and not reason
        within = decided_at <= due
        counts["decided"] += 1
        counts["within_24h"] += within
        counts["crimes_recorded"] += crime
        if not crime:
            truths[case.incident_id] = (case, bool(case.truth) and reason != "already_recorded")
        reviews.append(
            CdiReview(
                incident_id=case.incident_id,
                due_at=due,
                status=ReviewStatus.DECIDED,
                decision=Decision.CRIME_RECORDED if crime else Decision.NO_CRIME,
                no_crime_reason="" if crime else reason,
                crime_reference="",  # numbered in decision order below
                classification=classification if crime else "",
                offence_group=group if crime else "",
                reviewer=reviewer,
                decided_at=decided_at,
                within_24h=within,
                screening_shown=case.shown,
            )
        )

    _number_crimes(rng, reviews)
    for cdi_review in reviews:
        if cdi_review.status != ReviewStatus.DECIDED:
            continue
        audit(
            cdi_review.decided_at,
            cdi_review.incident_id,
            cdi_review.reviewer,
            AuditAction.DECIDED,
            {
                "decision": cdi_review.decision,
                "no_crime_reason": cdi_review.no_crime_reason,
                "crime_reference": cdi_review.crime_reference,
                "classification": cdi_review.classification,
                "offence_group": cdi_review.offence_group,
                "within_24h": cdi_review.within_24h,
                "notes": "",
            },
            cdi_review.screening_shown,
        )

    replaced = [r.incident_id for r in reviews]
    for start in range(0, len(replaced), 1000):
        CdiReview.objects.filter(incident_id__in=replaced[start : start + 1000]).delete()
    CdiReview.objects.bulk_create(reviews, batch_size=1000)

    made = CdiQuery.objects.bulk_create([query for query, _a, _x in queries], batch_size=1000)
    answered_rows = []
    for query, (_q, answered, extra) in zip(made, queries, strict=True):
        shown = extra["case"].shown
        audit(
            query.asked_at,
            query.incident_id,
            query.asked_by,
            AuditAction.QUERIED,
            {
                "query": query.pk,
                "officer": query.officer.get_username(),
                "question": query.question,
            },
            shown,
        )
        counts["queries"] += 1
        if answered is None:
            counts["open_queries"] += 1
            continue
        query.status = QueryStatus.ANSWERED
        query.answer = extra["answer"]
        query.answered_by = query.officer
        query.answered_at = answered
        answered_rows.append(query)
        audit(
            answered,
            query.incident_id,
            query.officer,
            AuditAction.ANSWERED,
            {"query": query.pk, "answer": query.answer},
            shown,
        )
    CdiQuery.objects.bulk_update(
        answered_rows, ["status", "answer", "answered_by", "answered_at"], batch_size=500
    )

    checks = _dip_sample(rng, reviews, truths, reviewers, supervisor, now, audit)
    counts["dip_checks"] = sum(1 for check in checks if check.checked_at is not None)
    counts["dip_agreed"] = sum(1 for check in checks if check.agrees)

    entries.sort(key=lambda entry: (entry.at, entry.incident_id))
    CdiAuditEntry.objects.bulk_create(entries, batch_size=1000)
    return ReviewHistorySummary(
        seed=seed,
        decided=counts["decided"],
        within_24h=counts["within_24h"],
        crimes_recorded=counts["crimes_recorded"],
        true_crimes=counts["true_crimes"],
        missed=counts["missed"],
        false_alarms_rejected=counts["false_alarms_rejected"],
        queries=counts["queries"],
        open_queries=counts["open_queries"],
        dip_checks=counts["dip_checks"],
        dip_agreed=counts["dip_agreed"],
        left_open=counts["left_open"],
    )


def _number_crimes(rng: random.Random, reviews: list[CdiReview]) -> None:
    """Give recorded crimes references like GW/24/012345, rising with the decision time.

    Other crimes are recorded in between, so the numbers rise with gaps.
    """
    recorded = sorted(
        (r for r in reviews if r.decision == Decision.CRIME_RECORDED),
        key=lambda r: (r.decided_at, r.incident_id),
    )
    numbers: dict[int, int] = {}
    for cdi_review in recorded:
        year = cdi_review.decided_at.year % 100
        numbers[year] = numbers.get(year, rng.randint(1, 40)) + rng.randint(2, 60)
        cdi_review.crime_reference = f"GW/{year:02d}/{numbers[year]:06d}"


def _dip_sample(
    rng: random.Random,
    reviews: list[CdiReview],
    truths: dict[int, tuple[_Case, bool]],
    reviewers: list[AbstractBaseUser],
    supervisor: AbstractBaseUser,
    now: datetime,
    audit: Any,
) -> list[DipSampleCheck]:
    """Each Monday, draw 5% of the last week's "no crime" decisions for a second reviewer."""
    no_crime = [r for r in reviews if r.decision == Decision.NO_CRIME]
    if not no_crime:
        return []
    by_id = {r.pk: r for r in no_crime}
    first = min(r.decided_at for r in no_crime)
    draw = datetime.combine(
        review.week_of(first) + timedelta(days=7), DRAW_TIME, tzinfo=first.tzinfo
    )
    checks: list[DipSampleCheck] = []
    while draw <= now:
        since = draw - timedelta(days=7)
        pool = [r.pk for r in no_crime if since <= r.decided_at < draw]
        week_seed = rng.randrange(2**31)
        for pk in review.draw_sample(pool, seed=week_seed) if pool else []:
            cdi_review = by_id[pk]
            case, missed = truths[cdi_review.incident_id]
            checked_at = draw + timedelta(hours=2 + rng.expovariate(1 / 48))
            check = DipSampleCheck(
                review=cdi_review, drawn_at=draw, drawn_by=supervisor, seed=week_seed
            )
            audit(
                draw,
                cdi_review.incident_id,
                supervisor,
                AuditAction.SAMPLED,
                {"seed": week_seed, "rate": review.DIP_SAMPLE_RATE, "pool": len(pool)},
                cdi_review.screening_shown,
            )
            if checked_at <= now:
                agree = AGREE_MISSED if missed else AGREE_FLAGGED if case.flagged else AGREE_CORRECT
                check.checker = rng.choice([u for u in reviewers if u.pk != cdi_review.reviewer_id])
                check.checked_at = checked_at
                check.agrees = rng.random() < agree
                check.notes = "" if check.agrees else rng.choice(DISAGREE_NOTES)
            checks.append(check)
        draw += timedelta(days=7)
    DipSampleCheck.objects.bulk_create(checks, batch_size=1000)
    for check in checks:
        if check.checked_at is None:
            continue
        audit(
            check.checked_at,
            check.review.incident_id,
            check.checker,
            AuditAction.CHECKED,
            {"agrees": check.agrees, "notes": check.notes, "check": check.pk},
            check.review.screening_shown,
        )
    return checks


LIVE_QUERIES = 3


def raise_live_queries(
    seed: int, after: datetime, now: datetime, count: int = LIVE_QUERIES
) -> list[CdiQuery]:
    """Put a few open questions to the officers about the live intake (reported after
    `after`), as a reviewer working the morning's queue would, so an officer's list of
    open queries has work in it. The incidents chosen are those the screening flagged with
    least confidence, reported at least two hours before `now`. Returns the queries."""
    from asbhub.integrity import services

    rng = random.Random(seed)
    reviewers, _supervisor, answering = _staff()
    if not answering:
        return []
    live = (
        Incident.objects.filter(reported_at__gt=after, reported_at__lte=now - timedelta(hours=2))
        .filter(screening__describes_crime=True)
        .order_by("screening__top_confidence", "reported_at")
        .values_list("pk", "reported_at", "screening__groups")[:count]
    )
    queries = []
    for pk, reported_at, groups in live:
        topic = _principal(groups or ())
        asked = reported_at + (now - reported_at) * rng.uniform(0.2, 0.6)
        officer = answering[0] if rng.random() < 0.7 else rng.choice(answering)
        queries.append(
            services.raise_query(
                reviewers[0],
                pk,
                officer=officer,
                question=QUESTIONS.get(topic, QUESTIONS[""])[0],
                now=asked,
            )
        )
    return queries
