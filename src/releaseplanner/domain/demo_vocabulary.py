"""The demo portfolio's words: areas, products, names, components, packages and the texts of
its changes, risks, incidents and reviews.

Plain data for :mod:`releaseplanner.domain.demo_plan` and :mod:`releaseplanner.domain.
demo_history`; changing a list changes the demo's names and texts (and, where a generator draws
from it, which random choices follow), never its stories.
"""

from __future__ import annotations

from releaseplanner.domain.enums import (
    ChangeKind,
    ComponentType,
    IncidentCategory,
    RiskCategory,
)

STORY_NOTES = {
    "rolled_back": "Rolled back on go-live night after customer-facing failures.",
    "hotfix": "Emergency fix for the failures that forced the previous release back.",
    "freeze": "Certificate rotation and base-image patches, deployed over the year-end.",
    "undeployed": "Go-live missed: the business owner rejected the UAT sign-off.",
    "short_lead": "Raised late for a fixed marketing date.",
}

# (area, code for keys and tickets, product); a division takes two product areas and a platform.
PRODUCT_AREAS = (
    ("Payments", "PAY", "Payments API"),
    ("Identity", "IAM", "Identity Service"),
    ("Checkout", "CHK", "Checkout Web"),
    ("Billing", "BIL", "Billing Engine"),
    ("Search", "SRC", "Search Service"),
    ("Notifications", "NTF", "Notification Hub"),
    ("Onboarding", "ONB", "Onboarding Portal"),
    ("Loyalty", "LOY", "Loyalty Programme"),
    ("Pricing", "PRC", "Pricing Engine"),
    ("Orders", "ORD", "Order Service"),
)
PLATFORM_AREAS = (
    ("Platform", "PLT", "Platform"),
    ("Data Platform", "DAT", "Data Platform"),
    ("Cloud Infrastructure", "CLD", "Cloud Foundation"),
    ("Observability", "OBS", "Observability Stack"),
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Later laps of the area lists get a region (then a number), which keeps team names unique.
REGIONS = tuple(
    tuple(pair.split(":"))
    for pair in ("EMEA:EM", "Americas:AM", "APAC:AP", "Nordics:NO", "DACH:DA", "Japan:JP")
)


def region(lap: int) -> tuple[str, str]:
    """The name and short code of the ``lap``-th lap of a list: none for the first, then
    :data:`REGIONS`, then "Unit 7", "7" and so on."""
    if lap == 0:
        return "", ""
    if lap <= len(REGIONS):
        name, short = REGIONS[lap - 1]
        return name, short
    return f"Unit {lap}", str(lap)


FIRST_NAMES = _words(
    "Amara Ben Chloe Dev Elena Farid Grace Hugo Ines Jonas Kira Liam Maya Noah Olga Priya "
    "Quentin Rosa Sam Tariq Uma Viktor Wen Yusuf Zoe Alice Bruno Carmen Diego Eva"
)
LAST_NAMES = _words(
    "Okafor Schmidt Novak Patel Rossi Lindqvist Moreau Tanaka Silva Kowalski Byrne Haddad "
    "Jansen Costa Nguyen Fischer Ahmed Murphy Dubois Kim Larsen Mendes Ivanova Brown Garcia"
)

# A product team's components ({a}: area, {p}: product); the first is the parent of the rest.
PRODUCT_COMPONENTS = (
    ("{a} Suite", ComponentType.APPLICATION),
    ("{p}", ComponentType.SERVICE),
    ("{a} Worker", ComponentType.SERVICE),
    ("{a} Web UI", ComponentType.APPLICATION),
    ("{a} DB schema", ComponentType.DATABASE_SCHEMA),
    ("{a} Config", ComponentType.CONFIGURATION),
    ("{a} Client SDK", ComponentType.LIBRARY),
)
PLATFORM_COMPONENTS = (
    ("Kubernetes Cluster", ComponentType.INFRASTRUCTURE),
    ("Service Mesh Config", ComponentType.CONFIGURATION),  # a child of the cluster
    ("API Gateway", ComponentType.SERVICE),
    ("Customer DB schema", ComponentType.DATABASE_SCHEMA),
    ("Message Broker", ComponentType.INFRASTRUCTURE),
    ("Common HTTP Library", ComponentType.LIBRARY),
    ("Feature Flag Service", ComponentType.SERVICE),
    ("Logging Stack", ComponentType.INFRASTRUCTURE),
    ("Secrets Vault", ComponentType.INFRASTRUCTURE),
    ("CI Pipeline Templates", ComponentType.CONFIGURATION),
)
SHARED_DB = 3  # the platform's Customer DB schema: the component two releases fight over
SHAREABLE = (2, 5, 6)  # platform components that product releases often change too
FEAT, FIX, CONF, INFRA = tuple(ChangeKind)
# Packages: (name, indices into the team's components, the kinds of change they carry).
PRODUCT_PACKAGES = (
    ("Core service", (1, 2), (FEAT, FEAT, FIX)),
    ("Web front end", (3,), (FEAT, FIX)),
    ("Database migration", (4,), (INFRA, FEAT)),
    ("Configuration", (5,), (CONF,)),
    ("Client SDK", (6,), (FEAT, FIX)),
)
PLATFORM_PACKAGES = (
    ("Cluster upgrade", (0, 1), (INFRA, CONF)),
    ("Gateway and routing", (2,), (CONF, INFRA)),
    ("Data services", (3, 4), (INFRA, FEAT)),
    ("Shared libraries", (5, 6), (FEAT, FIX)),
    ("Observability", (7,), (INFRA, CONF)),
    ("Build and secrets", (8, 9), (INFRA, CONF)),
)
CHANGE_TITLES = {  # {p}: the product
    FEAT: (
        "Add CSV export of {p} history",
        "Support bulk updates in {p}",
        "Show an audit trail on {p} records",
        "Retry {p} webhooks with back-off",
        "Localise {p} e-mails into German and French",
    ),
    FIX: (
        "Fix timeout when the {p} queue is long",
        "Fix rounding of totals in {p} reports",
        "Fix time-zone shift in scheduled {p} jobs",
        "Fix memory leak in the {p} worker",
    ),
    CONF: (
        "Raise the {p} connection pool size",
        "Rotate TLS certificates",
        "Enable the phased roll-out flag",
    ),
    INFRA: (
        "Upgrade base images to Debian 12",
        "Move the {p} database to the new cluster",
        "Upgrade the Kubernetes node pool",
    ),
}

SUITE_NAMES = {
    "integration": "Integration test",
    "system": "System test",
    "regression": "Regression test",
    "uat": "UAT",
    "performance": "Performance test",
    "security": "Security test",
}

# -- what happened: risks, incidents, early-life support and reviews ({p}: the product) --------
RISKS = {  # category: (title, mitigation, contingency); {p}: the product
    RiskCategory.TECHNICAL: (
        "Schema migration may lock the main {p} table",
        "Rehearse the online migration on a production-sized copy",
        "Back out with the down-migration script",
    ),
    RiskCategory.SCHEDULE: (
        "Key developer on leave during UAT",
        "Pair a second developer on the hand-over",
        "Move UAT by one week",
    ),
    RiskCategory.RESOURCE: (
        "Only one engineer knows the {p} deployment scripts",
        "Write the runbook and shadow the next deployment",
        "Ask the platform team for on-call cover",
    ),
    RiskCategory.BUSINESS: (
        "Marketing launch date for {p} cannot move",
        "Agree a reduced scope with the business owner",
        "Launch behind a feature flag",
    ),
    RiskCategory.SECURITY: (
        "Penetration test findings for {p} not yet triaged",
        "Book the security review before code freeze",
        "Ship with the affected endpoint disabled",
    ),
    RiskCategory.COMPLIANCE: (
        "Audit evidence for {p} changes not collected",
        "Attach test evidence to every change item",
        "Ask compliance for a documented exception",
    ),
    RiskCategory.OPERATIONAL: (
        "Alerting for {p} not updated for the new services",
        "Review dashboards and alerts with operations",
        "Extra on-call cover during early-life support",
    ),
}
INCIDENTS_CAUSED = (
    "{p}: error rate above 5% after go-live",
    "{p}: duplicate records created by the nightly job",
    "{p}: slow responses on the main page",
    "{p}: wrong totals in the daily report",
)
INCIDENTS_OTHER = (
    (IncidentCategory.QUERY, "How do I export the new {p} report?"),
    (IncidentCategory.ENVIRONMENT, "Disk space alert on the shared database host"),
    (IncidentCategory.ENHANCEMENT, "Request: filter {p} history by date range"),
)
ELS_CRITERIA = (
    "Users can work with the service unaided",
    "Service levels met consistently for five working days",
    "Training and knowledge transfer to the service desk done",
    "Service owner has signed off",
)
WENT_WELL = (
    "Deployment finished inside the window",
    "Clear go/no-go with all three fronts covered",
    "Early-life support staffed from day one",
)
WENT_WRONG = (
    "Test data did not match production volumes",
    "Late scope change squeezed UAT",
    "Release notes reached the service desk late",
)
LESSONS = (
    "Rehearse the back-out, not only the deployment",
    "Freeze scope before the system test starts",
    "Invite the service desk to the go/no-go",
)
ACTIONS = (
    "Add a production-sized data set to the test environment",
    "Automate the smoke test after deployment",
    "Update the runbook with the back-out timings",
    "Alert on the error rate of the new endpoint",
    "Agree a scope-freeze date with the business owner",
)
