"""Stable identifiers that travel in spreadsheets, calendars and journals.

An id is ``<prefix>-<16 hex digits>``: the prefix tells a reader what the row is (``rel``, ``pkg``,
``sch`` ...), the random part makes ids unique across workspaces so a row exported from one
workspace and imported into another never collides with an existing row.
"""

from __future__ import annotations

import random
import secrets

PREFIXES = {
    "team": "team",
    "person": "per",
    "release_type": "rtp",
    "policy_rule": "pol",
    "environment": "env",
    "release": "rel",
    "package": "pkg",
    "component": "cmp",
    "package_component": "pcm",
    "change_item": "chg",
    "schedule_item": "sch",
    "dependency": "dep",
    "freeze_window": "frz",
    "risk": "rsk",
    "risk_snapshot": "rss",
    "build_run": "bld",
    "test_run": "tst",
    "approval": "apr",
    "deployment": "dpl",
    "incident": "inc",
    "els_criterion": "els",
    "review": "rvw",
    "review_action": "act",
    "baseline": "bas",
    "baseline_item": "bsi",
}


def new_id(kind: str, rng: random.Random | None = None) -> str:
    """Return a fresh id for an entity of ``kind`` (a key of :data:`PREFIXES`).

    Args:
        kind: the entity kind; decides the readable prefix.
        rng: a seeded generator for reproducible ids (the demo workspace); default: the OS's
            cryptographic source.
    """
    bits = rng.getrandbits(64) if rng is not None else secrets.randbits(64)
    return f"{PREFIXES[kind]}-{bits:016x}"
