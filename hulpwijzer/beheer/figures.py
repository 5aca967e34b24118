"""make report's anonymous counts (scripts/report.py) for the report page and its CSV:
per gemeente and week, only counts, never a message text or a sender."""
from __future__ import annotations

import io
from collections import Counter
from typing import Dict, List, Optional

from hulpwijzer.beheer import project
from hulpwijzer.beheer.models import NATIONAL_SLUG


def counts() -> Optional[Counter]:
    """The counts from the tracker store the bot writes (the same settings as make report);
    None when there is no store to read yet."""
    report = project.make_report
    try:
        return report.count(report.read_rows(report.database_url()))
    except Exception:  # noqa: BLE001 - no database yet, or not reachable: the page says so
        return None


def visible_gemeenten(user, slugs: List[str]) -> Optional[set]:
    """The gemeente names this user may see figures of; None means all (national editors, admins)."""
    if user.is_superuser or NATIONAL_SLUG in slugs:
        return None
    from hulpwijzer.beheer.editing import published

    return {published(f"{slug}.yml").gemeente for slug in slugs}


def only(all_counts: Counter, gemeenten: Optional[set]) -> Counter:
    return Counter({key: n for key, n in all_counts.items() if gemeenten is None or key[0] in gemeenten})


def charts(data: Counter) -> List[Dict]:
    """Per gemeente: each week (help questions, not understood, crisis net) and each topic."""
    report = project.make_report
    labels = {t.id: t.label for t in project.concepts.topics()}
    out = []
    for place in report._ordered_places(data):
        weeks = []
        for week in sorted({k[1] for k in data if k[0] == place}):
            asked = sum(n for (g, w, what), n in data.items() if g == place and w == week and what in labels)
            weeks.append({"week": week, "asked": asked, "fallback": data[(place, week, report.FALLBACK)],
                          "crisis": data[(place, week, report.CRISIS)]})
        topics = Counter()
        for (g, _, what), n in data.items():
            if g == place and what in labels:
                topics[labels[what]] += n
        most = max([w["asked"] for w in weeks] + [w["fallback"] for w in weeks] + list(topics.values()) + [1])
        out.append({"place": place, "weeks": weeks, "most": most,
                    "topics": [{"label": label, "count": n, "width": round(100 * n / most)} for label, n in topics.most_common()]})
    return out


def csv_text(data: Counter) -> str:
    out = io.StringIO()
    project.make_report.csv_report(data, out)
    return out.getvalue()
