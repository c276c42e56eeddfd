"""How records refer to each other in a workbook: readable text one way, ids the other.

A sheet shows a release by its key, a team or environment by its name, a component by its CMDB
id and a person by their name. People's names repeat (two "Ana Silva" in different teams), so a
repeated name is shown with the team in brackets, "Ana Silva (Payments)", and where even that
repeats, by the person's id. Packages and schedule items have no readable key and are shown by
id. Every reference cell also accepts the record's id, so a reader can always be exact.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.exchange.cell_values import CellError


class Lookups:
    """Id ↔ display text for every kind a REF column may name, plus names for derived columns.

    Build one with :meth:`from_records`; an import adds the records it creates with :meth:`add`
    so that rows may refer to a release added further up the same workbook.
    """

    def __init__(self, parent: Lookups | None = None) -> None:
        self._parent = parent
        self._display: dict[str, dict[str, str]] = defaultdict(dict)
        self._ids: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self._package: dict[str, tuple[str, str]] = {}  # id → (name, release id)
        self._schedule: dict[str, str] = {}  # id → name
        self._component: dict[str, str] = {}  # id → name

    @classmethod
    def from_records(
        cls,
        *,
        releases: Iterable[dm.Release] = (),
        release_types: Iterable[dm.ReleaseType] = (),
        teams: Iterable[dm.Team] = (),
        people: Iterable[dm.Person] = (),
        environments: Iterable[dm.Environment] = (),
        components: Iterable[dm.Component] = (),
        packages: Iterable[dm.ReleasePackage] = (),
        schedule_items: Iterable[dm.ScheduleItem] = (),
    ) -> Lookups:
        """Lookups over the given records (a workspace's, as read in one session)."""
        lookups = cls()
        for release in releases:
            lookups.add("release", release.id, release.key)
        for release_type in release_types:
            lookups.add("release_type", release_type.id, release_type.key)
        team_names = {}
        for team in teams:
            team_names[team.id] = team.name
            lookups.add("team", team.id, team.name)
        for environment in environments:
            lookups.add("environment", environment.id, environment.name)
        for component in components:
            lookups.add("component", component.id, component.ci_id)
            lookups._component[component.id] = component.name
        for package in packages:
            lookups.add("package", package.id, package.id)
            lookups._package[package.id] = (package.name, package.release_id)
        for item in schedule_items:
            lookups.add("schedule_item", item.id, item.id)
            lookups._schedule[item.id] = item.name
        lookups._add_people(list(people), team_names)
        return lookups

    def _add_people(self, people: list[dm.Person], team_names: dict[str, str]) -> None:
        names = Counter(p.name.strip().casefold() for p in people)
        qualified = {
            p.id: f"{p.name.strip()} ({team_names.get(p.team_id or '', 'no team')})" for p in people
        }
        qualified_counts = Counter(q.casefold() for q in qualified.values())
        for person in people:
            name = person.name.strip()
            if names[name.casefold()] == 1:
                shown = name
            elif qualified_counts[qualified[person.id].casefold()] == 1:
                shown = qualified[person.id]
            else:
                shown = person.id
            self.add("person", person.id, shown)
            if shown != name:  # the bare name still finds them, or says it is ambiguous
                self._ids["person"][name.casefold()].append(person.id)

    def overlay(self) -> Lookups:
        """New lookups that know everything these do, plus what is added to them: an import
        adds its records there, while the workspace's lookups stay as the workspace is."""
        return Lookups(self)

    def add(self, kind: str, record_id: str, shown: str) -> None:
        """Make ``record_id`` known under ``shown`` (and under its id)."""
        self._display[kind][record_id] = shown
        ids = self._ids[kind][shown.casefold()]
        if record_id not in ids:
            ids.append(record_id)

    def add_package(self, package_id: str, name: str, release_id: str) -> None:
        self.add("package", package_id, package_id)
        self._package[package_id] = (name, release_id)

    def add_schedule_item(self, item_id: str, name: str) -> None:
        self.add("schedule_item", item_id, item_id)
        self._schedule[item_id] = name

    def display(self, kind: str | None, record_id: str) -> str:
        """The text a sheet shows for ``record_id`` (the id itself when it is unknown)."""
        shown = self._display[kind or ""].get(record_id)
        if shown is None:
            return self._parent.display(kind, record_id) if self._parent else record_id
        return shown

    def display_map(self, kind: str) -> dict[str, str]:
        """Id → display text of every ``kind`` record (for writing many rows quickly)."""
        if self._parent is None:
            return self._display[kind]
        return self._parent.display_map(kind) | self._display[kind]

    def knows(self, kind: str, record_id: str) -> bool:
        return record_id in self._display[kind] or bool(
            self._parent and self._parent.knows(kind, record_id)
        )

    def _matches(self, kind: str, text: str) -> list[str]:
        found = list(self._ids[kind].get(text.casefold(), ()))
        if self._parent is not None:
            # A record this overlay renamed is found by its new text only.
            found += [
                i
                for i in self._parent._matches(kind, text)
                if i not in found and i not in self._display[kind]
            ]
        return found

    def resolve(self, kind: str | None, text: str) -> str:
        """The id of the ``kind`` record shown as ``text``, or named by its id.

        Raises:
            CellError: nothing matches, or several records do (naming how to tell them apart).
        """
        kind = kind or ""
        if self.knows(kind, text):
            return text
        found = self._matches(kind, text)
        if len(found) == 1:
            return found[0]
        noun = kind.replace("_", " ")
        if not found:
            raise CellError(f"no {noun} '{text}'{_hint(kind)}")
        shown = ", ".join(sorted(self.display(kind, i) for i in found)[:5])
        raise CellError(f"'{text}' names {len(found)} {noun}s ({shown}); write one of those")

    # -- derived columns -----------------------------------------------------------------------
    def derived_map(self, via: str) -> dict[str, str]:
        """Id → text for a derived column (see ``workbook_schema.DERIVED_VIEWS``): package names,
        the release key of each package, schedule item and component names.

        Raises:
            KeyError: for a view not in DERIVED_VIEWS.
        """
        inherited = self._parent.derived_map(via) if self._parent is not None else {}
        if via == "package_name":
            own = {i: name for i, (name, _) in self._package.items()}
        elif via == "package_release":
            releases = self.display_map("release")
            own = {i: releases.get(r, r) for i, (_, r) in self._package.items()}
        elif via == "schedule_name":
            own = self._schedule
        elif via == "component_name":
            own = self._component
        else:
            raise KeyError(via)
        return inherited | own

    def choices(self, kind: str) -> list[str]:
        """Every display text of ``kind``, sorted: the drop-down of a short reference list."""
        shown = dict(self._parent._display[kind]) if self._parent else {}
        shown.update(self._display[kind])
        return sorted(shown.values(), key=str.casefold)


def _hint(kind: str) -> str:
    if kind == "component":
        return " in the catalogue (add it with 'rplan components import' first)"
    if kind in ("package", "schedule_item"):
        return " (use an id from the workbook or the workspace)"
    return ""


def describe_value(value: Any) -> str:
    """A canonical value as messages and the text summary show it."""
    return "(empty)" if value is None or value == "" else str(value)
