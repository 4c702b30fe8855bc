"""The admin, usable with a screen reader: what Django's own widgets leave unnamed gets a name.

- A tabular inline's inputs sit under column headings, with no label of their own: each input
  is named after its column (and the row's delete box says what it deletes).
- The two-list picker (filter_horizontal) puts aria-labels on plain text; short choices (a
  course's audiences) are shown as checkboxes instead.
- Autocomplete boxes are named by `static/js/admin-a11y.js`, on every admin page.
"""

from django import forms
from django.contrib import admin


class LabelledFormsetMixin:
    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            if field.widget.is_hidden:
                continue
            label = field.label or name.replace("_", " ")
            field.widget.attrs.setdefault("aria-label", str(label))


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose every input carries its column's name."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (LabelledFormsetMixin, formset), {})


class CheckboxChoicesMixin:
    """Many-to-many fields with a few choices, shown as checkboxes (named, and easier to tap)."""

    checkbox_fields: tuple[str, ...] = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkbox_fields:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)
