"""Synthetic ASB narratives written the way call handlers and callers write them.

Pure: plain values in, `(text, labels)` out, all randomness from the `random.Random` passed
in. Each narrative describes one ASB incident of a given subtype. A share of narratives
plant crimes: `labels` holds the offence groups (`OFFENCE_GROUPS`) that a careful crime data
integrity reviewer would find in the text. Other narratives carry *hard negatives*: negation
("nobody was hurt"), lookalike words ("smashing it at football", "killing time"), real street
names ("Heol Spitfire", "Burnt Barn Road") and mentions of past, already reported matters.
They carry no label.

Labelling conventions (synthetic, for measuring a screener; not legal advice):

- public_order: abusive or threatening words or behaviour aimed at a person who is
  frightened, alarmed or distressed, or a threat of violence. Rowdiness not aimed at anyone
  and mere rudeness carry no label.
- harassment: a course of conduct targeting the same person (repeated, deliberate).
- malicious_communications: threatening or grossly offensive messages; a one-off rude comment
  carries no label.
- drugs: evidence of possession, use or supply seen; a smell of cannabis or busy visitors
  alone carry no label.
- hate_aggravated: always planted with the offence it aggravates.
- other_crime: notifiable offences outside the other groups (a dog bite, a criminal behaviour
  order breach, selling counterfeit goods).

Templates use a small grammar: `[a|b|c]` picks one alternative (an empty one makes the part
optional; alternatives nest) and `{slot}` fills in a value chosen per narrative (the caller's
voice, the suspect, the street, ...). Together with register, abbreviations, typos and
casing this gives a very large space of distinct texts.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from asbhub.core.offences import OFFENCE_GROUPS

# --------------------------------------------------------------------------------------
# The template grammar
# --------------------------------------------------------------------------------------

_Node = str | tuple


def _parse_sequence(text: str, index: int, top: bool) -> tuple[tuple[_Node, ...], int]:
    parts: list[_Node] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            parts.append("".join(buffer))
            buffer.clear()

    while index < len(text):
        char = text[index]
        if char == "[":
            flush()
            alternatives: list[tuple[_Node, ...]] = []
            index += 1
            while True:
                sequence, index = _parse_sequence(text, index, top=False)
                alternatives.append(sequence)
                if index >= len(text):
                    raise ValueError(f"Unclosed '[' in template: {text!r}")
                if text[index] == "|":
                    index += 1
                    continue
                index += 1  # the closing "]"
                break
            parts.append(("choice", tuple(alternatives)))
            continue
        if not top and char in "|]":
            break
        if char == "{":
            flush()
            end = text.index("}", index)
            parts.append(("slot", text[index + 1 : end]))
            index = end + 1
            continue
        buffer.append(char)
        index += 1
    flush()
    return tuple(parts), index


@cache
def _parse(template: str) -> tuple[_Node, ...]:
    """Parse a template once; the tree is reused for every narrative."""
    nodes, _ = _parse_sequence(template, 0, top=True)
    return nodes


SlotValue = str | Sequence[str] | Callable[[random.Random], str]


def _render_nodes(
    nodes: tuple[_Node, ...], rng: random.Random, slots: Mapping[str, SlotValue], out: list[str]
) -> None:
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node[0] == "choice":
            _render_nodes(rng.choice(node[1]), rng, slots, out)
        else:
            value = slots[node[1]]
            if callable(value):
                value = value(rng)
            elif not isinstance(value, str):
                value = rng.choice(value)
            _render_nodes(_parse(value), rng, slots, out)


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:!?])")
_DOUBLE_COMMA = re.compile(r",\s*,")


def render(template: str, rng: random.Random, slots: Mapping[str, SlotValue]) -> str:
    """Expand one template with the given slots, tidying spaces left by empty choices."""
    out: list[str] = []
    _render_nodes(_parse(template), rng, slots, out)
    text = "".join(out)
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _DOUBLE_COMMA.sub(",", text)
    return text.strip(" ,")


# --------------------------------------------------------------------------------------
# What happened, by subtype (no crime in any of these)
# --------------------------------------------------------------------------------------

BASE: dict[str, tuple[str, ...]] = {
    "noise": (
        "[loud|very loud|really loud|extremely loud] [music|music and shouting|bass|dance music|"
        "music and singing] [coming from|from|at] {house_ref} {when}",
        "[there is a|there's a|ongoing|another] [party|house party|gathering] at {house_ref} "
        "[with|w/] [music blaring|people shouting in the garden|doors banging|a DJ set up] {when}",
        "{S} [can hear|{be} being kept awake by|{be} sick of] [banging|shouting|screaming and "
        "laughing|drilling|thumping music|furniture being dragged] [from|coming from] "
        "[next door|upstairs|the flat above|the flat below|the house behind] {when}",
        "[a car stereo|music from a parked car|a sound system in a car] [blaring|booming|on full "
        "blast] [in|on] {loc} {when}",
        "[shouting|arguing|screaming] in the street [from|by] [a couple|2 males|a group of "
        "adults|people leaving the pub|people walking home] {when}",
        "[the noise|the music|the party] [has been going on|started] [since|from] [8pm|about 9|"
        "half 10|midnight|lunchtime|teatime] and [is still going|hasn't stopped|is getting "
        "louder|shows no sign of stopping]",
        "[people|ppl|guests] in the garden [of|at] {house_ref} [singing|shouting|playing music|"
        "laughing] [at {late}|past midnight|into the early hours|till all hours]",
        "[doors|bins] being slammed and [shouting|swearing|loud talking] on the [landing|stairs|"
        "communal stairs] [at all hours|every night|most nights]",
        "[karaoke|a sound system|speakers] [set up|going] [outside|in the garden at] {house_ref} "
        "{when}",
        "[a|the] [dog|alarm|car alarm|house alarm] [going off|sounding|ringing] [at|on] "
        "{house_ref} [for hours|since this morning|on and off all night]",
    ),
    "rowdy_behaviour": (
        "[a group of|approx {n}|{n}|a load of|some] [adults|males|people|lads|men and women] "
        "[being rowdy|shouting and swearing|messing about|being loud] [outside|near|by|on] "
        "{loc} {when}",
        "[drunk|drunken|intoxicated|worse for wear] [males|people|group|lads] [shouting|singing|"
        "swearing loudly|chanting] [outside|near|by] {loc} {when}",
        "[people|a group|punters] [coming out of|leaving] the [pub|club|takeaway|social club] "
        "[being loud|shouting|causing a nuisance] [and|,] [urinating in doorways|leaving "
        "rubbish|blocking the pavement|sitting on walls]",
        "[a male|a female|a man|a woman] [wandering|walking] [up and down|around] {street} "
        "[shouting|swearing|ranting] [at no one in particular|to himself|to herself|at the sky]",
        "[kids|a group|lads] [playing|kicking] [football|a ball] [against|at] [the garages|the "
        "wall|the fence] [for hours|all evening|every night]",
        "[someone|kids|people] [knocking on doors|ringing doorbells] and running off [on "
        "{street}|in the block|down the terrace]",
        "[a group|{n} adults|people] [having a barbecue|drinking|having a party] [on the green|in "
        "the park|in the lane] [and being|being] [loud|rowdy|a nuisance] [until late|]",
        "[customers|a group|some lads] [refusing to leave|hanging about] [the takeaway|the shop|"
        "the chippy] [after closing|when asked to go] [and being loud|]",
        "[people|a couple] [arguing loudly|having a row] [in the street|outside the pub|in the "
        "car park] [, no one else involved|]",
    ),
    "youths_gathering": (
        "{G} [hanging around|congregating|gathering|loitering|hanging about] [outside|by|near|"
        "at] {loc} {when}",
        "{G} [on bikes|on scooters|on e-scooters|on bmx's] [riding round|circling|racing round] "
        "[the estate|{street}|the car park|the precinct] [and|,] [shouting|being a nuisance|"
        "getting in the way of cars|pulling wheelies in front of cars]",
        "{G} [in the bus shelter|on the steps of the church|outside the chippy|at the park|on "
        "the swings] [being loud|swearing|playing music off a speaker|smoking|vaping]",
        "[youths|kids|yths|teenagers] [climbing on|on the roof of|up on] [the garages|the "
        "community centre|the school|the shop roof|the bus shelter]",
        "[kids|yths|youths] [throwing|chucking] [stones|gravel|sticks] [into the river|at each "
        "other|into the pond]",
        "[youths|kids|the same group] [being cheeky|giving lip|mouthing off] to [shop staff|"
        "passers by|residents|the PCSO] [when asked to move on|]",
        "[the same group|the usual group|the usual lot|them again] [are back|are out again] "
        "[outside|by] {loc}",
        "{G} [sitting on|blocking] [the path|the steps|the entrance to the shop] [so people "
        "have to walk round them|and won't move|]",
        "[kids|youths|yths] [shouting and screaming|being loud|running around] [in the lane|by "
        "the garages|on the field] [late at night|after 11|till gone midnight]",
    ),
    "vehicle_nuisance": (
        "[off road|off-road|scrambler|crosser|pit] [bikes|bike] [being ridden|riding|tearing "
        "around|going up and down] [on|around|across] [the field|the mountain|the park|the cycle "
        "path|{street}|the common] {when}",
        "[cars|a group of cars|boy racers|a car] [racing|doing doughnuts|revving engines|wheel "
        "spinning|doing burnouts] [in|on|around] {loc} {when}",
        "[a|the] {colour} {make} [parked|has been parked|keeps parking] [across|over] [{P} "
        "drive|the dropped kerb|the pavement|the entrance to the lane] [again|for hours|all day]",
        "[moped|scooter|e-scooter] [being ridden|riding] [on the pavement|without lights|with no "
        "helmet|at speed] [up and down|around] {street}",
        "[a vehicle|a car|a {colour} {make}] [playing loud music|with a loud exhaust|with a "
        "popping exhaust] [driving round|circling] {loc} [repeatedly|over and over|for an hour]",
        "[quad bike|quad|quads] [being driven|going] [on|around] the [playing field|pitches|"
        "grass|mountain] [making a racket|with kids on the back|at speed]",
        "[people|a group] [sitting in|parked up in] [cars|a car|vans] [in the layby|in the car "
        "park|at the top of {street}] [with the engines running|revving|with music on] [for "
        "hours|late at night|until 2am]",
        "[car|cars] [driving|being driven] [too fast|at silly speeds|like a lunatic] [down|along] "
        "{street} [, kids play there|, nearly hit a cat|]",
    ),
    "street_drinking": (
        "[{n}|a group of|a few|two|2] [males|adults|people|street drinkers|men] [drinking|"
        "drinking cans|drinking cider|with cans|with bottles of cider] [on the bench|outside|by|"
        "near] {loc} {when}",
        "[drinkers|the street drinkers|the usual drinkers] [are back|have been] [at|by|outside] "
        "[the war memorial|the church|the bus station|the precinct|the shops] [again|all day] "
        "[and|,] [shouting|swearing|leaving cans everywhere|urinating in the lane]",
        "[male|a man|a woman|female] [drunk|very drunk|heavily intoxicated|worse for wear] [on "
        "the bench|slumped|sitting] [outside|by|near] {loc} [singing|swearing to himself|asleep|"
        "unsteady on feet]",
        "[people|a group|males] drinking in the [alcohol free zone|PSPO area|play area] [again|"
        "despite the signs|every afternoon]",
        "[empty cans|bottles|cider bottles] [and|,] [people drinking|drinkers] [by|around] "
        "[the benches|the memorial|the underpass] [from|since] [first thing|10am|lunchtime]",
    ),
    "drug_nuisance": (
        "[strong|overpowering|constant] smell of [cannabis|weed|skunk] [coming from|from] "
        "[next door|the flat below|{house_ref}|a car parked outside|the flat opposite] {when}",
        "[lots of|a lot of|constant] [people|cars|visitors|taxis] [coming and going|calling at|"
        "pulling up outside] {house_ref} [at all hours|for short visits|every few minutes]",
        "[needles|syringes|foil|small bags|nitrous oxide canisters|laughing gas canisters] "
        "[found|left] [in|on] [the lane|the park|the stairwell|the bus shelter]",
        "[youths|people|a group] [in|at] [the lane|the park|the bus shelter] [and|,] smell of "
        "[weed|cannabis] [around them|in the air|everywhere]",
        "[cars|a car|a {colour} {make}] [pulling up|stopping] [for a few minutes|briefly] [in|at] "
        "{loc} [then driving off|and someone gets in and out] [, {S} think{s} something's going "
        "on|, looks dodgy|]",
    ),
    "begging": (
        "[male|female|a man|a woman] [begging|asking for money|asking people for change|sat "
        "with a cup] [outside|by|near] [the cash machine|the supermarket|the station|the shop|"
        "{loc}]",
        "[rough sleeper|someone sleeping rough|a tent|a male sleeping] [in|in the doorway of|by] "
        "[the old bank|the church|the bus station|the underpass]",
        "[male|man|a lad] [approaching|going up to] [customers|people|shoppers] [asking for money"
        "|for change|for a fag] [, not aggressive|, polite enough|, persistent|]",
        "[same male|the same man|a woman] [begging|asking for money] [at the cash point|at the "
        "lights|between cars at the junction] [again|all day]",
    ),
    "fireworks": (
        "[fireworks|bangers|rockets] being [let off|set off|fired] [in the street|on the field|"
        "in the lane|from the park|outside] {when}",
        "[kids|youths|a group|{G}] [letting off|setting off] [fireworks|bangers|rockets] [late at"
        " night|after 11pm|past midnight|all evening]",
        "[loud bangs|big bangs] [from fireworks|like fireworks] [going off|every few minutes] "
        "[near|around] {loc}, [dogs|{P} dog|the kids] [terrified|petrified|upset]",
        "[fireworks|rockets] [going off|launched] [near|close to] [houses|parked cars|the flats] "
        "[on|by] {street}",
        "[a|the] [display|fireworks] [in a garden|at {house_ref}] [going on|still going] [at "
        "{late}|past 11]",
    ),
    "animal_problems": (
        "[dog|dogs] [barking|howling] [constantly|all day|non stop] [at|from] [{house_ref}|next "
        "door|the house behind] [while the owners are out|]",
        "[a dog|a large dog|dogs] [running loose|off lead|roaming] [on|around] [the estate|the "
        "field|{street}] [jumping up at people|chasing kids|no owner in sight]",
        "[horses|ponies] [tethered|loose] [on the verge|on the field|in the road] [by|near] {loc}",
        "[dog mess|dog fouling] [all over|left on] [the pavement|the field|the path] [from|by] "
        "[the dog at {house_ref}|dog walkers]",
        "[cockerels|chickens|geese] [kept|in the garden] at {house_ref} [making noise|crowing] "
        "[from 4am|all day]",
    ),
    "trespass": (
        "[people|youths|kids] [on|in] [the old school site|the derelict building|the railway "
        "line|the building site|the empty pub|the garages] [again|{when}]",
        "[someone|a male|people] [in|climbing into] [the gardens|{P} garden|the back lane "
        "gardens] [cutting through|hopping fences|taking a short cut]",
        "[youths|kids] [getting onto|on] [the roof of the leisure centre|the school roof|the "
        "garage roofs|the old factory]",
        "[travellers|a group with caravans|vans] [pulled onto|set up on] [the field|the car "
        "park|the industrial estate] [last night|this morning]",
        "[someone|a man|kids] [going through|looking in] [the bins|the sheds|the gardens] "
        "[on|behind] [{street}|the terrace] [at night|late on|]",
        "[youths|kids|people] [climbing|jumping] [over|the] [fence|wall|gate] [into|of] [the "
        "school|the allotments|the bowls club|the pub garden] [after dark|again|{when}]",
    ),
    "littering": (
        "[rubbish|litter|takeaway boxes|cans and bottles] [left|dumped|thrown] [all over|on] "
        "[the green|the park|{street}|the car park] [after|by] [the group|people drinking|"
        "youths] [again|last night]",
        "[needles|used needles|drug paraphernalia|a syringe] found [in|on] [the play area|the "
        "lane|the path by the school]",
        "[neighbour|someone|{house_ref}] [leaving|putting out] [bin bags|rubbish] [on the "
        "pavement|out] [days before collection|all week], [foxes|gulls|rats] [getting into "
        "them|ripping them open]",
        "[nitrous oxide|laughing gas] canisters [all over|left in] [the car park|the layby|the "
        "lane] [again|every weekend]",
    ),
    "fly_tipping": (
        "[a mattress|a sofa|a fridge|builders rubble|bags of rubbish|an old carpet] [dumped|fly "
        "tipped|left] [in|on|at] [the lane|the back lane|the layby|the mountain road|the "
        "entrance to the field|{street}]",
        "[a van|a white van|a transit] [seen|spotted] [dumping|tipping|unloading] [rubbish|garden"
        " waste|rubble] [in|at] [the layby|the lane] [, partial reg|, didn't get the reg|]",
        "[more|another load of] [rubbish|fly tipping] [in|at] [the same spot|the lane] [as last "
        "week|again]",
    ),
    "abandoned_vehicle": (
        "[a|the] {colour} {make} [parked|left|abandoned] [on|in] {street} [for weeks|for about a "
        "month|since {month}] [, not moved|, flat tyres|, no tax|, covered in leaves]",
        "[untaxed|SORN|an untaxed] [car|van] [left|dumped] [in|on] [the car park|the lane|the "
        "street] [, not moved in weeks|, windows open|]",
        "[a|the] [caravan|trailer|van] [left|parked] [on the verge|in the layby] [for months|"
        "since the summer]",
    ),
    "neighbour_dispute": (
        "[ongoing|long running|continuing] [dispute|issues|problems] [with|between {O} and] "
        "[the neighbour|the neighbours|next door|the family at {house_ref}] [over|about|"
        "regarding] [parking|the boundary fence|a hedge|bins|noise|the kids|a tree|the shared "
        "drive]",
        "[words were exchanged|there was an argument|a row|a disagreement] [over|about] [the "
        "fence|parking|the bins|the kids|the hedge] [and|,] [{S} {be} upset|it got heated|both "
        "were shouting at each other]",
        "{X} [complained|moaned] [about|to {O} about] [{P} kids being noisy|{P} dog barking|"
        "{P} parking|{P} bins]",
        "{S} asked the neighbour to [turn the music down|move {Xp} car|cut the hedge|keep the "
        "dog in] and [{Xs} was rude|{S} got a mouthful|was told to mind {P} own business]",
        "[neighbour|{X}] [parks|keeps parking] [in front of|across] {P} [drive|house|space] "
        "[and won't move|, a long running thing]",
        "[the neighbour|{X}] [has put up|put up] [a camera|CCTV] [pointing at|facing] {P} "
        "[garden|house] [, {S} {be} not happy|, feels like they're spying]",
        "[disagreement|falling out] [over|about] [the shared path|a parking space|the fence "
        "panel|leylandii] [has been going on|going on] [for a while|since last year]",
    ),
    "targeted_abuse": (
        "{G} [shouting|making comments|being rude|mouthing off] at {O} [when {S} walk{s} past|"
        "when {S} go{es} to the shop|from across the road]",
        "[kids|yths|youths] [knocked on|banged on] {P} [door|window] and ran off [tonight|"
        "earlier|]",
        "{X} [gave {O} dirty looks|made a comment about {P} [weight|hair|car]|laughed at {O}] "
        "[in the street|outside the shop|at the school gates]",
        "[someone|kids] [threw|chucked] [eggs|flour] at {P} [house|windows|door] [last night|"
        "earlier] [, cleaned off fine|]",
        "[youths|kids] [calling|shouting] [names|things] [at|after] {O} [in the street|on the way"
        " home] [, {S} {be} upset|]",
        "[a neighbour|{X}|a woman from the estate] [keeps|has been] [making remarks|passing "
        "comments|tutting and staring] [at|about] {O} [in the shop|at the bus stop|in the street] "
        "[, {S} find{s} it upsetting|]",
        "[kids|youths|a group] [walked behind|trailed after] {O} [laughing|giggling|making "
        "noises] [to the shop|home|along {street}] [but|and] [nothing else happened|then went off]",
    ),
    "nuisance_communications": (
        "{S} [received|{have} had] [a|some] [silent|withheld number|nuisance|prank] [calls|call] "
        "[late at night|this evening|today]",
        "[someone|a person] [commented on|left a comment on] {P} [facebook post|post on the "
        "community page] [calling {O} a busybody|being rude|being sarcastic] [, {S} want{s} it "
        "logged|]",
        "[an anonymous|a fake|an] [account|profile] [posting|has posted] [gossip about|about] "
        "[the street|people on the estate|{P} family] on [facebook|tiktok|a local group]",
        "[{P} ex's new partner|a former friend|someone from school] [sent {O} a message|messaged "
        "{O}] [saying {S} {be} pathetic|calling {O} names|being rude]",
    ),
    "vulnerable_targeted": (
        "{P} [neighbour|mum|dad|nan|grandad|uncle] [who has dementia|who has learning "
        "difficulties|who is disabled|who lives alone] [is being|has been] [bothered|pestered|"
        "taken advantage of] by [local youths|a male who keeps calling round|people from the "
        "estate]",
        "[a male|males|a group] [keep calling at|hanging around] [the flat|the house] [of|"
        "belonging to] [a vulnerable adult|{P} brother who has autism|the elderly lady at "
        "{house_ref}] [asking for money|asking to use the flat|wanting to come in]",
        "[kids|yths] [keep picking on|pick on] [the man with learning difficulties|the disabled "
        "lady|{O}] [at the bus stop|on the estate|in the park] [, laughing and pointing|]",
        "[people|a male and female] [have been|keep] [staying at|turning up at] [the flat|{P} "
        "flat] [and won't leave|uninvited] [, {S} {be} scared of them|]",
    ),
}

# Short log-style entries for the terse register.
TERSE: dict[str, tuple[str, ...]] = {
    "noise": ("[loud music|noise|party] [at|from] {house_ref} [again|{when}]",),
    "rowdy_behaviour": ("[rowdy|drunken] [group|males] [on|by] {loc}",),
    "youths_gathering": ("{G} [causing annoyance|on] [on|at] {loc} [again|]",),
    "vehicle_nuisance": ("[off road bikes|scramblers|car racing|boy racers] [on|at] {loc}",),
    "street_drinking": ("[street drinkers|drinkers] [at|by] {loc} [again|]",),
    "drug_nuisance": ("[smell of cannabis|cannabis smell] [from|at] {house_ref}",),
    "begging": ("[male|female] begging [by|outside] {loc}",),
    "fireworks": ("[fireworks|bangers] [on|at] {loc} [again|{when}]",),
    "animal_problems": ("[dog barking|dog loose] [at|on] {street}",),
    "trespass": ("[kids|youths] on [the old school site|the railway|roofs] [again|]",),
    "littering": ("[litter|rubbish|cans] left [on|at] {loc}",),
    "fly_tipping": ("[fly tipping|rubbish dumped] [in|on] [the lane|{street}]",),
    "abandoned_vehicle": ("[abandoned|untaxed] {make} [on|in] {street}",),
    "neighbour_dispute": ("[neighbour dispute|ongoing nbr dispute] [re|over] [parking|fence]",),
    "targeted_abuse": ("[yths|kids] [knock and run|being rude to IP] [at|on] {street}",),
    "nuisance_communications": ("[silent calls|nuisance calls] [to IP|overnight]",),
    "vulnerable_targeted": ("[vulnerable male|elderly female] [pestered|bothered] by [yths|men]",),
}

# --------------------------------------------------------------------------------------
# Crimes, each with the offence groups it plants
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plant:
    """A template that describes one or more offences, with their offence groups."""

    template: str
    labels: frozenset[str]


def _plants(labels: str, *templates: str) -> tuple[Plant, ...]:
    groups = frozenset(labels.split())
    unknown = groups - set(OFFENCE_GROUPS)
    if unknown:
        raise ValueError(f"Unknown offence groups: {sorted(unknown)}")
    return tuple(Plant(template, groups) for template in templates)


PLANTS: dict[str, tuple[Plant, ...]] = {
    "public_order": _plants(
        "public_order",
        "{X} [was|started|kept] [shouting|screaming|swearing] [abuse at {O}|in {P} face] "
        "[, calling {O} a [slag|grass|f***ing idiot|c**t|nonce]|] [and|,] {S} [felt|was left "
        "feeling|{was}] [scared|intimidated|frightened|alarmed|really shaken]",
        "{X} [squared up to {O}|got right in {P} face|came at {O}|went up to {O}] "
        "[in the street|on the doorstep|by the car] [and|,] "
        "[threatened to|said {Xs}'d|told {O} {Xs} was going to] "
        "[batter|smash|do|deck|sort out] {O} [, {S} {be} terrified|, {S} {was} shaking|]",
        "{G} [surrounded|circled|blocked] {O} [on the path|at the bus stop|outside the shop] "
        "[swearing at {O}|shouting abuse|threatening {O}] [and|,] {S} [{was}|felt] [frightened|"
        "really scared|intimidated|in fear]",
        "[kids|youths|the group|the lads] [threatened to|said they'd|told {O} they would] "
        "[jump|batter|smash|get] {O} [if {S} reported them|if {S} told the police|next time] "
        "[, {S} {be} now scared to go out|, {S} {be} frightened|]",
        "{X} [stood|was standing] [outside|at] {P} [door|window|gate] [screaming|shouting "
        "obscenities|making throat cutting gestures] [at|towards] {O} [, {S} {was} alarmed and "
        "distressed|, {S} {was} really frightened|]",
    ),
    "harassment": _plants(
        "harassment",
        "[{X}|the neighbour|the same male] [has been|keeps] [sending {O} messages|knocking {P} "
        "door|shouting at {O} over the fence|banging on the wall] [every day|daily|constantly|"
        "several times a week] [for weeks|since {month}|for the past month] [to wind {O} up|to "
        "intimidate {O}|deliberately], {S} feel{s} [targeted|harassed|picked on]",
        "[this is|it's] the {ordinal} time [this week|this month|in a fortnight] [that|] [{X}|"
        "they] [have|has] [targeted|come after|picked on] {O} [- {S} {have} had enough|]",
        "[ongoing|continual|a campaign of] [harassment|abuse|intimidation] [from|by] [the "
        "neighbour|{X}|the family at {house_ref}] [for|over] [months|weeks|the last year]",
        "[every time|whenever] {S} [leave{s} the house|go{es} out] [{X}|the neighbour] "
        "[comes out and shouts at {O}|is waiting to make comments|films {O}|follows {O} to the "
        "car], [it has been like this|been like this] for [weeks|months]",
    ),
    "stalking": _plants(
        "stalking",
        "[{X}|{P} ex|a former partner|the male] [keeps|has been] [turning up|appearing] [at {P} "
        "work|outside {P} house|at the school gates] [and|,] [watching {O}|sitting in {Xp} car "
        "watching the house|following {O}] [, this has been going on for [weeks|months]|, {S} "
        "{be} terrified]",
        "{X} [followed|has followed] {O} [home|from the bus stop|from work] [again|several times"
        " this week|3 times now] and [sends|has sent] {O} messages [saying where {S} {have} "
        "been|describing what {S} {was} wearing]",
        "{S} [believe{s}|know{s}] [{X}|{P} ex] [has been|is] [tracking|monitoring] {O} [- {Xs} "
        "knew where {S} {was}|, {Xs} turns up wherever {S} go{es}|with an airtag on {P} car]",
    ),
    "malicious_communications": _plants(
        "malicious_communications",
        "{X} [sent|has sent] {O} [a threatening|an abusive|a disgusting|a grossly offensive] "
        "[message|text|voice note|DM] [on facebook|on snapchat|on whatsapp|by text] [saying|"
        "telling {O}] [{S} would get what's coming|to watch {P} back|{S}'ll regret it|vile "
        "things about {P} kids]",
        "[someone|{X}|a fake account] [posted|put up] [{P} address|{P} photo] [on facebook|on "
        "a local group|on tiktok] [calling {O} a [grass|paedo|nonce]|saying {S} {be} a grass] "
        "[, now people are messaging {O} threats|]",
        "[abusive|threatening|obscene] [messages|voicemails|texts] [left|sent] [on|to] {P} "
        "phone [from a withheld number|from {X}] [overnight|last night]",
    ),
    "criminal_damage": _plants(
        "criminal_damage",
        "[{X}|someone|one of them] [smashed|cracked|put a [brick|stone] through] {P} "
        "[front|bedroom|kitchen|living room] window",
        "[someone|{X}|the youths] [keyed|scratched] {P} car [down the side|all along the "
        "driver's side|on the bonnet]",
        "[they|{G}|someone] [kicked in|snapped|broke] {P} [fence panels|gate|wing mirror|"
        "garden ornaments|front door]",
        "[{P} tyres|all 4 tyres|2 tyres on {P} car] [were|have been] [slashed|punctured]",
        "[graffiti|tags] [sprayed|painted] on [{P} wall|the bus shelter|the community centre|the "
        "garages] [by the youths|last night|]",
        "[the youths|{G}|they] [smashed|broke|kicked in] [the bus shelter glass|the street "
        "light|the playground equipment|the shop window]",
        "{X} [threw|chucked] [paint|bleach] [over|on] {P} [car|front door|plants]",
    ),
    "arson": _plants(
        "arson",
        "[someone|{G}|they] [set fire to|set light to|torched] [{P} wheelie bin|the bins behind "
        "the shops|a car on the field|the bench in the park|a moped|the shed at {house_ref}]",
        "[lit paper|something burning|a lit rag] [pushed|put] through {P} letterbox [, {S} put "
        "it out|, scorched the mat|]",
        "[youths|{G}] [started|lit] a fire [in|on] [the woods|the mountain|the old garage|the "
        "field] [and|,] fire service [attended|called]",
    ),
    "assault": _plants(
        "assault",
        "{X} [punched|hit|slapped|headbutted|kicked|pushed] {O} [in the face|in the chest|to the "
        "ground|over|in the back] [, {S} {have} a [cut lip|bruise|sore jaw]|]",
        "{X} [grabbed|took hold of] {O} [by the arm|by the throat|by the hair|by {P} coat] [and "
        "pushed {O} against the wall|and shoved {O}|]",
        "{X} [spat at|spat in the face of|spat on] {O}",
        "[one of the youths|{X}|a lad] [threw|chucked] a [bottle|stone|can] at {O} [hitting "
        "{O} on the head|and it hit {O} on the arm|]",
        "{X} [ran at|went for] {O} and [knocked {O} over|pushed {O} to the ground]",
    ),
    "threats_to_kill": _plants(
        "threats_to_kill",
        "{X} [said|told {O}|shouted] [{Xs}'d|{Xs}'s going to|{Xs} will] [kill|f***ing kill] "
        "{O} [and {P} family|and {P} kids|] [, {S} believe{s} {Xs} means it|, {S} {be} terrified|]",
        "'[I'll|I will|im gonna] kill you' [shouted|said|screamed] [at {O}|] by {X} [over the "
        "fence|in the street|on the doorstep|down the phone]",
        "{X} [threatened to|said {Xs} would] [kill|murder] {O} [if {S} call{s} the police again|"
        "next time {Xs} sees {O}]",
    ),
    "hate_aggravated": (
        *_plants(
            "public_order hate_aggravated",
            "{X} [shouted|was shouting] [racist abuse|racial slurs|racist comments] at {O} [, "
            "telling {O} to [go back to {P} own country|get out of Wales]|] [, {S} {was} "
            "frightened|, {S} felt threatened|]",
            "[homophobic|transphobic] [abuse|comments|slurs] [shouted|yelled] at {O} [and {P} "
            "partner|] [in the street|from a car] [, {S} {be} really upset|, {S} felt scared]",
        ),
        *_plants(
            "criminal_damage hate_aggravated",
            "[a racist|a homophobic|an anti-Muslim] [word|slogan|symbol] [sprayed|painted|"
            "scratched] [on|into] {P} [door|car|fence]",
        ),
        *_plants(
            "assault hate_aggravated",
            "{X} [pushed|hit|spat at] {O} [while|after] [shouting comments about {P} religion|"
            "making racist remarks|pulling at {P} headscarf]",
        ),
        *_plants(
            "harassment hate_aggravated",
            "[they|the neighbours|{X}] [keep making|have been making] [comments|remarks] about "
            "{P} [race|religion|disability|sexuality] [every time {S} go{es} out|for months], "
            "{S} feel{s} targeted",
        ),
    ),
    "theft": _plants(
        "theft",
        "[someone|{X}|the youths] [took|stole|nicked] [{P} parcel|{P} bike|plant pots|a bike] "
        "from [{P} doorstep|the front garden|outside the house]",
        "[the group|they|{G}] [stole|nicked|took] [cans|alcohol|booze|bottles of vodka|sweets] "
        "from the [shop|Co-op|garage] [and ran off|without paying|]",
        "[{P} purse|{P} phone|{P} wallet] [was taken|was stolen] [from {P} bag|from the table] "
        "[while {S} {was} talking to {X}|]",
        "[someone|{X}] [siphoned fuel from|took the number plates off|took the catalytic "
        "converter off] {P} [car|van]",
    ),
    "burglary": _plants(
        "burglary",
        "[someone|{G}|they] [broke into|got into|forced] {P} [shed|garage|outbuilding] [and "
        "took|stealing] [tools|a bike|the lawnmower|a strimmer]",
        "[youths|someone] [got into|broke into] the [community centre|sports club|school] and "
        "[took|stole] [the tuck shop money|a TV|laptops]",
        "[{P} back door|the kitchen window] [was forced|had been jemmied] and [someone had been "
        "inside|items were taken|{P} laptop was gone]",
        "[someone|a male] [tried to force|was trying to jemmy] {P} [back door|front door|patio "
        "door] [, marks on the frame|and ran off when the light came on]",
    ),
    "robbery": _plants(
        "robbery",
        "{X} [grabbed|snatched] {P} [bag|phone|handbag] [and|,] [pushed {O} to the ground|"
        "knocked {O} over|dragged {O} along]",
        "[a group of|{n}] [youths|lads] [surrounded|cornered] {P} [son|daughter|grandson] and "
        "[forced them to hand over|made them hand over|threatened them into handing over] "
        "their [phone|bike|vape|trainers]",
        "{X} [demanded|asked for] [money|{P} wallet] [and|,] [threatened to batter {O}|punched "
        "{O}] [when {S} refused|] [and took|then took] [it|{P} wallet]",
    ),
    "weapons": (
        *_plants(
            "weapons",
            "[one of them|{X}|the male] [had|was carrying] a [knife|machete|large knife|blade|"
            "zombie knife] [tucked in {Xp} waistband|in {Xp} pocket|in {Xp} bag|on {Xo}]",
            "[a|one] [lad|youth] [showed|flashed] a knife to [other kids|{P} son|his mates] [in "
            "the park|outside school]",
        ),
        *_plants(
            "weapons public_order",
            "[{X}|the male] [came out|appeared] [with|w/] a [machete|knife|metal bar|hammer] "
            "[and|,] [waved it at {O}|started waving it at {O}] [, {S} {was} terrified|]",
        ),
    ),
    "drugs": _plants(
        "drugs",
        "[{X}|the male at {house_ref}|youths] [seen|were seen|openly] [dealing|selling weed|"
        "selling drugs|handing over small bags for cash] [from|out of|in] [a car|the flat|the "
        "bus shelter|the park]",
        "[{G}|people|two males] [smoking crack|injecting|taking heroin] [in|on] [the stairwell|"
        "the lane|the bus station toilets]",
        "[{X}|the neighbour] [is growing|has] [cannabis|weed plants] [in the loft|in the back "
        "bedroom] [, {S} {have} seen the plants|, you can see them through the window]",
    ),
    "sexual_offence": _plants(
        "sexual_offence",
        "[a male|the male|a man] [exposed himself|was exposing himself] [to|in front of] [{O}|{P} "
        "daughter|children in the park|women walking past]",
        "{X} [touched|groped|grabbed] {P} [bum|backside|chest] [as {S} walked past|on the bus|"
        "outside the pub]",
        "[a male|the male|a man] [was seen|] [masturbating|performing a sex act] "
        "[in the car park|in his car|in the park] [in view of|in front of] "
        "[kids|people walking by]",
    ),
    "other_crime": _plants(
        "other_crime",
        "[the neighbour's dog|the dog from {house_ref}|a large dog] [bit|attacked and bit] {O} "
        "on the [leg|hand|arm] [, owner didn't call it back|]",
        "{X} [is|was] in breach of {Xp} [criminal behaviour order|CBO] [by coming to {street}|by "
        "contacting {O}|by being in the town centre]",
        "{X} [has been|is] selling [fake|counterfeit] [cigs|vapes|tobacco] [from the house|out "
        "of {Xp} car]",
        "[someone|{X}] [has been|is] [selling|flogging] [stolen|knocked-off] [bikes|tools|phones] "
        "[from the garage|out of a van|on the estate]",
    ),
}

# A course of conduct: repeated targeting of the same victim.
COURSE_OF_CONDUCT: tuple[Plant, ...] = _plants(
    "harassment",
    "[this is|it's|it is] the {ordinal} time [this week|this month|in 2 weeks|since Xmas] "
    "[{X}|the same male|the neighbour|this lot] [has|have] [come to {P} door|shouted abuse at "
    "{O}|banged on {P} walls deliberately|followed {O} to the shop] [, {S} feel{s} "
    "targeted|- it's constant|]",
    "[same|the same] [people|male|neighbour] [again|yet again], [it is|it's] [deliberate|"
    "targeted at {O}|every day now] and {S} {be} [at the end of {P} tether|not coping|scared "
    "in {P} own home]",
    "{S} {have} [logged|reported] [every incident|it every time] [in a diary|on {P} phone] "
    "[- {X} targets {O}|- it's always aimed at {O}] [daily|most days|several times a week]",
)

# --------------------------------------------------------------------------------------
# Hard negatives: no offence, but words a naive screener would fire on
# --------------------------------------------------------------------------------------

TRAPS: dict[str, tuple[str, ...]] = {
    "assault": (
        "[nobody|no one|no-one] was [hurt|injured|touched]",
        "no physical contact [was made|]",
        "[they were|the lads were|looked like they were] play fighting [and laughing|on the "
        "grass|], no one [hurt|injured]",
        "{S} [said {S}|] [nearly|almost] hit the roof when {S} saw the mess",
        "{X} [didn't|did not] [touch|lay a finger on] {O}",
        "{S} was assaulted [by a different male|years ago|in 2021], [that was dealt with|that "
        "went to court], not related",
        "[it's|it is] [near|by] [Assault Course Lane|the boxing club|the kickboxing gym]",
        "[lads|kids] [hitting golf balls|hitting balls at the nets|punching the air] [on the "
        "field|in the park]",
    ),
    "criminal_damage": (
        "no damage [done|caused|to report]",
        "[nothing|nothing was] damaged",
        "{P} [son|grandson] [said|says] [the lads were|they were] smashing it at football "
        "[today|this season]",
        "the window was [already|] broken [last year|months ago], [reported at the time|already "
        "reported], [nothing new|no new damage]",
        "[{P} car|the van] broke down [outside|on {street}] [earlier|]",
        "[they were|kids] [kicking|booting] a ball against the [garage doors|wall], [no damage|"
        "nothing damaged]",
        "[near|on] [Burnt Barn Road|Heol y Groes|Cross Street|Crosskeys]",
        "{S} [said|says] {S} {be} [smashed|shattered|broken] after [a long shift|no sleep]",
    ),
    "arson": (
        "[a|small] bonfire [in a garden|at {house_ref}], [under control|contained], [fire "
        "service not needed|no need for fire service]",
        "[neighbour|someone] [burning|is burning] [garden waste|rubbish] [in a garden|in an "
        "incinerator bin] [, smoke going into washing|]",
        "[someone|the neighbour] [having|lit] a [BBQ|barbecue|fire pit] in the garden",
        "[the lads|they] [said they were|were] on fire [at the match|last night]",
        "[near|by|at] [Fire Station Close|Heol Spitfire|Firecrest Walk|Burnt Barn Road]",
        "smell of [smoke|burning] [but|,] [nothing|no fire] [found|seen]",
    ),
    "threats_to_kill": (
        "[{G}|they] [were|said they were] just killing time [before the bus|waiting for mates]",
        "{S} [said|joked] {P} [husband|mum|partner] [will|would] kill {O} if [{S} {be}|"
        "they're] late",
        "{P} [feet are|back is|head is] killing {O} [from|after] [standing|the noise]",
        "[{X}|the neighbour] threatened to [call the council|report {O} to housing|ring the "
        "police on {O}|complain to the landlord]",
        "[no threats|no threats were] made",
        "the [music|bass|noise] [is|was] [killing|doing] {P} head in",
    ),
    "harassment": (
        "[first time|this is the first time] [anything like this|this] has happened",
        "[never|no] [problems|issues] [with them|before] [until now|]",
        "[one off|one-off] [incident|thing] [, {S} think{s}|]",
        "{S} [{dont}|{does} not] feel [targeted|picked on], [just|it's just] [kids being kids|"
        "general noise]",
    ),
    "stalking": (
        "{S} follow{s} the [community page|local news page] on facebook [and saw others "
        "complaining|]",
        "[they were|people were] [watching|following] [the football|the rugby] [with the "
        "windows open|loudly]",
        "{S} [tracked|was tracking] [{P} parcel|the delivery] [on {P} phone|online]",
        "[the|a] [cat|dog] [follows|followed] {O} [home|everywhere] [, not {P} own|]",
    ),
    "malicious_communications": (
        "{S} [got|received] a [text|message|letter] from [the council|housing|the school] "
        "[about|re] [the bins|the issue|the fence]",
        "{S} [posted|put] [a post|something] on the [community page|facebook group] [asking if "
        "anyone else|to see if anyone else] [heard|saw] [it|the bangs]",
    ),
    "theft": (
        "[nothing|nothing was] [taken|stolen|missing]",
        "{S} [checked|{have} checked] and [nothing|nothing's] missing",
        "[they|the kids] [were taking|took] [photos|selfies|a video] [of each other|on their "
        "phones]",
        "[the|{P}] parcel was [delivered to the wrong house|left with a neighbour], [not stolen|"
        "found later]",
        "[{G}|they] nicked off [home|down the lane] when {S} came out",
    ),
    "burglary": (
        "{S} locked {self} out and [climbed in through|got in through] [the back window|the "
        "kitchen window] [earlier|]",
        "[the shed|the garage] door [blew open|was left open] [in the wind|], nothing [taken|"
        "touched|missing]",
        "[the|a] burglary [at {P} house|in the street] [last year|in 2022] [was dealt with|is "
        "closed], not [related|connected]",
    ),
    "robbery": (
        "[the prices at the shop|that shop] [are|is] daylight robbery",
        "[the ref|the referee] robbed them [at the match|in the final]",
        "[the kids|they] [robbed|pinched] the ball off each other [playing football|on the field]",
        "[they were|the kids were] playing [cops and robbers|robbers] [in the street|on the green]",
        "{S} [said|says] the [taxi fare|parking charge] [was|is] daylight robbery",
    ),
    "weapons": (
        "[kids|youths] [had|with] [nerf guns|water pistols|toy swords|foam swords] [in the "
        "park|in the street]",
        "[neighbour|someone] [using|out with] [a strimmer|hedge cutters|a chainsaw|an axe "
        "chopping logs] [early morning|at 7am on a Sunday]",
        "[they were|kids were] [shooting hoops|filming a video for tiktok]",
        "[near|by] [Arrow Close|the Gun Club|Gunter Road]",
        "no [weapons|knives] [seen|mentioned]",
    ),
    "drugs": (
        "smell of [cannabis|weed] [but|,] [nothing seen|can't say who]",
        "{S} {was} [coming back from|at] the chemist [picking up|getting] {P} [prescription|meds]",
        "[dealing with|dealing w/] [it|the neighbour|the council] [has been|is] [stressful|a "
        "nightmare]",
    ),
    "sexual_offence": (
        "[a car|the car] [was|] flashing [its|their] [headlights|lights] [at other cars|]",
        "[the ice cream van|a bike] with flashing lights [going round|going past]",
    ),
    "public_order": (
        "[shouting|swearing] [among themselves|between themselves|to each other], not "
        "[at|directed at] anyone",
        "[they|the group] [weren't|were not] [abusive|threatening] to anyone",
        "[rowdy|loud] but not [threatening|aggressive|abusive]",
        "{S} felt [safe|fine], just [annoyed|fed up] with the noise",
    ),
    "hate_aggravated": (
        "not [racially motivated|hate related] [as far as {S} know{s}|in {P} view]",
        "{S} [{dont}|{does} not] think it's [because of|about] {P} [race|religion|sexuality|"
        "disability]",
        "[by|near] the [Polish|Bangladeshi|Italian|Chinese] [shop|takeaway|restaurant] [on the "
        "corner|]",
    ),
    "other_crime": (
        "[the|a] dog [barked at|ran at] {O} but [didn't|did not] [bite|touch] {O}",
        "[{S} {have}|there is] a [CPN|community protection notice] [warning|letter] from the "
        "council [about the bins|about {P} hedge]",
    ),
}

# --------------------------------------------------------------------------------------
# Everything else a report says
# --------------------------------------------------------------------------------------

IMPACT = (
    "{S} {be} [fed up|at the end of {P} tether|tamping|exhausted|sick of it|anxious]",
    "[it is|it's] [affecting|ruining] {P} [sleep|health|mental health|kids' sleep]",
    "{P} [kids|children|grandchildren] [are|get] [scared|frightened|upset] [by it|]",
    "{S} [can't|cannot] [sleep|relax|get the baby to sleep] [with the noise|]",
    "{S} [{have}|{have} got] [work|an early shift] in the morning",
    "[it's|its] been going on [for ages|donkeys|since forever] [mun|like|]",
    "{S} {be} [tamping|fuming|livid|proper fed up] [about it|with them|]",
)
DURATION = (
    "this has been going on for [weeks|months|about a year|since the summer|ages]",
    "[it happens|happens] [every night|every weekend|most nights|on and off]",
    "[it's|it is] [worse|getting worse] [at weekends|in the holidays|since the summer]",
)
REPEAT = (
    "{S} {have} [reported this|rang about this|called] [before|several times|loads of times] "
    "[, see previous logs|, nothing ever gets done|]",
    "[previous|prev] [calls|logs|reports] [about the same|re same] [address|issue|group]",
    "[repeat caller|RVC|repeat victim] [- see history|]",
)
UNCERTAIN = (
    "[not sure|unsure] [if|whether] [it's|it is] the same [group|lads|people] as [last time|"
    "last week]",
    "{S} think{s} they [might be|are poss|could be] from [the estate|the flats|up the top|the "
    "next street]",
    "[unclear|not clear] how many [are involved|there are]",
    "{S} [couldn't|could not] see [properly|faces|clearly] [as it was dark|]",
    "[poss|possibly|maybe] the same [vehicle|group|people] as reported [yesterday|last week]",
    "{S} [{isnt}|{was}n't] [sure|certain] [who it was|what time it started]",
)
HEARSAY = (
    "[a neighbour|{P} daughter|{P} son|the lady next door|a friend] [told|said to] {O} [it "
    "was|they think it's] [the lads from the flats|kids from the school|the same lot as "
    "before]",
    "{S} heard [from|off] [a neighbour|someone at the shop|the postman] that [this|it] "
    "[happens every night|has been going on for a while]",
)
DESCRIBE = (
    "[susp|male|one of them] [described as|desc] [white male|male|mixed race male|tall male], "
    "[approx|about|around] [15|16|17|18|20s|30s|40], [wearing|in] [black|grey|navy] "
    "[tracksuit|trackies|hoodie|puffer jacket|north face jacket] [with the hood up|]",
    "[all|they were] [in dark clothing|wearing balaclavas|in black hoodies|in school uniform]",
    "[approx|about|around] {n} [of them|in the group]",
)
REQUEST = (
    "[{S} want{s}|requesting|would like] [police to attend|officers to attend|a call back|an "
    "officer to call|this logged|patrols in the area|some advice] [asap|tonight|when "
    "possible|]",
    "{S} [{dont}|{does} not] want to [give a statement|be seen talking to police|go to court]",
    "{S} [just|only] [want{s}|wanted] it [logged|on record] [for now|]",
    "[can|could] [someone|a PCSO|the NPT] [pop round|call round|drive past] [please|pls|]",
    "{S}'ll ring back [now in a minute|later on] if they [come back|start up again]",
)
HANDLER = (
    "[advised|caller advised|IP advised] [to call back if|to ring 999 if] [it escalates|they "
    "return|it happens again]",
    "[log for info|for info only|passed to NPT|passed to neighbourhood team|details passed to "
    "council ASB officer|ref given|PCSO to call|for NPT awareness]",
    "[no|No] [units|patrols] available, [will attend when free|PCSO to attend tomorrow|"
    "resource when available]",
    "[THRIVE completed|risk assessed], [standard|medium] [risk|response]",
)

ORDINALS = ("2nd", "3rd", "4th", "5th", "third", "fourth", "fifth", "sixth", "10th")
COLOURS = ("black", "white", "silver", "red", "grey", "blue", "dark", "green")
MAKES = ("car", "van", "Golf", "Corsa", "Fiesta", "BMW", "Audi", "transit van", "Astra", "Polo")
MONTHS = ("January", "Feb", "March", "April", "May", "June", "July", "August", "Sept", "Oct")
LATE = ("2am", "3 in the morning", "gone midnight", "1am", "half 12", "4am")
NUMBERS = ("3", "4", "5", "6", "7", "8", "10", "12", "15", "20", "a few", "3 or 4", "5-6", "10+")
WHEN = (
    "tonight",
    "this evening",
    "at the moment",
    "right now",
    "for the last hour",
    "since about [9|10|11]pm",
    "every night this week",
    "again tonight",
    "most evenings",
    "now",
    "",
    "",
)
YOUTHS = (
    "youths",
    "yths",
    "kids",
    "teenagers",
    "teens",
    "lads",
    "young lads",
    "young people",
    "boys",
    "boys and girls",
)


# --------------------------------------------------------------------------------------
# Which crimes hide in which subtype
# --------------------------------------------------------------------------------------

PLAUSIBLE_OFFENCES: dict[str, dict[str, int]] = {
    "neighbour_dispute": {
        "public_order": 30,
        "harassment": 20,
        "criminal_damage": 15,
        "assault": 10,
        "threats_to_kill": 6,
        "hate_aggravated": 5,
        "malicious_communications": 5,
        "stalking": 2,
        "other_crime": 4,
        "theft": 3,
    },
    "targeted_abuse": {
        "public_order": 30,
        "harassment": 15,
        "hate_aggravated": 12,
        "assault": 10,
        "criminal_damage": 10,
        "threats_to_kill": 5,
        "robbery": 3,
        "weapons": 3,
        "sexual_offence": 3,
    },
    "nuisance_communications": {
        "malicious_communications": 45,
        "harassment": 20,
        "stalking": 12,
        "threats_to_kill": 10,
        "hate_aggravated": 5,
    },
    "vulnerable_targeted": {
        "theft": 25,
        "harassment": 20,
        "robbery": 8,
        "drugs": 12,
        "public_order": 10,
        "assault": 8,
        "burglary": 5,
        "other_crime": 5,
    },
    "noise": {
        "public_order": 30,
        "criminal_damage": 20,
        "assault": 15,
        "drugs": 15,
        "other_crime": 5,
    },
    "rowdy_behaviour": {
        "public_order": 35,
        "assault": 25,
        "criminal_damage": 20,
        "theft": 10,
        "weapons": 5,
        "sexual_offence": 3,
    },
    "youths_gathering": {
        "criminal_damage": 30,
        "public_order": 20,
        "arson": 10,
        "assault": 10,
        "theft": 10,
        "drugs": 8,
        "weapons": 5,
        "robbery": 5,
    },
    "vehicle_nuisance": {"criminal_damage": 35, "public_order": 25, "theft": 20, "drugs": 10},
    "street_drinking": {"public_order": 40, "assault": 20, "theft": 25, "sexual_offence": 5},
    "drug_nuisance": {"drugs": 60, "weapons": 15, "public_order": 10, "criminal_damage": 5},
    "begging": {"public_order": 40, "theft": 45, "assault": 10},
    "fireworks": {"criminal_damage": 35, "arson": 25, "public_order": 20, "assault": 15},
    "animal_problems": {"other_crime": 60, "public_order": 20, "criminal_damage": 10},
    "trespass": {"burglary": 40, "criminal_damage": 35, "theft": 20, "arson": 5},
    "littering": {"drugs": 50, "criminal_damage": 30},
    "fly_tipping": {"criminal_damage": 50, "theft": 50},
    "abandoned_vehicle": {"theft": 50, "criminal_damage": 40, "arson": 10},
}

TRAP_GROUPS: tuple[str, ...] = tuple(TRAPS)

_AGAINST_A_PERSON = frozenset(
    {
        "public_order",
        "harassment",
        "stalking",
        "malicious_communications",
        "assault",
        "threats_to_kill",
        "hate_aggravated",
        "robbery",
        "weapons",
        "sexual_offence",
    }
)
# A trap is left out when it would contradict a planted offence ("no damage done" beside a
# smashed window), so that every label stays true of the whole text.
TRAP_CONFLICTS: dict[str, frozenset[str]] = {
    "assault": frozenset({"assault", "robbery", "sexual_offence", "hate_aggravated"}),
    "criminal_damage": frozenset({"criminal_damage", "arson", "burglary", "hate_aggravated"}),
    "arson": frozenset({"arson"}),
    "threats_to_kill": frozenset({"threats_to_kill", "public_order", "weapons", "robbery"}),
    "harassment": frozenset({"harassment", "stalking", "hate_aggravated"}),
    "stalking": frozenset({"stalking"}),
    "malicious_communications": frozenset({"malicious_communications"}),
    "theft": frozenset({"theft", "burglary", "robbery"}),
    "burglary": frozenset({"burglary", "theft"}),
    "robbery": frozenset({"robbery"}),
    "weapons": frozenset({"weapons"}),
    "drugs": frozenset({"drugs"}),
    "sexual_offence": frozenset({"sexual_offence"}),
    "public_order": _AGAINST_A_PERSON,
    "hate_aggravated": frozenset({"hate_aggravated"}),
    "other_crime": frozenset({"other_crime"}),
}


@dataclass(frozen=True)
class NarrativeContext:
    """Plain facts a narrative may mention: where, who, how it reached the force."""

    street: str = ""
    place: str = ""
    neighbour_number: str = ""
    victim_gender: str = "not_known"
    victim_family_name: str = ""
    suspect_name: str = ""
    suspect_gender: str = "male"
    channel: str = "101"
    previous_reports: int = 0


@dataclass(frozen=True)
class NarrativePlan:
    """What a narrative will contain: planted offences, traps, a course of conduct."""

    offences: frozenset[str] = frozenset()
    traps: tuple[str, ...] = ()
    course_of_conduct: bool = False


@dataclass(frozen=True)
class _Voice:
    subject: tuple[str, ...]
    object: tuple[str, ...]
    possessive: tuple[str, ...]
    first_person: bool
    agreement: dict[str, str] = field(default_factory=dict)


def _voice(rng: random.Random, context: NarrativeContext, style: str) -> _Voice:
    """Who tells the story: the caller in the first person, or the handler about them."""
    if style == "first":
        return _Voice(
            ("I",),
            ("me",),
            ("my",),
            True,
            {
                "s": "",
                "es": "",
                "be": "am",
                "have": "have",
                "was": "was",
                "self": "myself",
                "does": "do",
                "dont": "don't",
                "isnt": "am not",
            },
        )
    pronoun, objective, possessive, reflexive = {
        "female": ("she", "her", "her", "herself"),
        "male": ("he", "him", "his", "himself"),
    }.get(context.victim_gender, ("", "", "", "themselves"))
    if style == "partner":
        title = {"female": "Mrs", "male": "Mr"}.get(context.victim_gender, "")
        named = f"{title} {context.victim_family_name}".strip() if title else ""
        nouns = tuple(n for n in ("the tenant", "the resident", named) if n)
    else:
        nouns = rng.choice(
            (("IP", "IP"), ("the caller", "caller"), ("RP",), ("the informant",), ("IP", "caller"))
        )
    subject = nouns + ((pronoun,) * 2 if pronoun else ())
    obj = nouns + ((objective,) * 2 if objective else ())
    poss = tuple(f"{n}'s" for n in nouns) + ((possessive,) * 2 if possessive else ())
    return _Voice(
        subject,
        obj,
        poss,
        False,
        {
            "s": "s",
            "es": "es",
            "be": "is",
            "have": "has",
            "was": "was",
            "self": reflexive,
            "does": "does",
            "dont": "doesn't",
            "isnt": "isn't",
        },
    )


_LOCATION_PHRASES = {
    "Parking Area": ("the car park", "the car park by the shops", "the parking area"),
    "Supermarket": ("the supermarket", "outside the supermarket", "the Co-op", "the big Tesco"),
    "Shopping Area": ("the shops", "the precinct", "the shopping centre", "the parade of shops"),
    "Sports/Recreation Area": ("the playing fields", "the rec", "the MUGA", "the skate park"),
    "Petrol Station": ("the petrol station", "the garage", "the filling station"),
    "Police Station": ("the police station", "outside the police station"),
    "Bus/Coach Station": ("the bus station", "the bus stops", "the bus station shelters"),
    "Park/Open Space": ("the park", "the green", "the field"),
    "Nightclub": ("the club", "outside the nightclub", "the club on the high street"),
    "Hospital": ("the hospital", "outside A&E", "the hospital car park"),
    "Theatre/Concert Hall": ("the theatre", "the venue"),
}


def _places(context: NarrativeContext) -> tuple[str, ...]:
    if context.place in _LOCATION_PHRASES:
        return _LOCATION_PHRASES[context.place]
    street = context.street or "the street"
    return (
        street,
        street,
        "{P} house",
        f"{{P}} house on {street}",
        f"the end of {street}",
        f"the garages on {street}",
        "the lane",
        f"the bus stop on {street}",
        "the shops",
    )


def _slots(rng: random.Random, context: NarrativeContext, voice: _Voice) -> dict[str, SlotValue]:
    suspect_subject = ["the male", "he", "the neighbour", "this lad", "the susp", "he"]
    suspect_object = ["him", "the male"]
    suspect_possessive = "his"
    suspect_pronoun = "he"
    if context.suspect_gender == "female":
        suspect_subject = ["the female", "she", "the neighbour", "this woman", "she"]
        suspect_object = ["her", "the female"]
        suspect_possessive = "her"
        suspect_pronoun = "she"
    if context.suspect_name:
        suspect_subject += [context.suspect_name] * 3
        suspect_object += [context.suspect_name]
    neighbour = context.neighbour_number or str(rng.randint(1, 60))
    slots: dict[str, SlotValue] = {
        "S": voice.subject,
        "O": voice.object,
        "P": voice.possessive,
        "X": tuple(suspect_subject),
        "Xo": tuple(suspect_object),
        "Xp": suspect_possessive,
        "Xs": suspect_pronoun,
        "G": (
            "{youths}",
            "a group of {youths}",
            "approx {n} {youths}",
            "{n} {youths}",
            "a load of {youths}",
            "a gang of {youths}",
            "some {youths}",
        ),
        "youths": YOUTHS,
        "n": NUMBERS,
        "when": WHEN,
        "late": LATE,
        "loc": _places(context),
        "street": context.street or "the street",
        "house_ref": (
            f"no. {neighbour}",
            f"number {neighbour}",
            f"{neighbour} {context.street}".strip(),
            "next door",
            "the house opposite",
            "the flat above",
        ),
        "ordinal": ORDINALS,
        "colour": COLOURS,
        "make": MAKES,
        "month": MONTHS,
    }
    slots.update(voice.agreement)
    return slots


# --------------------------------------------------------------------------------------
# Messiness: abbreviations, typos, casing
# --------------------------------------------------------------------------------------

_ABBREVIATIONS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(rf"\b{word}\b", re.IGNORECASE), options)
    for word, options in (
        ("approximately", ("approx", "approx.")),
        ("about", ("approx", "abt", "about")),
        ("around", ("approx", "around")),
        ("with", ("w/", "with")),
        ("without", ("w/o",)),
        ("youths", ("yths", "yth's")),
        ("people", ("ppl",)),
        ("suspect", ("susp",)),
        ("vehicle", ("veh",)),
        ("because", ("cos", "bc")),
        ("please", ("pls", "plz")),
        ("information", ("info",)),
        ("possibly", ("poss",)),
        ("neighbour", ("nbr", "neighbor", "neighbour")),
        ("neighbours", ("nbrs", "neighbors")),
        ("message", ("msg",)),
        ("messages", ("msgs",)),
        ("tonight", ("tonite", "2nite", "tonight")),
        ("police", ("pol", "police")),
        ("and", ("&", "+", "and")),
        ("minutes", ("mins",)),
        ("believes", ("blvs", "believes")),
        ("description", ("desc",)),
        ("requesting", ("req", "requesting")),
        ("attend", ("att", "attend")),
    )
)

_PROTECTED = re.compile(r"^(IP|RP|PCSO|NPT|CPN|CBO|RVC|THRIVE|A&E|MUGA|BMW|[A-Z]{2,})$")


def _abbreviate(text: str, rng: random.Random, rate: float) -> str:
    for pattern, options in _ABBREVIATIONS:

        def replace(match: re.Match[str], options: tuple[str, ...] = options) -> str:
            return rng.choice(options) if rng.random() < rate else match.group(0)

        text = pattern.sub(replace, text)
    return text


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4 or not word.isalpha() or _PROTECTED.match(word):
        return word
    i = rng.randrange(1, len(word) - 1)
    operation = rng.randrange(4)
    if operation == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if operation == 1:
        return word[:i] + word[i + 1 :]
    if operation == 2:
        return word[:i] + word[i] + word[i:]
    keyboard = "qwertyuiopasdfghjklzxcvbnm"
    return word[:i] + rng.choice(keyboard) + word[i + 1 :]


def _typos(text: str, rng: random.Random, rate: float) -> str:
    words = text.split(" ")
    return " ".join(_typo(w, rng) if rng.random() < rate else w for w in words)


def _capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:] if sentence else sentence


# --------------------------------------------------------------------------------------
# The public functions
# --------------------------------------------------------------------------------------


def _weighted(rng: random.Random, weights: Mapping[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys], k=1)[0]


def plan_narrative(
    rng: random.Random,
    subtype: str,
    *,
    crime_rate: float,
    trap_rate: float = 0.25,
    course_of_conduct: bool = False,
) -> NarrativePlan:
    """Decide which offences (if any) and which hard negatives a narrative will carry."""
    offences: set[str] = set()
    if rng.random() < crime_rate:
        weights = PLAUSIBLE_OFFENCES[subtype]
        offences.add(_weighted(rng, weights))
        extra = rng.random()
        if extra < 0.22:
            offences.add(_weighted(rng, weights))
        if extra < 0.05:
            offences.add(_weighted(rng, weights))
    traps: list[str] = []
    if rng.random() < trap_rate:
        traps.append(rng.choice(TRAP_GROUPS))
        if rng.random() < 0.2:
            traps.append(rng.choice(TRAP_GROUPS))
    traps = [t for t in dict.fromkeys(traps) if not TRAP_CONFLICTS[t] & offences]
    if course_of_conduct and "harassment" in traps:
        traps.remove("harassment")
    return NarrativePlan(frozenset(offences), tuple(traps), course_of_conduct)


def _style(rng: random.Random, channel: str) -> str:
    if channel == "online":
        return rng.choices(("first", "handler", "terse"), weights=(80, 15, 5))[0]
    if channel == "partner":
        return rng.choices(("partner", "handler"), weights=(75, 25))[0]
    return rng.choices(("handler", "terse", "first"), weights=(78, 14, 8))[0]


_HANDLER_OPENINGS = (
    "[caller|RP|IP|informant|female caller|male caller] [states|reports|says|is "
    "reporting|rang to report|calling to report] [that|]",
    "[caller|RP|informant] [calling re|re|ringing about]",
    "",
    "",
)
_FIRST_OPENINGS = (
    "[hi|hello|to whom it may concern,|] [I'm writing to report|I want to report|I would like "
    "to report|just reporting|reporting|I need to report] [that|]",
    "[hi|] [again|once again|yet again] [-|,]",
    "",
)
_PARTNER_OPENINGS = (
    "[housing officer|council ASB officer|the warden|tenancy officer|housing association] "
    "[reports|reporting|has passed on] that",
    "[referral from|referral via] [housing|the council|the school|social services]:",
)


def write_narrative(
    rng: random.Random,
    subtype: str,
    plan: NarrativePlan | None = None,
    context: NarrativeContext | None = None,
) -> tuple[str, frozenset[str]]:
    """Write one narrative for an ASB subtype and return it with its offence groups.

    The labels are the union of the offence groups of every planted crime (and harassment for
    a course of conduct); hard negatives and everything else add nothing.
    """
    if subtype not in BASE:
        raise ValueError(f"No narrative templates for subtype {subtype!r}")
    plan = plan or NarrativePlan()
    context = _clean_context(context or NarrativeContext())
    unknown = set(plan.offences) - set(OFFENCE_GROUPS)
    if unknown:
        raise ValueError(f"Unknown offence groups: {sorted(unknown)}")

    style = _style(rng, context.channel)
    voice = _voice(rng, context, style)
    slots = _slots(rng, context, voice)
    labels: set[str] = set()

    def say(template: str) -> str:
        return render(template, rng, slots)

    crimes: list[str] = []
    for group in sorted(plan.offences):
        plant = rng.choice(PLANTS[group])
        labels |= plant.labels
        crimes.append(say(plant.template))
    if plan.course_of_conduct:
        plant = rng.choice(COURSE_OF_CONDUCT)
        labels |= plant.labels
        crimes.append(say(plant.template))
    trap_groups = [
        group
        for group in plan.traps
        if not TRAP_CONFLICTS[group] & labels
        and not (group == "harassment" and context.previous_reports)
    ]
    traps = [say(rng.choice(TRAPS[group])) for group in trap_groups]

    if style == "terse" and not crimes:
        sentences = [say(rng.choice(TERSE[subtype]))]
        sentences += traps
        if rng.random() < 0.5:
            sentences.append(say(rng.choice(REQUEST + HANDLER)))
    else:
        pool = BASE[subtype]
        count = 1 + (rng.random() < 0.5) + (rng.random() < 0.15)
        bases = [say(t) for t in rng.sample(pool, k=min(count, len(pool)))]
        middle = bases[1:] + crimes + traps
        for extras, chance in (
            (IMPACT, 0.3),
            (DURATION, 0.25),
            (UNCERTAIN, 0.2),
            (HEARSAY, 0.1),
            (DESCRIBE, 0.2 if crimes else 0.1),
        ):
            if rng.random() < chance:
                middle.append(say(rng.choice(extras)))
        if context.previous_reports and rng.random() < 0.6:
            middle.append(say(rng.choice(REPEAT)))
        rng.shuffle(middle)
        if crimes and rng.random() < 0.5:
            # Call handlers often lead with the most serious thing said.
            first = crimes[0]
            middle.remove(first)
            middle.insert(0, bases[0])
            bases[0] = first
        opening = {
            "handler": _HANDLER_OPENINGS,
            "first": _FIRST_OPENINGS,
            "partner": _PARTNER_OPENINGS,
            "terse": ("",),
        }[style]
        lead = say(rng.choice(opening))
        sentences = [f"{lead} {bases[0]}".strip(), *middle]
        if rng.random() < 0.45:
            sentences.append(say(rng.choice(REQUEST)))
        if style in ("handler", "terse") and rng.random() < 0.5:
            sentences.append(say(rng.choice(HANDLER)))

    return _finish(rng, sentences, style), frozenset(labels)


_GRAMMAR_CHARACTERS = str.maketrans("", "", "[]{}|")


def _clean_context(context: NarrativeContext) -> NarrativeContext:
    """Strip the template grammar's own characters from names and streets."""
    return replace(
        context,
        street=context.street.translate(_GRAMMAR_CHARACTERS),
        place=context.place.translate(_GRAMMAR_CHARACTERS),
        neighbour_number=context.neighbour_number.translate(_GRAMMAR_CHARACTERS),
        victim_family_name=context.victim_family_name.translate(_GRAMMAR_CHARACTERS),
        suspect_name=context.suspect_name.translate(_GRAMMAR_CHARACTERS),
    )


