"""The status page's Atom 1.0 feed (RFC 4287): one entry per incident and maintenance
window of the page, each with a permanent ``tag:`` id, its title, its ``updated``
instant (when it last changed: resolved, else started; a window's announcement, else
its start) and a link to the page. Built with ElementTree: every text is escaped."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from slaledger.adapters.web.i18n import Formatter
from slaledger.services.status_page import StatusIncident, StatusMaintenance, StatusView

ATOM = "http://www.w3.org/2005/Atom"
#: the authority and date of the ids: fixed, so an entry's id never changes
TAG = "tag:slaledger.invalid,2024:status"


def _instant(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def incident_updated(incident: StatusIncident, at: int) -> int:
    return min(at, incident.resolved or incident.started or at)


def maintenance_updated(window: StatusMaintenance, at: int) -> int:
    return min(at, window.announced_at if window.announced_at is not None else window.start)


def atom_feed(
    view: StatusView, *, fmt: Formatter, page_url: str, feed_url: str, author: str
) -> bytes:
    """The feed of ``view`` in the formatter's language; ``page_url`` and ``feed_url``
    carry no token (the reader's own address keeps it)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(
        f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": fmt.language}
    )
    entries = []
    zone = view.zone
    for incident in view.incidents:
        state = fmt.gettext("resolved") if incident.resolved is not None else fmt.gettext("open")
        started = fmt.instant(_aware(incident.started), zone)
        summary = fmt.gettext("Incident %(id)s, started %(start)s (%(zone)s)") % {
            "id": incident.id, "start": started, "zone": zone,
        }  # fmt: skip
        if incident.resolved is not None:
            summary += fmt.gettext(", resolved %(end)s") % {
                "end": fmt.instant(_aware(incident.resolved), zone)
            }
        entries.append((
            incident_updated(incident, view.at),
            f"{TAG}/{view.contract}/incident/{incident.id}",
            f"{fmt.gettext('Incident')} {incident.id} ({state})",
            incident.started,
            summary,
            f"{page_url}#incident-{incident.id}",
        ))  # fmt: skip
    for window in view.maintenance:
        words = "Maintenance %(kind)s of %(service)s, %(start)s to %(end)s (%(zone)s)"
        summary = fmt.gettext(words) % {
            "kind": window.kind, "service": window.service or view.title,
            "start": fmt.instant(_aware(window.start), zone),
            "end": fmt.instant(_aware(window.end), zone), "zone": zone,
        }  # fmt: skip
        key = f"{window.service}/{window.start}-{window.end}"
        entries.append((
            maintenance_updated(window, view.at),
            f"{TAG}/{view.contract}/maintenance/{key}",
            f"{fmt.gettext('Maintenance')} {fmt.instant(_aware(window.start), zone)}",
            window.announced_at,
            summary,
            f"{page_url}#maintenance",
        ))  # fmt: skip
    entries.sort(key=lambda e: -e[0])
    _text(feed, "id", f"{TAG}/{view.contract}")
    _text(feed, "title", f"{fmt.gettext('Service status')} · {view.title}")
    _text(feed, "updated", _instant(max([e[0] for e in entries], default=view.at)))
    author_element = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author_element, "name", author)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": feed_url,
                                             "type": "application/atom+xml"})  # fmt: skip
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": page_url,
                                             "type": "text/html"})  # fmt: skip
    for updated, ident, title, published, summary, link in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", ident)
        _text(entry, "title", title)
        _text(entry, "updated", _instant(updated))
        if published is not None and published <= view.at:
            _text(entry, "published", _instant(published))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": link})
        _text(entry, "summary", summary)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body


def _text(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = text


def _aware(epoch: int | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)
