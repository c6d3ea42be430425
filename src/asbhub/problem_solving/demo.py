"""Demo problem-solving plans at every stage, good and poor, over the real data.

`generate_plans(seed=…)` replaces every plan with a seeded, realistic set: drafts, plans
waiting for review or under review, open plans with a history of monthly RAG reviews
(some due, some overdue), and finalised plans with outcome codes. Good plans fill every
OSARA part with figures, dates, owners and partners; poor ones leave the gaps a POP
officer sees in practice (an objective with no figure, a triangle with one side, actions
with no owner or date, no partner). Each plan's area is one of the busiest ASB LSOAs of its
partnership in the police.uk data loaded, with its busiest street; it links incidents and
people from the synthetic demo incidents there. The ratings come from the rubric's own
proposal, so the demo agrees with what the review page would propose.

Plans are owned by synthetic staff accounts (`demo-staff-…`, no usable password), and by
the demo officer, supervisor and POP officer when those accounts exist already.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from asbhub.core.models import CommunitySafetyPartnership, Lsoa
from asbhub.demo.generator import GENERIC_PLACES
from asbhub.incidents.choices import PartyRole
from asbhub.incidents.models import Incident, IncidentParty
from asbhub.opendata.choices import ASB_CRIME_TYPE
from asbhub.opendata.models import StreetRecord
from asbhub.problem_solving import analysis, rubric, schedule, services
from asbhub.problem_solving.choices import (
    ActionStatus,
    Agency,
    Direction,
    MeasureSource,
    PlanStatus,
    ReviewKind,
)
from asbhub.problem_solving.models import (
    OsaraPlan,
    OutcomeCode,
    PlanReview,
    ResponseAction,
    SuccessMeasure,
)

DEFAULT_PLANS = 24
POOR_ASSESSMENT = (
    "Calls seem to have gone down a bit since the patrols started and residents have not "
    "complained recently, so the plan is being closed."
)
STAFF_PREFIX = "demo-staff-"
# (stage, quality) in the order plans are made; repeated to reach the number asked for.
STAGES = (
    (PlanStatus.OPEN, "good"),
    (PlanStatus.OPEN, "poor"),
    (PlanStatus.FINALISED, "good"),
    (PlanStatus.DRAFT, "poor"),
    (PlanStatus.SUBMITTED, "good"),
    (PlanStatus.OPEN, "fair"),
    (PlanStatus.FINALISED, "fair"),
    (PlanStatus.UNDER_REVIEW, "poor"),
    (PlanStatus.DRAFT, "good"),
    (PlanStatus.OPEN, "good"),
    (PlanStatus.FINALISED, "poor"),
    (PlanStatus.SUBMITTED, "poor"),
)
STAFF = {
    "officer": (
        "PC Rhys Evans",
        "PC Ffion Morgan",
        "PCSO Gareth Price",
        "PC Aled Jenkins",
        "PCSO Carys Lewis",
        "PC Owain Hughes",
        "PC Seren Davies",
        "PCSO Tomos Rees",
    ),
    "supervisor": ("Sgt Bethan Williams", "Sgt Huw Roberts", "Insp Nia Thomas"),
    "pop_officer": ("Sgt Dylan Powell",),
}


@dataclass(frozen=True)
class Problem:
    """A kind of local problem, written as officers write them; {street} and {area} filled in."""

    title: str
    overview: str
    objective_good: str
    objective_poor: str
    statement: str
    victim: str
    offender: str
    location: str
    guardians: str
    handlers: str
    place_managers: str
    evidence: str
    measure: str
    how_measured: str
    actions: tuple[tuple[str, str, str], ...]  # description, owner, agency
    assessment: str


PROBLEMS = (
    Problem(
        "Youths gathering at the shops on {street}",
        "Groups of up to fifteen teenagers gather outside the shops on {street} most evenings, "
        "shouting, kicking balls at shutters and abusing staff and older residents.",
        "Reduce ASB reports about youths at the {street} shops by 30% by {date}, and have no "
        "shop staff reporting abuse for two months in a row.",
        "Stop the youths causing problems at the shops.",
        "Residents and shop staff in {area} report groups of 10-15 young people at the {street} "
        "parade between 6pm and 10pm, mostly Thursday to Saturday. Reports rose over the "
        "summer holidays; staff at two shops say they are abused most weeks and one elderly "
        "resident no longer uses the shops after dark.",
        "Shop staff (two named repeat callers) and older residents of the flats opposite.",
        "A core group of five or six 14-16 year olds, joined by others at weekends; two known "
        "to youth services.",
        "The parade has a covered walkway, broken lighting at the rear and no CCTV; the "
        "nearest youth provision closed last year.",
        "Shop staff and residents' association; a neighbourhood watch co-ordinator.",
        "Parents (letters sent under the ABC process), school pastoral staff, youth workers.",
        "The council (lighting, CCTV) and the landlord of the parade.",
        "police.uk and force incident data for the LSOA; a survey of six shops; three evening "
        "visits; youth service records of two of the group.",
        "ASB reports at the parade per month",
        "Counted monthly from the force's incidents in the plan's area by the beat manager.",
        (
            (
                "Repair the rear lighting and fit two CCTV cameras covering the walkway",
                "Council community safety manager",
                Agency.COUNCIL_OTHER,
            ),
            (
                "Run a Friday youth session at the community centre for twelve weeks",
                "Youth service team leader",
                Agency.YOUTH,
            ),
            (
                "Acceptable behaviour contracts with the five core young people and their parents",
                "PC beat manager",
                Agency.POLICE,
            ),
            (
                "High-visibility patrols Thursday to Saturday, 6pm to 10pm",
                "Neighbourhood team",
                Agency.POLICE,
            ),
        ),
        "Reports at the parade fell from about twelve a month to seven after the lighting, "
        "CCTV and youth sessions began; staff report less abuse. The youth sessions continue "
        "with council funding, and the parade is now handled as routine business.",
    ),
    Problem(
        "Off-road motorbikes on the open land above {area}",
        "Off-road motorbikes and quad bikes ride on the common land and footpaths above "
        "{area}, frightening walkers and damaging the land.",
        "Halve the reports of off-road bikes on the common above {area} by {date}, and seize "
        "at least five bikes used illegally.",
        "Deal with the motorbikes on the mountain.",
        "Walkers, farmers and residents of {street} report motorbikes and quads on the common "
        "and the old tramway path, mainly at weekends and on light evenings. Riders use the "
        "gap by the reservoir gate. Grazing land has been damaged and a dog walker was "
        "nearly hit in spring.",
        "Walkers, horse riders and graziers; residents whose gardens back onto the common.",
        "Local riders in their late teens and twenties, some from outside the area, using "
        "unregistered bikes.",
        "Open land with many access points, an unlocked gate and no natural surveillance.",
        "Graziers and the commoners' association; Natural Resources Wales wardens.",
        "Parents of younger riders; local motorbike dealers and a motocross club.",
        "The council's countryside team and the landowner.",
        "Incident and police.uk data; rider sightings logged by graziers; a site visit with "
        "the countryside team.",
        "Reports of off-road bikes per month",
        "Counted monthly from the force's incidents tagged vehicle nuisance in the area.",
        (
            (
                "Fit a motorbike-proof barrier at the reservoir gate",
                "Countryside officer",
                Agency.COUNCIL_OTHER,
            ),
            (
                "Weekend off-road bike operation with the rural crime team",
                "Rural crime sergeant",
                Agency.POLICE,
            ),
            (
                "Section 59 warnings and seizures of bikes ridden illegally",
                "Neighbourhood team",
                Agency.POLICE,
            ),
            (
                "Promote the motocross club's taster days to local young riders",
                "Motocross club secretary",
                Agency.VOLUNTARY,
            ),
        ),
        "Reports dropped after the barrier went in and six bikes were seized; riding moved "
        "partly to the next valley, which is now part of a wider plan.",
    ),
    Problem(
        "Street drinking in the town centre around {street}",
        "A group of street drinkers gathers on benches on {street} from late morning, with "
        "urinating, begging and arguments that shoppers and traders report.",
        "Reduce reports of street drinking on {street} by 40% by {date}, with every regular "
        "drinker offered support from substance misuse services.",
        "Reduce street drinking.",
        "Traders on {street} and shoppers report a group of six to ten adults drinking on the "
        "benches between 11am and 6pm, every day but worse on benefit days. Traders report "
        "lost custom; two shopworkers have been threatened.",
        "Traders and their staff; shoppers, including older people and families.",
        "Six to ten adults, most with alcohol dependency and insecure housing.",
        "Benches out of view of CCTV, a nearby off-licence selling high-strength cider, and "
        "a sheltered doorway.",
        "Town centre traders and the business improvement district rangers.",
        "Outreach workers and the substance misuse service.",
        "The council (benches, licensing) and the off-licence's licence holder.",
        "Incident data, a traders' survey and two outreach walkabouts.",
        "Reports of street drinking per month",
        "Counted monthly from the force's incidents and rangers' logs.",
        (
            (
                "Refer each regular drinker to the substance misuse outreach team",
                "Outreach team leader",
                Agency.HEALTH,
            ),
            (
                "Review the off-licence's licence conditions on high-strength alcohol",
                "Licensing officer",
                Agency.COUNCIL_OTHER,
            ),
            ("Move the benches into CCTV view", "Town centre manager", Agency.COUNCIL_OTHER),
            (
                "Use the Public Spaces Protection Order's alcohol condition where needed",
                "Neighbourhood team",
                Agency.POLICE,
            ),
        ),
        "Reports fell by about a third; four of the regular drinkers are now engaged with "
        "treatment and two were housed. The rest is handled by the rangers.",
    ),
    Problem(
        "Neighbour dispute and noise at the flats on {street}",
        "A long-running dispute between neighbours in a block of flats on {street} has led "
        "to repeated noise complaints, threats and damage to a car.",
        "End the repeat calls about the flats on {street}: no more than one report a month "
        "by {date}, with both households supported.",
        "Sort out the dispute at the flats.",
        "Two households in the block on {street} have called police over thirty times in six "
        "months about noise, shouting in the stairwell and threats; a car was scratched in "
        "June. Both sides say they feel unsafe; one has a vulnerable adult at home.",
        "Both households, including a vulnerable adult; other residents of the block.",
        "Adults in both households, with a history of tit-for-tat complaints.",
        "A block with thin floors, a shared stairwell and no on-site housing officer.",
        "Other residents; family members of the vulnerable adult.",
        "The housing officer and a mediation service.",
        "The housing association that owns the block.",
        "Call history, the housing association's file and home visits to both households.",
        "Calls about the block per month",
        "Counted monthly from the force's incidents at the address.",
        (
            ("Offer mediation to both households", "Mediation co-ordinator", Agency.VOLUNTARY),
            (
                "Joint visit with the housing officer; warnings under the tenancy",
                "Housing officer",
                Agency.HOUSING,
            ),
            ("Safeguarding referral for the vulnerable adult", "PC beat manager", Agency.POLICE),
            (
                "Noise monitoring equipment in the flat below",
                "Environmental health officer",
                Agency.COUNCIL_OTHER,
            ),
        ),
        "After mediation and tenancy warnings, calls fell from five a month to under one; "
        "the vulnerable adult has a support worker. The housing association leads any "
        "further action.",
    ),
    Problem(
        "Fly-tipping and litter in the lanes behind {street}",
        "Rubbish, furniture and garden waste are dumped in the back lanes behind {street}, "
        "attracting rats, and bins are set on fire.",
        "Cut fly-tipping in the lanes behind {street} by half by {date}, with no bin fires "
        "for three months.",
        "Keep the lanes clean.",
        "Residents report fly-tipping in the lanes behind {street} several times a week, "
        "with two bin fires in the autumn. The lanes are unlit and open at both ends; many "
        "houses are privately let with short tenancies.",
        "Residents of the terraces, especially those whose yards open onto the lanes.",
        "Unknown; likely residents and people paid cash to clear waste.",
        "Unlit, ungated lanes with no natural surveillance.",
        "Residents willing to report; a street champion.",
        "Landlords of the privately let houses.",
        "The council's waste enforcement team and the highways authority.",
        "Photographs, council waste team records and incident data.",
        "Fly-tipping reports per month",
        "Counted monthly from the council's waste enforcement log.",
        (
            (
                "Gate the lanes at both ends with residents' consent",
                "Highways officer",
                Agency.COUNCIL_OTHER,
            ),
            (
                "Letters to landlords about waste duties for their tenants",
                "Waste enforcement officer",
                Agency.COUNCIL_OTHER,
            ),
            (
                "Covert camera in the worst lane for six weeks",
                "Waste enforcement officer",
                Agency.COUNCIL_OTHER,
            ),
            (
                "Fire safety visits after the bin fires",
                "Fire and rescue watch manager",
                Agency.FIRE,
            ),
        ),
        "Gating stopped most tipping; the camera led to two fixed penalties. No bin fires "
        "since the gates went in.",
    ),
    Problem(
        "Fireworks and nuisance around the estate in {area}",
        "Every autumn fireworks are thrown at people, cars and houses on the estate in "
        "{area}, and at the fire service when it attends.",
        "Reduce fireworks-related ASB reports in {area} by 25% this bonfire season compared "
        "with last, by {date}.",
        "Reduce fireworks problems this year.",
        "From mid-October to early November residents of {street} and nearby roads report "
        "fireworks thrown at houses, cars and people, mostly by teenagers, 5pm to 10pm. Fire "
        "crews were attacked twice last year. Older residents and pet owners are most "
        "affected.",
        "Older residents, pet owners and fire crews.",
        "Groups of teenagers, some buying fireworks from unlicensed sellers.",
        "An estate with alleyways and garages where groups gather out of sight.",
        "Residents and the tenants' association.",
        "Schools (assemblies), parents and youth workers.",
        "The housing association (garages) and trading standards (sales).",
        "Last year's incident data by week, fire service attack reports and a schools survey.",
        "Fireworks-related reports in the season",
        "Counted from the force's incidents with the fireworks subtype.",
        (
            (
                "Trading standards test purchases at local shops",
                "Trading standards officer",
                Agency.COUNCIL_OTHER,
            ),
            ("School assemblies with the fire service", "Fire safety officer", Agency.FIRE),
            (
                "Diversionary events on the nights around 5 November",
                "Youth service manager",
                Agency.YOUTH,
            ),
            ("Dispersal direction authorised for the worst nights", "Inspector", Agency.POLICE),
        ),
        "Reports in the season fell by a fifth and no crews were attacked. Repeat next year "
        "with earlier test purchases.",
    ),
)

FEEDBACK = {
    "red": (
        "The plan is not yet a plan: the objective has no figure or date, and the analysis "
        "is missing sides of the triangle. Please add measures with a baseline and give "
        "each action an owner and a due date before the next review.",
        "Key parts are missing. Talk to your supervisor and rewrite the objective so it can "
        "be measured; add who can act on the location and offenders.",
    ),
    "amber": (
        "Good start. The scanning is clear, but the actions need owners and dates, and a "
        "partner should own at least one of them. Add the evidence behind the analysis.",
        "Most parts are there. Give the measure a baseline period and a target, and involve "
        "the council or housing provider in the response.",
    ),
    "green": (
        "A clear, specific plan with measures and owned actions, and partners involved. "
        "Keep the actions up to date and record results monthly.",
        "Well put together. The partners are engaged and the measures are realistic; keep "
        "the assessment in mind as the actions complete.",
    ),
}


@dataclass(frozen=True)
class PlansSummary:
    """What `generate_plans` made."""

    seed: int
    plans: int
    by_status: dict[str, int]
    reviews: int

    def line(self) -> str:
        """One summary line for the command and the log."""
        statuses = ", ".join(f"{n} {status}" for status, n in sorted(self.by_status.items()))
        return (
            f"Problem-solving plans (seed {self.seed}): {self.plans} plans ({statuses}) with "
            f"{self.reviews} RAG reviews."
        )


def _staff(role: str) -> list[Any]:
    """Synthetic staff for a role (no usable password), plus its demo user if present."""
    user_model = get_user_model()
    group = Group.objects.filter(name=role).first()
    users = []
    for name in STAFF[role]:
        username = STAFF_PREFIX + name.lower().replace(" ", "-")
        rank, first, last = name.split(" ", 2)
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": f"{rank} {first}", "last_name": last},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if group is not None:
            user.groups.add(group)
        users.append(user)
    demo_name = {
        "officer": "demo-officer",
        "supervisor": "demo-supervisor",
        "pop_officer": "demo-pop-officer",
    }[role]
    demo = user_model.objects.filter(username=demo_name, is_active=True).first()
    if demo is not None:
        users.insert(0, demo)
    return users


def _hot_areas(csp: CommunitySafetyPartnership, rng: random.Random) -> list[tuple[Lsoa, str]]:
    """The partnership's busiest ASB LSOAs in police.uk, each with its busiest street."""
    latest = services.latest_policeuk_month()
    records = StreetRecord.objects.filter(crime_type=ASB_CRIME_TYPE, csp=csp)
    if latest is not None:
        records = records.filter(month__gt=analysis.add_months(latest, -12))
    busiest = list(
        records.exclude(lsoa21_code="")
        .values_list("lsoa21_code")
        .annotate(n=Count("id"))
        .order_by("-n", "lsoa21_code")[:12]
    )
    lsoas = {lsoa.code: lsoa for lsoa in Lsoa.objects.filter(code__in=[c for c, _n in busiest])}
    areas = []
    for code, _n in busiest:
        if code not in lsoas:
            continue
        street = (
            records.filter(lsoa21_code=code)
            .exclude(location="")
            .values_list("location")
            .annotate(n=Count("id"))
            .order_by("-n", "location")
            .first()
        )
        name = street[0].replace("On or near ", "").strip() if street else ""
        if name and name not in GENERIC_PLACES and "/" not in name:
            areas.append((lsoas[code], name))
    if not areas:
        fallback = list(Lsoa.objects.filter(csp=csp).order_by("code")[:5])
        areas = [(lsoa, "") for lsoa in fallback]
    rng.shuffle(areas)
    return areas


