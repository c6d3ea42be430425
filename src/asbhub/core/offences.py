"""The offence groups ASB Hub speaks of: one vocabulary for screening, review and demo.

Crimes found inside ASB reports are grouped this way by the crime screening
(integrity/screening.py), the CDI review and the demo generator's planted truth, so a
screening result can be checked against what was planted. Labels with translations are
in asbhub.integrity.choices.OffenceGroup.
"""

OFFENCE_GROUPS: tuple[str, ...] = (
    "public_order",
    "harassment",
    "stalking",
    "malicious_communications",
    "criminal_damage",
    "arson",
    "assault",
    "threats_to_kill",
    "hate_aggravated",
    "theft",
    "burglary",
    "robbery",
    "drugs",
    "weapons",
    "sexual_offence",
    "other_crime",
)
