"""Request and response models of the JSON API (rows are the store's dataclasses)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from xietong.serve.api.aggregates import Bubble, Destination, Flow, IndicatorRow, YearStatus
from xietong.serve.api.search import SearchHit
from xietong.store.queries import ArticleRow, FactRow, OrgRow, PlaceRow, ProjectRow


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. not_found, unauthorized.")
    message: str


class ErrorResponse(BaseModel):
    """The one error shape of the API."""

    error: ErrorBody


class ProjectPage(BaseModel):
    items: list[ProjectRow]
    total: int
    limit: int
    offset: int


class ArticlePage(BaseModel):
    items: list[ArticleRow]
    limit: int
    offset: int


class FactPage(BaseModel):
    items: list[FactRow]
    limit: int
    offset: int


class OrgPage(BaseModel):
    items: list[OrgRow]
    limit: int
    offset: int


class PlacePage(BaseModel):
    items: list[PlaceRow]


class IndicatorPage(BaseModel):
    items: list[IndicatorRow]
    limit: int
    offset: int


class SearchPage(BaseModel):
    q: str
    items: list[SearchHit]
    limit: int
    offset: int


class Rate(BaseModel):
    group: str
    label: str
    signed: int
    landed: int
    rate: float | None


class Overview(BaseModel):
    by_year_status: list[YearStatus]
    destinations: list[Destination]
    rates: list[Rate]


class FlowList(BaseModel):
    items: list[Flow]


class BubbleList(BaseModel):
    items: list[Bubble]


class PlaceOrg(BaseModel):
    id: int
    name: str
    n_projects: int


class PlaceDetail(BaseModel):
    adcode: str
    name: str
    level: str
    path: str
    lon: float | None
    lat: float | None
    projects: list[ProjectRow]
    n_projects: int
    orgs: list[PlaceOrg]
    indicators: list[IndicatorRow]


class CorrectBody(BaseModel):
    """Fields to set on a fact, e.g. ``{"changes": {"status": "operating"}}``."""

    changes: dict[str, Any]


class WrongBody(BaseModel):
    wrong: bool = True


class MergeBody(BaseModel):
    source: int
    target: int


class EditDone(BaseModel):
    edit_id: int
    author: str