def _fill(text: str, street: str, area: str, date: str) -> str:
    return text.format(street=street or area, area=area, date=date)


def _plan_dates(status: str, rng: random.Random, now: dt.datetime) -> dict[str, Any]:
    """When the plan was started, submitted, opened and finalised, and its review dates."""
    day = dt.timedelta(days=1)
    if status == PlanStatus.DRAFT:
        return {"created": now - rng.randint(1, 20) * day, "reviews": []}
    if status in (PlanStatus.SUBMITTED, PlanStatus.UNDER_REVIEW):
        submitted = now - rng.randint(1, 12) * day
        return {
            "created": submitted - rng.randint(5, 25) * day,
            "submitted": submitted,
            "reviews": [],
        }
    if status == PlanStatus.OPEN:
        months = rng.randint(1, 7)
        # The last review 5-50 days ago: some plans not due, some due, some overdue.
        last = now - rng.randint(5, 50) * day
        reviews = [last - dt.timedelta(days=30 * i + rng.randint(-3, 3)) for i in range(months)][
            ::-1
        ]
        submitted = reviews[0] - rng.randint(3, 14) * day
        return {
            "created": submitted - rng.randint(7, 30) * day,
            "submitted": submitted,
            "reviews": reviews,
        }
    months = rng.randint(3, 10)
    finalised = now - rng.randint(20, 300) * day
    reviews = [finalised - dt.timedelta(days=30 * i + rng.randint(2, 8)) for i in range(months)][
        ::-1
    ]
    submitted = reviews[0] - rng.randint(3, 14) * day
    return {
        "created": submitted - rng.randint(7, 30) * day,
        "submitted": submitted,
        "reviews": reviews,
        "finalised": finalised,
    }


