"""The score breakdowns as rich text (Qt-free): every number of a release's risk and readiness
scores with the input it came from and why, so nobody has to trust an unexplained "off track".

A :class:`~PySide6.QtWidgets.QTextBrowser` shows the HTML; text is selectable and copies into an
e-mail as a table. The portfolio view lists each release's score and readiness with a link
(``release:<id>``) that opens the release's own breakdown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from releaseplanner.charts.palette import DARK, LIGHT, text_on
from releaseplanner.domain.enums import RiskBand
from releaseplanner.domain.risk_score import READINESS_THRESHOLD, RELEASE_SCORE_BANDS
from releaseplanner.ui.formatting import MISSING, format_date

if TYPE_CHECKING:
    from releaseplanner.domain.risk_score import ScoreComponent
    from releaseplanner.services.risk import ReleaseRisk

#: The link scheme of a release in the portfolio summary.
RELEASE_LINK = "release:"
_PERCENT_INPUTS = {"Test pass rate"}
_CRITICAL_RED = {False: "#b91c1c", True: "#f87171"}


def band_ranges() -> str:
    """``0-24 low · 25-49 medium · 50-74 high · 75-100 critical``, from the domain's table."""
    parts, top = [], 100
    for lowest, band in RELEASE_SCORE_BANDS:
        parts.append(f"{lowest}-{top} {band.label.lower()}")
        top = lowest - 1
    return " · ".join(reversed(parts))


def chip(band: RiskBand, text: str, *, dark: bool) -> str:
    """``text`` on the band's colour, as the band chips and the charts colour it."""
    background = (DARK if dark else LIGHT).band(band)
    return (
        f'<span style="background-color:{background}; color:{text_on(background)};'
        f' font-weight:600;">&nbsp;{escape(text)}&nbsp;</span>'
    )


def format_input(component: ScoreComponent, *, fractions: bool) -> str:
    """A component's raw input as people read it: percentages for rates, days for time."""
    raw = component.raw
    if raw is None:
        return MISSING
    if fractions or component.name in _PERCENT_INPUTS:
        return f"{raw:.0%}" if float(raw) in (0.0, 1.0) else f"{raw:.1%}"
    if component.name == "Days to go-live":
        return f"{raw} days" if raw >= 0 else f"{-raw} days late"
    return f"{raw:g}" if isinstance(raw, float) else str(raw)


def _points(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def _table(components: Iterable[ScoreComponent], muted: str, *, fractions: bool) -> list[str]:
    rows = [
        '<table width="100%" cellspacing="0" cellpadding="3">',
        f'<tr style="color:{muted};"><td>Component and where it comes from</td>'
        '<td align="right">Input</td><td align="right">Points</td></tr>',
    ]
    for part in components:
        # Components that give nothing are greyed: the eye should land on what adds up.
        colour = f' style="color:{muted};"' if part.points == 0 else ""
        rows.append(
            f"<tr{colour}><td><b>{escape(part.name)}</b><br>"
            f'<span style="color:{muted};">{escape(part.explanation)}</span></td>'
            f'<td align="right" valign="top">{escape(format_input(part, fractions=fractions))}'
            f'</td><td align="right" valign="top"><b>{_points(part.points)}</b>'
            f'<span style="color:{muted};"> of {_points(part.weight)}</span></td></tr>'
        )
    rows.append("</table>")
    return rows


def release_breakdown_html(release: ReleaseRisk, *, muted: str, dark: bool = False) -> str:
    """Both scores of one release, component by component, with the blockers."""
    risk, ready = release.risk, release.readiness
    go_live = format_date(release.go_live) if release.go_live else "no go-live date"
    limit = (
        f"above its release type's limit of {risk.max_risk_score}: <b>escalate</b>"
        if risk.needs_escalation
        else f"within its release type's limit of {risk.max_risk_score}"
    )
    verdict_colour = "" if ready.ready else f' style="color:{_CRITICAL_RED[dark]};"'
    html = [
        f"<h3>{escape(release.key)} · {escape(release.name)}</h3>",
        f'<p style="color:{muted};">{escape(release.status.label)} · go-live {go_live}</p>',
        f"<h4>Risk score {risk.score} of 100 &nbsp;"
        f"{chip(risk.band, risk.band.label, dark=dark)}</h4>",
        *_table(risk.components, muted, fractions=False),
        f"<p>The score is the sum of the points, rounded: "
        f"<b>{risk.score}</b>, {limit}.<br>"
        f'<span style="color:{muted};">Bands: {band_ranges()}.</span></p>',
        f"<h4>Readiness {ready.score} of 100 &nbsp;<span{verdict_colour}>{ready.verdict}</span>"
        "</h4>",
        *_table(ready.components, muted, fractions=True),
        f"<p>Ready from <b>{ready.threshold}</b> with no blocker; blockers override the score.</p>",
    ]
    if ready.blockers:
        html.append(f'<p{verdict_colour}><b>Blockers</b></p><ul style="margin-top:0;">')
        html += [f"<li>{escape(blocker)}</li>" for blocker in ready.blockers]
        html.append("</ul>")
    else:
        html.append(f'<p style="color:{muted};">No blockers.</p>')
    return "".join(html)


def portfolio_html(releases: Sequence[ReleaseRisk], today: date, *, muted: str, dark: bool) -> str:
    """Every release's score and readiness, highest score first, each linking to its own
    breakdown."""
    if not releases:
        return (
            f'<h3>No releases yet</h3><p style="color:{muted};">Scores appear here once the '
            "workspace has releases.</p>"
        )
    html = [
        "<h3>Release risk across the portfolio</h3>",
        f'<p style="color:{muted};">Scores as of {format_date(today)}. Pick a release above, or '
        "click its key, to see every number of its score and where it comes from.</p>",
        '<table width="100%" cellspacing="0" cellpadding="3">',
        f'<tr style="color:{muted};"><td>Release</td><td>Risk score</td>'
        '<td align="right">Readiness</td></tr>',
    ]
    for release in sorted(releases, key=lambda r: (-r.risk.score, r.key)):
        ready = release.readiness
        flag = " · escalate" if release.risk.needs_escalation else ""
        score = chip(
            release.risk.band, f"{release.risk.score} {release.risk.band.label}", dark=dark
        )
        html.append(
            f'<tr><td><a href="{RELEASE_LINK}{escape(release.release_id)}">'
            f"{escape(release.key)}</a><br>"
            f'<span style="color:{muted};">{escape(release.status.label)}</span></td>'
            f"<td>{score}{flag}</td>"
            f'<td align="right">{ready.score} · {ready.verdict}</td></tr>'
        )
    html.append(
        f'</table><p style="color:{muted};">Bands: {band_ranges()}. Ready from '
        f"{READINESS_THRESHOLD} with no blocker.</p>"
    )
    return "".join(html)
