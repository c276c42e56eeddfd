"""Initial schema: the whole release-management domain, and an append-only journal.

Revision ID: 0001_initial
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


# The journal is the audit trail: the database itself refuses to rewrite or erase it.
_SQLITE_JOURNAL_GUARDS = [
    "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal "
    "BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END",
    "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal "
    "BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END",
]
_POSTGRES_JOURNAL_GUARDS = [
    "CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'the journal is append-only'; END $$",
    "CREATE TRIGGER journal_no_change BEFORE UPDATE OR DELETE ON journal "
    "FOR EACH ROW EXECUTE FUNCTION journal_append_only()",
]


def _create_journal_guards() -> None:
    dialect = op.get_bind().dialect.name
    statements = {
        "sqlite": _SQLITE_JOURNAL_GUARDS,
        "postgresql": _POSTGRES_JOURNAL_GUARDS,
    }
    for statement in statements.get(dialect, []):
        op.execute(statement)


def _drop_journal_guards() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS journal_no_update")
        op.execute("DROP TRIGGER IF EXISTS journal_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS journal_no_change ON journal")
        op.execute("DROP FUNCTION IF EXISTS journal_append_only()")


def upgrade() -> None:
    op.create_table(
        "baselines",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baselines")),
        sa.UniqueConstraint("name", name=op.f("uq_baselines_name")),
    )
    op.create_table(
        "components",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("ci_id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("version", sa.String(length=60), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("parent_id", sa.String(length=24), nullable=True),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["components.id"],
            name=op.f("fk_components_parent_id_components"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_components")),
        sa.UniqueConstraint("ci_id", name=op.f("uq_components_ci_id")),
    )
    with op.batch_alter_table("components", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_components_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "environments",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("tier", sa.String(length=32), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_environments")),
        sa.UniqueConstraint("name", name=op.f("uq_environments_name")),
    )
    op.create_table(
        "journal",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("operation", sa.String(length=300), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("release_id", sa.String(length=24), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal")),
    )
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journal_at"), ["at"], unique=False)
        batch_op.create_index("ix_journal_entity", ["entity", "entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_journal_release_id"), ["release_id"], unique=False)

    op.create_table(
        "release_types",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("els_days", sa.Integer(), nullable=False),
        sa.Column("review_due_days", sa.Integer(), nullable=False),
        sa.Column("max_risk_score", sa.Integer(), nullable=False),
        sa.Column("min_test_pass_rate", sa.Float(), nullable=False),
        sa.Column("requires_backout_plan", sa.Boolean(), nullable=False),
        sa.Column("may_override_freeze", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_types")),
        sa.UniqueConstraint("key", name=op.f("uq_release_types_key")),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    op.create_table(
        "baseline_items",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("baseline_id", sa.String(length=24), nullable=False),
        sa.Column("schedule_item_id", sa.String(length=24), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=False),
        sa.Column("planned_end", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["baseline_id"],
            ["baselines.id"],
            name=op.f("fk_baseline_items_baseline_id_baselines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baseline_items")),
    )
    with op.batch_alter_table("baseline_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_baseline_items_baseline_id"), ["baseline_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_baseline_items_schedule_item_id"),
            ["schedule_item_id"],
            unique=False,
        )

    op.create_table(
        "freeze_windows",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("environment_id", sa.String(length=24), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["environment_id"],
            ["environments.id"],
            name=op.f("fk_freeze_windows_environment_id_environments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_freeze_windows")),
    )
    with op.batch_alter_table("freeze_windows", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_freeze_windows_environment_id"),
            ["environment_id"],
            unique=False,
        )

    op.create_table(
        "people",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("team_id", sa.String(length=24), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_people_team_id_teams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_team_id"), ["team_id"], unique=False)

    op.create_table(
        "policy_rules",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("release_type_id", sa.String(length=24), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("parameter", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_type_id"],
            ["release_types.id"],
            name=op.f("fk_policy_rules_release_type_id_release_types"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_rules")),
    )
    with op.batch_alter_table("policy_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_policy_rules_release_type_id"),
            ["release_type_id"],
            unique=False,
        )

    op.create_table(
        "releases",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("release_type_id", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.String(length=24), nullable=True),
        sa.Column("team_id", sa.String(length=24), nullable=True),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_go_live", sa.Date(), nullable=True),
        sa.Column("actual_start", sa.Date(), nullable=True),
        sa.Column("actual_go_live", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_releases_owner_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["release_type_id"],
            ["release_types.id"],
            name=op.f("fk_releases_release_type_id_release_types"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_releases_team_id_teams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_releases")),
        sa.UniqueConstraint("key", name=op.f("uq_releases_key")),
    )
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_releases_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_releases_release_type_id"), ["release_type_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_releases_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_releases_team_id"), ["team_id"], unique=False)

    op.create_table(
        "approvals",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("release_id", sa.String(length=24), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("approver", sa.String(length=120), nullable=False),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_approvals_release_id_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approvals")),
    )
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_approvals_release_id"), ["release_id"], unique=False)

    op.create_table(
        "deployments",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("release_id", sa.String(length=24), nullable=False),
        sa.Column("environment_id", sa.String(length=24), nullable=False),
        sa.Column("planned_start", sa.DateTime(), nullable=False),
        sa.Column("planned_end", sa.DateTime(), nullable=False),
        sa.Column("result", sa.String(length=32), nullable=False),
        sa.Column("actual_start", sa.DateTime(), nullable=True),
        sa.Column("actual_end", sa.DateTime(), nullable=True),
        sa.Column("deployed_by", sa.String(length=120), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["environment_id"],
            ["environments.id"],
            name=op.f("fk_deployments_environment_id_environments"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_deployments_release_id_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deployments")),
    )
    with op.batch_alter_table("deployments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deployments_environment_id"),
            ["environment_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_deployments_release_id"), ["release_id"], unique=False)

    op.create_table(
        "els_criteria",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("release_id", sa.String(length=24), nullable=False),
        sa.Column("criterion", sa.Text(), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("signed_off_by", sa.String(length=120), nullable=False),
        sa.Column("signed_off_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_els_criteria_release_id_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_els_criteria")),
    )
    with op.batch_alter_table("els_criteria", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_els_criteria_release_id"), ["release_id"], unique=False
        )

    op.create_table(
        "incidents",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("severity", sa.String(length=32), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("release_id", sa.String(length=24), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("environment_id", sa.String(length=24), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("caused_by_release", sa.Boolean(), nullable=False),
        sa.Column("advice", sa.Text(), nullable=False),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["environment_id"],
            ["environments.id"],
            name=op.f("fk_incidents_environment_id_environments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_incidents_release_id_releases"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incidents_environment_id"), ["environment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_incidents_release_id"), ["release_id"], unique=False)

    op.create_table(
        "release_packages",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("release_id", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=24), nullable=True),
        sa.Column("owner_id", sa.String(length=24), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_release_packages_owner_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_release_packages_release_id_releases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_release_packages_team_id_teams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_packages")),
    )
    with op.batch_alter_table("release_packages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_release_packages_owner_id"), ["owner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_release_packages_release_id"), ["release_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_release_packages_team_id"), ["team_id"], unique=False)

    op.create_table(
        "reviews",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("release_id", sa.String(length=24), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("facilitator", sa.String(length=120), nullable=False),
        sa.Column("participants", sa.Text(), nullable=False),
        sa.Column("objectives_met", sa.String(length=32), nullable=True),
        sa.Column("went_well", sa.Text(), nullable=False),
        sa.Column("went_wrong", sa.Text(), nullable=False),
        sa.Column("lessons", sa.Text(), nullable=False),
        sa.Column("close_code", sa.String(length=32), nullable=True),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_reviews_release_id_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("release_id", name=op.f("uq_reviews_release_id")),
    )
    op.create_table(
        "risk_snapshots",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("release_id", sa.String(length=24), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(length=16), nullable=False),
        sa.Column("breakdown", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_risk_snapshots_release_id_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_snapshots")),
    )
    with op.batch_alter_table("risk_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_risk_snapshots_release_id"), ["release_id"], unique=False
        )

    op.create_table(
        "build_runs",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("package_id", sa.String(length=24), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=60), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("result", sa.String(length=32), nullable=False),
        sa.Column("link", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["release_packages.id"],
            name=op.f("fk_build_runs_package_id_release_packages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_build_runs")),
    )
    with op.batch_alter_table("build_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_build_runs_package_id"), ["package_id"], unique=False)

    op.create_table(
        "change_items",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("package_id", sa.String(length=24), nullable=False),
        sa.Column("ticket_ref", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=True),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["release_packages.id"],
            name=op.f("fk_change_items_package_id_release_packages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_items")),
    )
    with op.batch_alter_table("change_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_change_items_package_id"), ["package_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_change_items_ticket_ref"), ["ticket_ref"], unique=False
        )

    op.create_table(
        "package_components",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("package_id", sa.String(length=24), nullable=False),
        sa.Column("component_id", sa.String(length=24), nullable=False),
        sa.Column("from_version", sa.String(length=60), nullable=False),
        sa.Column("to_version", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["component_id"],
            ["components.id"],
            name=op.f("fk_package_components_component_id_components"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["release_packages.id"],
            name=op.f("fk_package_components_package_id_release_packages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package_components")),
        sa.UniqueConstraint(
            "package_id", "component_id", name=op.f("uq_package_components_package_id")
        ),
    )
    with op.batch_alter_table("package_components", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_package_components_component_id"),
            ["component_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_package_components_package_id"), ["package_id"], unique=False
        )

    op.create_table(
        "review_actions",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("review_id", sa.String(length=24), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["reviews.id"],
            name=op.f("fk_review_actions_review_id_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_actions")),
    )
    with op.batch_alter_table("review_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_actions_review_id"), ["review_id"], unique=False
        )

    op.create_table(
        "risks",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("release_id", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.String(length=24), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.String(length=24), nullable=True),
        sa.Column("mitigation", sa.Text(), nullable=False),
        sa.Column("contingency", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("residual_likelihood", sa.Integer(), nullable=True),
        sa.Column("residual_impact", sa.Integer(), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_risks_owner_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["release_packages.id"],
            name=op.f("fk_risks_package_id_release_packages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_risks_release_id_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risks")),
    )
    with op.batch_alter_table("risks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risks_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_risks_package_id"), ["package_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_risks_release_id"), ["release_id"], unique=False)

    op.create_table(
        "schedule_items",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("release_id", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=False),
        sa.Column("planned_end", sa.Date(), nullable=False),
        sa.Column("package_id", sa.String(length=24), nullable=True),
        sa.Column("environment_id", sa.String(length=24), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("actual_start", sa.Date(), nullable=True),
        sa.Column("actual_end", sa.Date(), nullable=True),
        sa.Column("team_id", sa.String(length=24), nullable=True),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["environment_id"],
            ["environments.id"],
            name=op.f("fk_schedule_items_environment_id_environments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["release_packages.id"],
            name=op.f("fk_schedule_items_package_id_release_packages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_schedule_items_release_id_releases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_schedule_items_team_id_teams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_items")),
    )
    with op.batch_alter_table("schedule_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_schedule_items_environment_id"),
            ["environment_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_schedule_items_package_id"), ["package_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_schedule_items_planned_start"),
            ["planned_start"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_schedule_items_release_id"), ["release_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_schedule_items_team_id"), ["team_id"], unique=False)

    op.create_table(
        "test_runs",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("package_id", sa.String(length=24), nullable=False),
        sa.Column("suite", sa.String(length=32), nullable=False),
        sa.Column("run_on", sa.Date(), nullable=False),
        sa.Column("passed", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("blocked", sa.Integer(), nullable=False),
        sa.Column("environment_id", sa.String(length=24), nullable=True),
        sa.Column("tester", sa.String(length=120), nullable=False),
        sa.Column("signed_off_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["environment_id"],
            ["environments.id"],
            name=op.f("fk_test_runs_environment_id_environments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["release_packages.id"],
            name=op.f("fk_test_runs_package_id_release_packages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_test_runs")),
    )
    with op.batch_alter_table("test_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_test_runs_environment_id"), ["environment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_test_runs_package_id"), ["package_id"], unique=False)

    op.create_table(
        "dependencies",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("predecessor_id", sa.String(length=24), nullable=False),
        sa.Column("successor_id", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("lag_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["schedule_items.id"],
            name=op.f("fk_dependencies_predecessor_id_schedule_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"],
            ["schedule_items.id"],
            name=op.f("fk_dependencies_successor_id_schedule_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dependencies")),
        sa.UniqueConstraint(
            "predecessor_id",
            "successor_id",
            name=op.f("uq_dependencies_predecessor_id"),
        ),
    )
    with op.batch_alter_table("dependencies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dependencies_predecessor_id"),
            ["predecessor_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_dependencies_successor_id"), ["successor_id"], unique=False
        )

    _create_journal_guards()


def downgrade() -> None:
    _drop_journal_guards()
    with op.batch_alter_table("dependencies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dependencies_successor_id"))
        batch_op.drop_index(batch_op.f("ix_dependencies_predecessor_id"))

    op.drop_table("dependencies")
    with op.batch_alter_table("test_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_test_runs_package_id"))
        batch_op.drop_index(batch_op.f("ix_test_runs_environment_id"))

    op.drop_table("test_runs")
    with op.batch_alter_table("schedule_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedule_items_team_id"))
        batch_op.drop_index(batch_op.f("ix_schedule_items_release_id"))
        batch_op.drop_index(batch_op.f("ix_schedule_items_planned_start"))
        batch_op.drop_index(batch_op.f("ix_schedule_items_package_id"))
        batch_op.drop_index(batch_op.f("ix_schedule_items_environment_id"))

    op.drop_table("schedule_items")
    with op.batch_alter_table("risks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risks_release_id"))
        batch_op.drop_index(batch_op.f("ix_risks_package_id"))
        batch_op.drop_index(batch_op.f("ix_risks_owner_id"))

    op.drop_table("risks")
    with op.batch_alter_table("review_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_actions_review_id"))

    op.drop_table("review_actions")
    with op.batch_alter_table("package_components", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_package_components_package_id"))
        batch_op.drop_index(batch_op.f("ix_package_components_component_id"))

    op.drop_table("package_components")
    with op.batch_alter_table("change_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_items_ticket_ref"))
        batch_op.drop_index(batch_op.f("ix_change_items_package_id"))

    op.drop_table("change_items")
    with op.batch_alter_table("build_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_build_runs_package_id"))

    op.drop_table("build_runs")
    with op.batch_alter_table("risk_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_snapshots_release_id"))

    op.drop_table("risk_snapshots")
    op.drop_table("reviews")
    with op.batch_alter_table("release_packages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_release_packages_team_id"))
        batch_op.drop_index(batch_op.f("ix_release_packages_release_id"))
        batch_op.drop_index(batch_op.f("ix_release_packages_owner_id"))

    op.drop_table("release_packages")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_release_id"))
        batch_op.drop_index(batch_op.f("ix_incidents_environment_id"))

    op.drop_table("incidents")
    with op.batch_alter_table("els_criteria", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_els_criteria_release_id"))

    op.drop_table("els_criteria")
    with op.batch_alter_table("deployments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deployments_release_id"))
        batch_op.drop_index(batch_op.f("ix_deployments_environment_id"))

    op.drop_table("deployments")
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approvals_release_id"))

    op.drop_table("approvals")
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_releases_team_id"))
        batch_op.drop_index(batch_op.f("ix_releases_status"))
        batch_op.drop_index(batch_op.f("ix_releases_release_type_id"))
        batch_op.drop_index(batch_op.f("ix_releases_owner_id"))

    op.drop_table("releases")
    with op.batch_alter_table("policy_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_rules_release_type_id"))

    op.drop_table("policy_rules")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_team_id"))

    op.drop_table("people")
    with op.batch_alter_table("freeze_windows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_freeze_windows_environment_id"))

    op.drop_table("freeze_windows")
    with op.batch_alter_table("baseline_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_baseline_items_schedule_item_id"))
        batch_op.drop_index(batch_op.f("ix_baseline_items_baseline_id"))

    op.drop_table("baseline_items")
    op.drop_table("teams")
    op.drop_table("release_types")
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_release_id"))
        batch_op.drop_index("ix_journal_entity")
        batch_op.drop_index(batch_op.f("ix_journal_at"))

    op.drop_table("journal")
    op.drop_table("environments")
    with op.batch_alter_table("components", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_components_parent_id"))

    op.drop_table("components")
    op.drop_table("baselines")