def _content(
    problem: Problem, quality: str, street: str, area: str, target_date: dt.date
) -> dict[str, Any]:
    """The plan's text, full for good plans and with realistic gaps for poor ones."""
    date_text = f"{target_date.day} {target_date:%B %Y}"

    def fill(text: str) -> str:
        return _fill(text, street, area, date_text)

    good = quality == "good"
    poor = quality == "poor"
    content = {
        "title": fill(problem.title),
        "overview": fill(problem.overview),
        "objective": fill(problem.objective_poor if poor else problem.objective_good),
        "problem_statement": fill(problem.statement) if not poor else fill(problem.overview),
        "victim": problem.victim if not poor else "",
        "offender": problem.offender if not poor else "",
        "location": problem.location if not poor else "",
        "guardians": problem.guardians if good else "",
        "handlers": problem.handlers if not poor else "",
        "place_managers": problem.place_managers if not poor else "",
        "evidence": problem.evidence if good else ("Incident data." if not poor else ""),
    }
    return content


def _measures(
    problem: Problem, quality: str, baseline: float, finalised: bool, rng: random.Random
) -> list[SuccessMeasure]:
    if quality == "poor" and rng.random() < 0.5:
        return []
    target = round(baseline * 0.7, 1)
    share = {"good": (0.5, 0.68), "fair": (0.72, 0.9), "poor": (0.9, 1.05)}[quality]
    result = round(baseline * rng.uniform(*share), 1) if finalised else None
    measure = SuccessMeasure(
        name=problem.measure,
        source=MeasureSource.INCIDENTS,
        direction=Direction.DECREASE,
        baseline_value=Decimal(str(round(baseline, 1))),
        baseline_period="the six months of the scanning period" if quality != "poor" else "",
        target_value=Decimal(str(target)) if quality != "poor" else None,
        how_measured=problem.how_measured if quality == "good" else "",
        result_value=Decimal(str(result)) if result is not None else None,
    )
    measures = [measure]
    if quality == "good":
        measures.append(
            SuccessMeasure(
                name="Residents who feel safe in the area (survey, %)",
                source=MeasureSource.OTHER,
                direction=Direction.INCREASE,
                baseline_value=Decimal("48"),
                baseline_period="door-to-door survey before the plan",
                target_value=Decimal("65"),
                how_measured="The same door-to-door survey of 40 homes, repeated at assessment.",
                result_value=Decimal(str(rng.randint(66, 74))) if finalised else None,
            )
        )
    return measures


