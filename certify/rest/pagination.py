"""The one pagination style of the API: pages, with bounds (a huge page number is a 422)."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 100_000


class Pagination(PageNumberPagination):
    """`@paginate(Pagination, read=rows_read)`: `rows_read(page's rows)` reads what each row says
    for the whole page at once (e.g. whether each certificate has lapsed), so a page of 200 rows
    costs the queries of a page of one."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
        page_size: int | None = Field(None, ge=1, le=200, description="Items per page (≤ 200).")

    def __init__(self, *, read: Callable[[list[Any]], object] | None = None, **kwargs: Any):
        self.read = read
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        if self.read is not None:
            rows = list(page[self.items_attribute])
            self.read(rows)
            page[self.items_attribute] = rows
        return page
