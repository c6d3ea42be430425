"""Signals core sends to the apps built on it."""

from __future__ import annotations

from django.dispatch import Signal

lsoa_teams_changed = Signal()
"""Sent, inside the loading transaction, after LSOAs were given other neighbourhood policing
teams (by `load_geography`, `load_teams` or the admin), so records placed in an LSOA can
follow it; `sender` is the Team model."""
