"""ChangeSet: what one use case changed, so views refresh only what they show."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ChangeSet:
    """Ids created, updated and deleted by one operation, per entity kind (``"release"`` ...)."""

    operation: str
    created: dict[str, set[str]] = field(default_factory=dict)
    updated: dict[str, set[str]] = field(default_factory=dict)
    deleted: dict[str, set[str]] = field(default_factory=dict)

    def note(self, kind: str, entity: str, entity_id: str) -> None:
        bucket = {"create": self.created, "update": self.updated, "delete": self.deleted}[kind]
        bucket.setdefault(entity, set()).add(entity_id)

    def touches(self, entity: str) -> bool:
        return any(entity in bucket for bucket in (self.created, self.updated, self.deleted))

    @property
    def is_empty(self) -> bool:
        return not (self.created or self.updated or self.deleted)