def _actions(
    problem: Problem, quality: str, start: dt.date, status: str, rng: random.Random
) -> list[ResponseAction]:
    chosen = problem.actions if quality != "poor" else problem.actions[2:]
    actions = []
    for i, (description, owner, agency) in enumerate(chosen):
        if quality == "poor":
            agency, owner = Agency.POLICE, ("" if i else owner)
        if status == PlanStatus.FINALISED:
            progress = ActionStatus.DONE if rng.random() < 0.85 else ActionStatus.CANCELLED
        elif status == PlanStatus.OPEN:
            progress = rng.choice(
                (
                    ActionStatus.DONE,
                    ActionStatus.IN_PROGRESS,
                    ActionStatus.IN_PROGRESS,
                    ActionStatus.NOT_STARTED,
                )
            )
        else:
            progress = ActionStatus.NOT_STARTED
        due = start + dt.timedelta(days=30 * (i + 1)) if quality != "poor" or i == 0 else None
        actions.append(
            ResponseAction(
                description=description, owner=owner, agency=agency, due_date=due, status=progress
            )
        )
    return actions


def _earlier(rag: str, steps: int) -> str:
    """A rating `steps` reviews before the latest: plans improve towards their rating."""
    order = ["red", "amber", "green"]
    return order[max(0, order.index(rag) - steps)]


