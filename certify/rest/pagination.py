"""The one pagination style of the API: pages, with bounds (a huge page number is a 422)."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 100_000


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
        page_size: int | None = Field(None, ge=1, le=200, description="Items per page (≤ 200).")
