"""Server-side SVG charts: one code path for the web pages and the PDF report.

Written by hand: two kinds of horizontal stacked bars do not justify matplotlib at request time
(the app must start without it), and plain SVG renders identically in browsers and WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape

PALETTE = ["#0b5cad", "#2e8b57", "#d08c00", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#34495e"]
LABEL_WIDTH = 230
BAR_WIDTH = 420
ROW = 26
FONT = 'font-family="Noto Sans CJK SC, sans-serif" font-size="12"'


def _svg(width: int, height: int, body: list[str], title: str) -> Markup:
    return Markup(  # noqa: S704  # every text in `body` and the title went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _clip(text: str, limit: int = 18) -> str:
    """A label that fits beside the bars: cut with an ellipsis, never silently."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(text: str, y: int) -> str:
    """A row label; a cut one carries its whole text in a <title> (a tooltip, and read aloud)."""
    shown = _clip(text)
    whole = f"<title>{escape(text)}</title>" if shown != text else ""
    return f'<text x="0" y="{y}" {FONT}>{whole}{escape(shown)}</text>'


def _legend(items: list[tuple[str, str]], y: int) -> list[str]:
    parts, x = [], LABEL_WIDTH
    for label, colour in items:
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 11}" {FONT}>{escape(label)}</text>')
        x += 26 + 13 * len(label)
    return parts


def stacked_groups(
    result: dict[str, Any],
    criteria: list[dict[str, Any]],
    names: dict[str, str],
    group_labels: Mapping[str, Any],
) -> Markup:
    """Each ranked bid's points, stacked by criterion group, on a 0–100 scale.

    `group_labels` gives the groups in the order to stack them, with their labels.
    """
    groups = [g for g in group_labels if any(c["group"] == g for c in criteria)]
    group_of = {c["id"]: c["group"] for c in criteria}
    colours = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
    body: list[str] = []
    ranking = result["ranking"]
    for row_index, row in enumerate(ranking):
        y = 10 + row_index * ROW
        label = f"{row['rank']}. {names.get(row['bid'], row['bid'])}"
        body.append(_label(label, y + 14))
        x = float(LABEL_WIDTH)
        for group in groups:
            points = sum(p for cid, p in row["points"].items() if group_of.get(cid) == group)
            width = BAR_WIDTH * points / 100
            if width > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="18" fill="{colours[group]}">'
                    f"<title>{escape(str(group_labels.get(group, group)))} {points:.2f}</title></rect>"
                )
            x += width
        body.append(f'<text x="{x + 6:.1f}" y="{y + 14}" {FONT}>{row["total"]:.2f}</text>')
    legend_y = 14 + len(ranking) * ROW
    body += _legend([(str(group_labels.get(g, g)), colours[g]) for g in groups], legend_y)
    return _svg(LABEL_WIDTH + BAR_WIDTH + 60, legend_y + 24, body, _("Points by group"))


def rank_acceptability(result: dict[str, Any], names: dict[str, str]) -> Markup:
    """For each bid, the share of weight perturbations at each rank (rank 1 darkest)."""
    sensitivity = result.get("sensitivity")
    if not sensitivity:
        return Markup("")
    rows = [row["bid"] for row in result["ranking"]]
    ranks = max((len(sensitivity["acceptability"][b]) for b in rows), default=0)
    shades = [f"hsl(212, 70%, {25 + 55 * i / max(ranks - 1, 1):.0f}%)" for i in range(ranks)]
    body: list[str] = []
    for row_index, bid in enumerate(rows):
        y = 10 + row_index * ROW
        body.append(_label(names.get(bid, bid), y + 14))
        x = float(LABEL_WIDTH)
        for rank_index, share in enumerate(sensitivity["acceptability"][bid]):
            width = BAR_WIDTH * share
            if width > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="18" '
                    f'fill="{shades[rank_index]}"><title>{escape(_("Rank %(n)s", n=rank_index + 1))} '
                    f"{share:.1%}</title></rect>"
                )
            x += width
        first = sensitivity["acceptability"][bid][0] if ranks else 0
        body.append(
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + 14}" {FONT}>{first:.0%}</text>'
        )
    legend_y = 14 + len(rows) * ROW
    body += _legend([(_("Rank %(n)s", n=i + 1), shades[i]) for i in range(min(ranks, 6))], legend_y)
    return _svg(LABEL_WIDTH + BAR_WIDTH + 60, legend_y + 24, body, _("Rank acceptability"))


def _grade_colour(grade: str) -> str:
    """The same colour for a grade everywhere: A green, B blue, C amber, the rest red."""
    return PALETTE[{"A": 1, "B": 0, "C": 2}.get(grade, 4)]


def score_history(points: list[tuple[str, float, str]]) -> Markup:
    """A company's total score per period (label, total, grade), as vertical bars on a 0–100 scale."""
    if not points:
        return Markup("")
    height, column, top = 160, 90, 20
    body: list[str] = []
    for line in (60, 75, 90):
        y = top + height - height * line / 100
        body.append(f'<line x1="30" y1="{y:.1f}" x2="{30 + column * len(points)}" y2="{y:.1f}" '
                    f'stroke="#bbb" stroke-dasharray="3 3"/>')  # fmt: skip
        body.append(f'<text x="0" y="{y + 4:.1f}" {FONT}>{line}</text>')
    for index, (label, total, grade) in enumerate(points):
        bar = height * max(0.0, min(total, 100.0)) / 100
        x = 40 + index * column
        colour = _grade_colour(grade)
        body.append(
            f'<rect x="{x}" y="{top + height - bar:.1f}" width="{column - 30}" height="{bar:.1f}" '
            f'fill="{colour}"><title>{escape(label)} {total:.2f} {escape(grade)}</title></rect>'
        )
        body.append(
            f'<text x="{x}" y="{top + height - bar - 4:.1f}" {FONT}>{total:.2f} {escape(grade)}</text>'
        )
        body.append(
            f'<text x="{x}" y="{top + height + 16}" {FONT}>{escape(_clip(label, 8))}</text>'
        )
    return _svg(50 + column * len(points), top + height + 26, body, _("Total score by period"))


def grade_bars(counts: dict[str, int]) -> Markup:
    """How many companies took each grade."""
    total = sum(counts.values()) or 1
    body: list[str] = []
    for index, (grade, count) in enumerate(counts.items()):
        y = 6 + index * ROW
        width = BAR_WIDTH * count / total
        body.append(f'<text x="0" y="{y + 14}" {FONT}>{escape(grade)}</text>')
        body.append(
            f'<rect x="30" y="{y}" width="{width:.1f}" height="18" fill="{_grade_colour(grade)}"/>'
        )
        body.append(
            f'<text x="{36 + width:.1f}" y="{y + 14}" {FONT}>{count}（{count / total:.0%}）</text>'
        )
    return _svg(BAR_WIDTH + 110, 10 + len(counts) * ROW, body, _("Companies by grade"))