@transaction.atomic
def generate_plans(
    seed: int, plans: int = DEFAULT_PLANS, now: dt.datetime | None = None
) -> PlansSummary:
    """Replace every problem-solving plan with a seeded demo set at every stage.

    Needs the partnerships loaded (and, for realistic areas, police.uk data and the demo
    incidents); with no partnership loaded it makes no plans. Writes one access log entry
    per plan, as the system. The same seed, data and `now` give the same plans.
    """
    now = now or timezone.now()
    rng = random.Random(seed)
    csps = list(CommunitySafetyPartnership.objects.order_by("code"))
    OsaraPlan.objects.all().delete()
    if not csps:
        return PlansSummary(seed, 0, {}, 0)
    officers, supervisors, reviewers = (
        _staff("officer"),
        _staff("supervisor"),
        _staff("pop_officer"),
    )
    outcomes = {code.code: code for code in OutcomeCode.objects.filter(active=True)}
    areas = {csp.pk: _hot_areas(csp, rng) for csp in csps}
    # Plans go where there is geography to put them on (all partnerships, in a full setup).
    csps = [csp for csp in csps if areas[csp.pk]] or csps
    latest = services.latest_policeuk_month() or analysis.add_months(
        analysis.first_of_month(now.date()), -1
    )
    scan_first, scan_last = analysis.add_months(latest, -11), analysis.add_months(latest, -6)
    response_started = analysis.add_months(latest, -5)
    hotspots = _demo_hotspots()
    counts: Counter[str] = Counter()
    review_count = 0
    for index in range(plans):
        status, quality = STAGES[index % len(STAGES)]
        csp = csps[index % len(csps)]
        problem = PROBLEMS[index % len(PROBLEMS)]
        choices = areas[csp.pk] or [(None, "")]
        lsoa, street = choices[(index // len(csps)) % len(choices)]
        area_name = lsoa.name.rsplit(" ", 1)[0] if lsoa else csp.name
        dates = _plan_dates(status, rng, now)
        target = (dates["created"] + dt.timedelta(days=rng.randint(150, 240))).date()
        owner = officers[index % len(officers)]
        plan = OsaraPlan(
            reference="",
            owner=owner,
            supervisor=supervisors[index % len(supervisors)],
            team=f"{csp.name} {rng.choice(('North', 'South', 'East', 'West', 'Central'))} NPT",
            csp=csp,
            streets=street,
            locations=f"{street}, {area_name}" if street else "",
            scan_first_month=scan_first,
            scan_last_month=scan_last,
            status=status,
            **_content(problem, quality, street, area_name, target),
        )
        plan.reference = f"PS-{dates['created'].year}-{index + 1:04d}"
        if status in (PlanStatus.OPEN, PlanStatus.FINALISED) or quality == "good":
            plan.response_started = response_started if status != PlanStatus.DRAFT else None
        if hotspots and index == 0:
            plan.hotspot = hotspots[0]
        plan.save()
        if lsoa is not None:
            plan.lsoas.set([lsoa])
            _link_incidents(plan, lsoa, rng)
        baseline = _baseline(plan)
        for measure in _measures(problem, quality, baseline, status == PlanStatus.FINALISED, rng):
            measure.plan = plan
            measure.save()
        start = (dates.get("submitted") or dates["created"]).date()
        for action in _actions(problem, quality, start, status, rng):
            action.plan = plan
            action.save()
        if status == PlanStatus.FINALISED:
            plan.assessment = problem.assessment if quality != "poor" else POOR_ASSESSMENT
        review_count += _add_reviews(plan, quality, dates, reviewers, rng)
        _finish(plan, status, quality, dates, outcomes, now)
        counts[status] += 1
    return PlansSummary(seed, plans, dict(counts), review_count)


def _demo_hotspots() -> list[Any]:
    """Target hotspots of existing patrol operations, if the hotspot demo made any."""
    from asbhub.hotspots.choices import AreaKind
    from asbhub.hotspots.models import OperationArea

    return list(OperationArea.objects.filter(kind=AreaKind.TARGET).order_by("pk")[:1])


def _link_incidents(plan: OsaraPlan, lsoa: Lsoa, rng: random.Random) -> int:
    """Link up to five demo incidents in the plan's LSOA, and up to three of their people."""
    incidents = list(
        Incident.objects.filter(lsoa21_code=lsoa.code)
        .order_by("reported_at")
        .values_list("pk", flat=True)[:40]
    )
    chosen = sorted(rng.sample(incidents, min(len(incidents), rng.randint(2, 5))))
    plan.incidents.set(chosen)
    people = list(
        IncidentParty.objects.filter(
            incident_id__in=chosen, role__in=(PartyRole.VICTIM, PartyRole.SUSPECT)
        )
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()[:3]
    )
    plan.people.set(people)
    return len(chosen)


def _baseline(plan: OsaraPlan) -> float:
    """The mean monthly incidents in the plan's area over its scanning period (or 10)."""
    data = services.scanning_data(plan)
    if data is None:
        return 10.0
    known = [c for c in data.series_for(MeasureSource.INCIDENTS).counts if c is not None]
    return round(sum(known) / len(known), 1) if known and sum(known) else 10.0


def _add_reviews(
    plan: OsaraPlan, quality: str, dates: dict[str, Any], reviewers: list[Any], rng: random.Random
) -> int:
    """A review at each review date, improving towards the rubric's proposal."""
    reviews = dates.get("reviews", [])
    if not reviews:
        return 0
    finalising = plan.status == PlanStatus.FINALISED
    proposal = rubric.propose(services.plan_facts(plan, finalising=False))
    latest = proposal.rag
    if finalising and quality == "good":
        latest = "green"
    for i, at in enumerate(reviews):
        rag = _earlier(latest, len(reviews) - 1 - i) if quality != "poor" else latest
        review = PlanReview.objects.create(
            plan=plan,
            reviewer=rng.choice(reviewers),
            kind=ReviewKind.INITIAL if i == 0 else ReviewKind.MONTHLY,
            rag=rag,
            feedback=rng.choice(FEEDBACK[rag]),
            scores=proposal.as_dict(),
            proposed_scores=proposal.as_dict(),
            proposed_rag=proposal.rag,
        )
        PlanReview.objects.filter(pk=review.pk).update(reviewed_at=at)
    plan.rag = rag
    return len(reviews)


def _finish(
    plan: OsaraPlan,
    status: str,
    quality: str,
    dates: dict[str, Any],
    outcomes: dict[str, OutcomeCode],
    now: dt.datetime,
) -> None:
    """Set the lifecycle dates, the next review and, when finalised, the outcome."""
    reviews = dates.get("reviews", [])
    fields: dict[str, Any] = {
        "created_at": dates["created"],
        "updated_at": reviews[-1] if reviews else dates["created"],
        "submitted_at": dates.get("submitted"),
        "opened_at": reviews[0] if reviews else None,
        "rag": plan.rag,
        "assessment": plan.assessment,
    }
    if status in (PlanStatus.SUBMITTED, PlanStatus.UNDER_REVIEW):
        fields["next_review_due"] = schedule.next_review_due(dates["submitted"].date(), None)
    elif status == PlanStatus.OPEN:
        fields["next_review_due"] = schedule.next_review_due(None, reviews[-1].date())
    elif status == PlanStatus.FINALISED:
        code = {"good": "resolved", "fair": "reduced", "poor": "no_improvement"}[quality]
        fields.update(
            finalised_at=dates["finalised"],
            outcome=outcomes.get(code) or next(iter(outcomes.values()), None),
            outcome_note="" if quality != "poor" else "Little changed; to be looked at again.",
        )
    OsaraPlan.objects.filter(pk=plan.pk).update(**fields)
