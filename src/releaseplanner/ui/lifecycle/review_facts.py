"""The pre-filled facts of a post-release review as HTML for a read-only pane (Qt-free).

The facts come from the records (:class:`~releaseplanner.domain.review_prefill.ReviewPrefill`):
planned vs actual with the variance, deployments and rollbacks, incidents of early-life support
by severity, the latest test results, the risks that occurred. They are shown, not edited: to
change one, correct the record it comes from. Late milestones and failures are red so the
meeting starts where it should.
"""

from __future__ import annotations

from html import escape

from releaseplanner.domain.enums import DeploymentResult
from releaseplanner.domain.review_prefill import ReviewPrefill
from releaseplanner.ui.formatting import MISSING, format_date, format_short_date, plural
from releaseplanner.ui.lifecycle.texts import format_delay, format_rate, format_variance

BAD = "#b91c1c"
GOOD = "#166534"
_CELL = "padding: 2px 12px 2px 0;"


def _table(header: list[str], rows: list[list[str]], *, right: set[int] | None = None) -> str:
    right = right or set()
    head = "".join(
        f"<th nowrap align='{'right' if i in right else 'left'}' style='{_CELL}'>{escape(h)}</th>"
        for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td nowrap align='{'right' if i in right else 'left'}' style='{_CELL}'>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table cellspacing='0'><tr>{head}</tr>{body}</table>"


def _coloured(text: str, colour: str) -> str:
    return f"<span style='color:{colour}'>{escape(text)}</span>"


def _section(title: str, body: str) -> str:
    return f"<p style='margin: 14px 0 4px 0; font-size: large'><b>{escape(title)}</b></p>{body}"


def facts_html(prefill: ReviewPrefill, *, muted: str) -> str:
    """The review's facts, section by section, as the pane shows them."""
    p = prefill
    parts = [
        f"<p style='margin:0; font-size: x-large'><b>{escape(p.release_key)} · "
        f"{escape(p.release_name)}</b></p>"
    ]
    parts.append(
        f"<p style='color:{muted}; margin-top:2px'>{escape(p.release_type)} release · facts "
        "from the records; correct a record to change them</p>"
    )
    parts.append(_section("Planned vs actual", _milestones(p, muted)))
    parts.append(_section("Deployments", _deployments(p, muted)))
    parts.append(_section("Early-life support", _incidents(p, muted)))
    parts.append(_section("Test results (latest run per suite)", _tests(p, muted)))
    parts.append(_section("Risks that occurred", _risks(p, muted)))
    return "".join(parts)


def _milestones(p: ReviewPrefill, muted: str) -> str:
    rows = []
    for m in p.milestones:
        variance = m.variance_days
        text = format_variance(variance)
        if variance is not None and variance > 0:
            text = _coloured(text, BAD)
        elif variance is None and m.planned is not None and m.planned < p.today:
            text = _coloured("not done", BAD)
        rows.append(
            [
                escape(m.name),
                format_short_date(m.planned) or MISSING,
                format_short_date(m.actual) or MISSING,
                text,
            ]
        )
    table = _table(["Milestone", "Planned", "Actual", "Variance"], rows)
    verdict = p.on_schedule
    planned = p.go_live.planned
    if verdict is None and planned is not None and planned < p.today:
        late = format_variance((p.today - planned).days)
        lead = f"<p>{_coloured(f'Not live yet: {late} against the planned go-live.', BAD)}</p>"
    elif verdict is None:
        lead = f"<p style='color:{muted}'>Not live yet.</p>"
    elif verdict:
        lead = f"<p>{_coloured('Went live on schedule.', GOOD)}</p>"
    else:
        late = format_variance(p.go_live.variance_days)
        lead = f"<p>{_coloured(f'Went live {late}.', BAD)}</p>"
    return lead + table


def _deployments(p: ReviewPrefill, muted: str) -> str:
    if not p.deployments:
        return f"<p style='color:{muted}'>No deployments recorded.</p>"
    rollbacks, failed = len(p.rollbacks), len(p.failed_deployments)
    summary = (
        f"{plural(len(p.deployments), 'deployment')}, {len(p.production_deployments)} to production"
    )
    trouble = []
    if failed:
        trouble.append(plural(failed, "failure"))
    if rollbacks:
        trouble.append(plural(rollbacks, "rollback"))
    summary += " · " + (_coloured(", ".join(trouble), BAD) if trouble else "no failures")
    rows = []
    for d in p.deployments:
        result = d.result.label
        if d.result in (DeploymentResult.FAILED, DeploymentResult.ROLLED_BACK):
            result = _coloured(result, BAD)
        name = f"<b>{escape(d.environment)}</b>" if d.production else escape(d.environment)
        minutes = d.actual_minutes
        rows.append(
            [
                name,
                format_short_date(d.planned_start.date()),
                format_delay(d.start_delay_minutes),
                f"{minutes} of {d.planned_minutes} min" if minutes is not None else MISSING,
                result,
            ]
        )
    header = ["Environment", "Planned", "Start", "Took", "Result"]
    return f"<p>{summary}</p>" + _table(header, rows)


def _incidents(p: ReviewPrefill, muted: str) -> str:
    if p.els_start is None or p.els_end is None:
        return f"<p style='color:{muted}'>Not live yet: no early-life support window.</p>"
    window = f"{format_date(p.els_start)} to {format_date(p.els_end)}"
    counts = " · ".join(
        f"{severity.label}: {count}" for severity, count in p.incidents_by_severity.items()
    )
    lines = [f"<p>{window}<br>{plural(len(p.els_incidents), 'incident')} ({counts})"]
    if p.caused_incidents:
        lines.append(f"<br>{_coloured(f'{p.caused_incidents} caused by the release', BAD)}")
    if p.open_incidents:
        lines.append(f"<br>{_coloured(f'{p.open_incidents} still open', BAD)}")
    signed = p.els_exit_signed_off
    if signed is None:
        lines.append(f"<br><span style='color:{muted}'>No exit criteria recorded.</span>")
    else:
        met = sum(1 for c in p.els_criteria if c.met)
        text = f"Exit criteria: {met} of {len(p.els_criteria)} signed off"
        lines.append(f"<br>{_coloured(text, GOOD if signed else BAD)}")
    return "".join(lines) + "</p>"


def _tests(p: ReviewPrefill, muted: str) -> str:
    if not p.test_results:
        return f"<p style='color:{muted}'>No test runs recorded.</p>"
    rows = [
        [
            escape(t.suite.label),
            format_short_date(t.last_run_on),
            f"{t.passed:,}",
            _coloured(f"{t.failed:,}", BAD) if t.failed else "0",
            format_rate(t.pass_rate),
        ]
        for t in p.test_results
    ]
    return _table(["Suite", "Last run", "Passed", "Failed", "Pass rate"], rows, right={2, 3, 4})


def _risks(p: ReviewPrefill, muted: str) -> str:
    score = p.risk_score_at_go_live
    rating = f"Risk score at go-live: {score}" if score is not None else "No risk score at go-live"
    if not p.risks_occurred:
        return f"<p>{rating}<br><span style='color:{muted}'>No risk occurred.</span></p>"
    items = "".join(
        f"<li>{escape(r.title)} <span style='color:{muted}'>(score {r.score})</span></li>"
        for r in p.risks_occurred
    )
    return f"<p>{rating}</p><ul style='margin-top:0'>{items}</ul>"
