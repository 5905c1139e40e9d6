"""Assemble one document's facts: run the finders over a Context, then build the record.

Kept apart from the package ``__init__`` so that mypyc compiles it with the finders.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xietong import __version__
from xietong.extract.context import Context
from xietong.extract.dates import find_dates
from xietong.extract.indicators import find_indicators
from xietong.extract.money import find_amounts
from xietong.extract.numbers import find_quantities
from xietong.extract.organizations import find_organizations
from xietong.extract.places import find_places
from xietong.extract.projects import find_projects
from xietong.model import Amount, Document, Facts, Organization, Place

EXTRACTOR_VERSION = f"xietong-extract/{__version__}"


def as_number(value: Any) -> int | float:
    """A Decimal as an int when whole (16.4亿 → 1640000000), else a float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value  # type: ignore[no-any-return]


def analyse(doc: Document) -> Context:
    """Run the mention finders over ``doc`` (everything but projects and indicators)."""
    ctx = Context(doc)
    ctx.places = find_places(doc)
    ctx.orgs = find_organizations(doc, ctx.places)
    ctx.amounts = find_amounts(doc.text)
    ctx.quantities = find_quantities(doc.text)
    ctx.dates = find_dates(doc.text, doc.published_date)
    return ctx


def extract(doc: Document) -> Facts:
    """All facts of one normalized document, each with its evidence."""
    ctx = analyse(doc)
    places: dict[str, Place] = {}
    for m in ctx.places:
        code = m.data["adcode"]
        if code not in places:
            places[code] = Place(code, m.data["name"], ctx.evidence(m.start, m.end),
                                 m.data.get("level", ""), m.data.get("path", ""))
    orgs: dict[str, Organization] = {}
    for m in ctx.orgs:
        name = m.data["name"]
        if name not in orgs:
            orgs[name] = Organization(name, m.data["type"], ctx.evidence(m.start, m.end),
                                      tuple(m.data.get("aliases", ())))
    amounts: dict[tuple[str, Any], Amount] = {}
    for m in ctx.amounts:
        key = (m.data["currency"], m.data["value"])
        if key not in amounts:
            amounts[key] = Amount(m.text, as_number(m.data["value"]), m.data["currency"],
                                  m.data["qualifier"], ctx.evidence(m.start, m.end))
    return Facts(
        id=doc.id,
        title=doc.title,
        published=doc.published_date,
        source=doc.source,
        places=tuple(places.values()),
        organizations=tuple(orgs.values()),
        amounts=tuple(amounts.values()),
        projects=tuple(find_projects(ctx)),
        indicators=tuple(find_indicators(ctx)),
        extractor=EXTRACTOR_VERSION,
    )
