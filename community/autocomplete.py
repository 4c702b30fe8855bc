"""The admin's autocomplete fields, safe with whatever value a form is posted with.

When a form comes back with its errors, Django's autocomplete widget looks the posted value up as
an id of the related row; a value that is no id at all ("abc", "1\x00", twenty digits) makes that
query fail, so the page answers 500 instead of showing the error. These widgets leave such values
out: the field's own error ("select a valid choice") is still shown.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _KnownValuesOnly:
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self._is_an_id(v)], attr)

    def _is_an_id(self, value) -> bool:
        target = self.field.target_field
        try:
            target.run_validators(target.to_python(value))
        except ValidationError:
            return False
        return True


class SafeAutocompleteSelect(_KnownValuesOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_KnownValuesOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """For every ModelAdmin or inline with `autocomplete_fields`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
