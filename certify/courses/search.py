"""The catalogue's text search: PostgreSQL full text (stemmed, ranked), or SQLite's plain match.

On PostgreSQL a course matches when its search document matches the words (websearch syntax:
quotes, `or`, `-word`), through the GIN index of migration 0002. Matches are ranked by the title
(weight A) and the document (weight B), best first, then by title. The weighted vector is read
from the generated column of migration 0004: computing it for every match at query time cost
about 20 ms for a common word at 5,000 courses. SQLite has no full-text search here: every word
must appear as typed.
"""

from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import Col, Expression

from certify.courses.models import Course

SEARCH_CONFIG = "english"
MAX_LENGTH = 200
MAX_WORDS_SQLITE = 10


class StoredSearchVector(Expression):
    """`courses_course.search_vector` (migration 0004, PostgreSQL only), which no model field
    declares. Resolved against the query's own course table, so that the queryset can also be
    used as a subquery (where Django renames the table)."""

    output_field = SearchVectorField()

    # It resolves to a plain column, not to itself as the stubs expect.
    def resolve_expression(  # type: ignore[override]
        self,
        query: Any = None,
        allow_joins: bool = True,
        reuse: set[str] | None = None,
        summarize: bool = False,
        for_save: bool = False,
    ) -> Col:
        column = SearchVectorField()
        column.set_attributes_from_name("search_vector")
        return Col(query.get_initial_alias(), column)


def search(qs: QuerySet[Course], text: str) -> QuerySet[Course]:
    text = " ".join(text.split())[:MAX_LENGTH]
    if not text:
        return qs
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        # The filter's expression matches the GIN index of migration 0002 exactly.
        document = SearchVector("search_document", config=SEARCH_CONFIG)
        return (
            qs.alias(document=document)
            .filter(document=query)
            .annotate(rank=SearchRank(StoredSearchVector(), query))
            .order_by("-rank", "title", "id")
        )
    for word in text.split()[:MAX_WORDS_SQLITE]:
        qs = qs.filter(search_document__icontains=word)
    return qs