def _finish(rng: random.Random, sentences: list[str], style: str) -> str:
    """Join sentences and rough them up the way real logs are."""
    sentences = [s for s in sentences if s]
    messiness = rng.choices((0, 1, 2), weights=(45, 40, 15))[0]
    if messiness:
        rate = 0.25 if messiness == 1 else 0.6
        sentences = [_abbreviate(s, rng, rate) for s in sentences]
        sentences = [_typos(s, rng, 0.015 * messiness) for s in sentences]
    separator = rng.choices((". ", ". ", " - ", ", ", "; ", " / ", ".. "), k=1)[0]
    if separator in (". ", ".. ") or rng.random() < 0.5:
        sentences = [_capitalise(s) for s in sentences]
    text = separator.join(sentences)
    if separator.strip().startswith(".") and rng.random() < 0.7:
        text += "."
    casing = rng.random()
    if casing < 0.07 or (style == "terse" and casing < 0.3):
        text = text.lower()
    elif casing < 0.11:
        text = text.upper()
    return text


def narrative(
    rng: random.Random,
    subtype: str,
    *,
    crime_rate: float = 0.0,
    trap_rate: float = 0.25,
    course_of_conduct: bool = False,
    context: NarrativeContext | None = None,
) -> tuple[str, frozenset[str]]:
    """Plan and write one narrative; shorthand for `plan_narrative` then `write_narrative`."""
    plan = plan_narrative(
        rng,
        subtype,
        crime_rate=crime_rate,
        trap_rate=trap_rate,
        course_of_conduct=course_of_conduct,
    )
    return write_narrative(rng, subtype, plan, context)


def sample_narratives(
    seed: int, count: int, subtypes: Iterable[str] | None = None, crime_rate: float = 0.3
) -> list[tuple[str, frozenset[str]]]:
    """A seeded mix of narratives across subtypes, for tests, benchmarks and screeners."""
    rng = random.Random(seed)
    chosen = sorted(subtypes) if subtypes is not None else sorted(BASE)
    return [narrative(rng, rng.choice(chosen), crime_rate=crime_rate) for _ in range(count)]
