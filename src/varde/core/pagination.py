"""API pagination."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Window
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request


class CountInPagePagination(LimitOffsetPagination):
    """Limit/offset pagination that reads the total from the page query itself
    (``COUNT(*) OVER ()``) instead of a separate ``COUNT(*)``: a name search over a national
    register then runs once, not twice. Same response shape as ``LimitOffsetPagination``."""

    def paginate_queryset(  # type: ignore[override]
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        """Only for querysets (every list endpoint here pages a queryset)."""
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        self.offset = self.get_offset(request)
        counted = queryset.annotate(_window_total=Window(Count("pk")))
        page = list(counted[self.offset : self.offset + self.limit])
        if page:
            self.count = page[0]._window_total
        else:  # past the end (or nothing found): the count needs its own query
            self.count = queryset.count() if self.offset else 0
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        return page
