"""The admin's search, fast at a district's size: each word is looked for in the model's own
columns and, through a subquery each, in related rows (the residents, courses and events of
sign-ups; the doers of deeds). A subquery per relation lets PostgreSQL use the trigram index of
each column (migration community 0015) and needs no DISTINCT, where Django's search across joins
scans every sign-up."""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal


def _words(search_term: str) -> list[str]:
    words = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        if bit:
            words.append(bit)
    return words


class IndexedSearchMixin:
    """`search_own` are the model's columns; `search_through` maps a lookup that selects this
    model's rows by a set of related keys (e.g. "resident__in", or "pk__in" with a reverse
    relation's column) to the related queryset's model, the columns searched there and the
    column whose values go into the lookup."""

    search_own: tuple[str, ...] = ()
    search_through: tuple[tuple[str, object, tuple[str, ...], str], ...] = ()
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        words = _words(search_term)
        if not words:
            return queryset, False
        for word in words:
            conditions = [Q(**{f"{column}__icontains": word}) for column in self.search_own]
            for lookup, model, columns, key in self.search_through:
                related = model._default_manager.filter(
                    reduce(or_, (Q(**{f"{column}__icontains": word}) for column in columns))
                )
                conditions.append(Q(**{lookup: related.values(key)}))
            queryset = queryset.filter(reduce(or_, conditions))
        return queryset, False
