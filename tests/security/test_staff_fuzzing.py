"""Property-based fuzzing of the staff side, as a superuser over the demo programme: the staff and
cadre pages, and every admin list's query string, add form and change form. No input gives a
server error, and a refused post writes nothing."""

import io
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib import admin
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.forms import DateListField
from community.models import User
from merit_register.forms import BoardPeriodForm, BoardPostForm, LedgerPeriodForm
from merit_register.models import Board
from schools.forms import SessionGenerateForm
from schools.models import Cadre, Course, CourseSession, Enrolment, StudyAssignment
from volunteers.forms import SaturdaysForm
from volunteers.models import Child, Shift, TutoringSession

# Ids and numbers a form or a filter might choke on, next to any text and control characters.
NASTY = st.one_of(
    st.sampled_from(
        [
            "",
            "abc",
            "\x00",
            "1\x00",
            "0",
            "-1",
            "1.5",
            "1e3",
            "99999999999999999999",
            "9223372036854775808",
            " 1",
            "١٢",
            "²",
            "１",
            "\u202e1",
            "' OR 1=1 --",
            "<script>",
            "张桂英",
            "a" * 3000,
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=8),
)
DATES = st.one_of(
    NASTY,
    st.sampled_from(
        ["0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "2026-10-01", "2026-13-01"]
    ),
    st.dates().map(str),
)
TIMES = st.one_of(NASTY, st.sampled_from(["00:00", "23:59", "24:00", "9:00", "25:61"]))
FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ADMIN_FUZZ = settings(FUZZ, max_examples=6)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo programme, loaded once for the module and rolled back after it."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        boss = User.objects.create_superuser(mobile="13911112222", name="超级管理员", password="x")
        Cadre.objects.create(name="超级管理员", department="党政办", user=boss)
        # Check the deferred foreign keys now, once: left queued, each test's teardown would
        # check them all again inside its savepoint.
        connection.check_constraints()
        yield boss
        transaction.set_rollback(True)


@pytest.fixture
def boss_client(demo, db, client, settings):
    settings.PUBLIC_FORM_POSTS_PER_MINUTE = 1_000_000
    client.force_login(demo)
    client.get(reverse("two_factor"))  # setting up the second factor makes its device once
    return client


def fingerprint() -> list:
    """Per table, the rows this transaction has inserted, updated or deleted so far, even in a
    savepoint rolled back since (PostgreSQL counts attempts). Sessions are left out: every request
    touches its own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables"
            " WHERE relname <> 'django_session' AND n_tup_ins + n_tup_upd + n_tup_del > 0"
        )
        return cursor.fetchall()


def refused(response) -> bool:
    """The form came back with its errors, or the page said it could not do it."""
    errors = [m for m in get_messages(response.wsgi_request) if m.level >= constants.WARNING]
    return response.status_code == 200 or bool(errors)


def survives(client, method, url, data, may_write=frozenset()):
    """One request inside a savepoint, so each example starts from the same rows."""
    client.cookies.pop(CookieStorage.cookie_name, None)  # no message left from the last example
    with transaction.atomic():
        before = fingerprint()
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, (url, data, response.status_code)
        if method == "get" or refused(response):
            written = [row for row in set(fingerprint()) - set(before) if row[0] not in may_write]
            assert not written, (url, data, "refused, yet wrote", written)
        transaction.set_rollback(True)
    return response


# --- Staff and cadre pages -----------------------------------------------------------------------


def a_course():
    return Course.objects.filter(enrolments__status=Enrolment.Status.CONFIRMED).first()


def a_past_session():
    return CourseSession.objects.filter(
        ends_at__lt=timezone.now(), course__enrolments__status=Enrolment.Status.CONFIRMED
    ).first()


def a_saturday():
    return TutoringSession.objects.filter(
        pk__in=Shift.objects.live().values("session"), date__lte=timezone.localdate()
    ).first()


def a_coming_saturday():
    return TutoringSession.objects.filter(
        pk__in=Shift.objects.live().values("session"), date__gte=timezone.localdate()
    ).first()


def fields_of(form_class, **more) -> dict:
    """A strategy per field of the form, by its kind, and for any further names given."""
    kinds = {forms.DateField: DATES, forms.TimeField: TIMES, DateListField: DATES}
    fields = {
        name: next((s for kind, s in kinds.items() if isinstance(field, kind)), NASTY)
        for name, field in form_class.base_fields.items()
    }
    return {**fields, **more}


def pairing_fields() -> dict:
    """The coordinator's choice per child, under the real children's names and made-up ones."""
    saturday = a_coming_saturday()
    children = (
        Child.objects.active()
        .with_live_consent()
        .filter(station=saturday.station)
        .values_list("pk", flat=True)
    )
    volunteers = [str(pk) for pk in saturday.shifts.values_list("volunteer", flat=True)]
    choice = st.one_of(NASTY, st.sampled_from(volunteers))
    names = [f"child-{pk}" for pk in children[:4]] + ["child-abc", "child-\x00", "child-1e99"]
    return dict.fromkeys(names, choice)


STAFF_PAGES = {
    "course list": ("get", lambda: reverse("schools:staff_course_list"), {"page": NASTY}),
    "counter search": (
        "get",
        lambda: reverse("schools:staff_counter", args=[a_course().pk]),
        {"q": NASTY, "page": NASTY},
    ),
    "counter sign-up of a resident": (
        "post",
        lambda: reverse("schools:staff_counter", args=[a_course().pk]),
        {"resident": NASTY},
    ),
    "counter record of a new resident": (
        "post",
        lambda: reverse("schools:staff_counter", args=[a_course().pk]),
        {
            "create": NASTY,
            "name": NASTY,
            "mobile": NASTY,
            "community": NASTY,
            "birth_year": NASTY,
            "someone_else": NASTY,
        },
    ),
    "counter cancel on someone's behalf": (
        "post",
        lambda: reverse(
            "schools:staff_counter_cancel",
            args=[a_course().pk, a_course().enrolments.filter(status="confirmed").first().pk],
        ),
        {"confirm": NASTY},
    ),
    "course sessions from a rule": (
        "post",
        lambda: reverse("schools:staff_sessions_generate", args=[a_course().pk]),
        lambda: fields_of(SessionGenerateForm),
    ),
    "course attendance": (
        "post",
        lambda: reverse("schools:staff_attendance", args=[a_past_session().pk]),
        {"present": st.lists(NASTY, max_size=4)},
    ),
    "cadre marks an assignment done": (
        "post",
        lambda: reverse("schools:assignment_done"),
        {"assignment": NASTY},
    ),
    "cadre hands in a reading note": (
        "post",
        lambda: reverse("schools:cadre_page"),
        {"study": NASTY, "text": NASTY},
    ),
    "saturdays from a rule": (
        "post",
        lambda: reverse("volunteers:staff_sessions"),
        lambda: fields_of(SaturdaysForm),
    ),
    "saturday attendance": (
        "post",
        lambda: reverse("volunteers:staff_session", args=[a_saturday().pk]),
        {"attended": st.lists(NASTY, max_size=4)},
    ),
    "pairing": (
        "post",
        lambda: reverse("volunteers:staff_pairing", args=[a_coming_saturday().pk]),
        pairing_fields,
    ),
    "merit ledger": (
        "get",
        lambda: reverse("merit_register:staff_ledger"),
        lambda: fields_of(LedgerPeriodForm),
    ),
    "posting a board": (
        "post",
        lambda: reverse(
            "merit_register:staff_board_post", args=[Board.objects.order_by("pk").first().pk]
        ),
        lambda: fields_of(BoardPostForm),
    ),
    "board checklist period": (
        "get",
        lambda: reverse(
            "merit_register:staff_board_compose", args=[Board.objects.order_by("pk").first().pk]
        ),
        lambda: fields_of(BoardPeriodForm),
    ),
    "composing a board": (
        "post",
        lambda: reverse(
            "merit_register:staff_board_compose", args=[Board.objects.order_by("pk").first().pk]
        ),
        {"deeds": st.lists(NASTY, max_size=4)},
    ),
    "cadres' reading notes": (
        "get",
        lambda: reverse("schools:staff_cadre_notes"),
        {"month": NASTY},
    ),
    "cadres' reading notes (Excel)": (
        "get",
        lambda: reverse("schools:staff_cadre_notes_export"),
        {"month": NASTY},
    ),
    "dashboard": ("get", lambda: reverse("dashboard"), {"year": NASTY, "x": NASTY}),
    "second factor": ("post", lambda: reverse("two_factor"), {"token": NASTY, "next": NASTY}),
}
# A wrong code counts towards django-otp's throttle: a write the refusal is meant to make.
MAY_WRITE = {"second factor": {"otp_totp_totpdevice"}}


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_no_input_breaks_a_staff_page(boss_client, page):
    method, url_of, fields = STAFF_PAGES[page]
    url = url_of()
    fields = fields() if callable(fields) else fields

    @FUZZ
    @given(st.fixed_dictionaries({}, optional=fields))
    def run(data):
        survives(boss_client, method, url, data, may_write=MAY_WRITE.get(page, set()))

    run()


@pytest.mark.parametrize("year", ["0", "1999", "99999999999999999999"])
def test_no_year_breaks_the_dashboard_or_the_summary(boss_client, year):
    for name in ("dashboard_year", "summary", "summary_workbook"):
        response = boss_client.get(reverse(name, args=[int(year)]))
        assert response.status_code == 200, (name, year)


def test_a_refused_assignment_says_why_and_marks_nothing(boss_client):
    before = fingerprint()

    response = boss_client.post(
        reverse("schools:assignment_done"), {"assignment": "abc"}, follow=True
    )

    assert fingerprint() == before
    assert [str(m) for m in response.context["messages"]] == [_("Choose a study assignment.")]
    assignment = StudyAssignment.objects.first()
    boss_client.post(reverse("schools:assignment_done"), {"assignment": assignment.pk})
    assert assignment.completions.filter(cadre__user__mobile="13911112222").exists()
    assert fingerprint() != before  # the same check sees a write when there is one


def test_a_malformed_pairing_is_refused_and_pairs_nobody(boss_client):
    saturday = a_coming_saturday()
    child = Child.objects.active().with_live_consent().filter(station=saturday.station).first()
    before = fingerprint()

    response = boss_client.post(
        reverse("volunteers:staff_pairing", args=[saturday.pk]), {f"child-{child.pk}": "²"}
    )

    assert response.status_code == 200
    assert fingerprint() == before
    assert [str(m) for m in response.context["messages"]] == [
        _("Choose each child's volunteer from the list.")
    ]


@pytest.mark.parametrize(
    ("first", "last"),
    [("9999-12-25", "9999-12-31"), ("0001-01-01", "0001-01-31"), ("2026-09-01", "2036-09-01")],
)
@pytest.mark.parametrize("page", ["course sessions from a rule", "saturdays from a rule"])
def test_a_rule_off_the_calendar_or_longer_than_a_year_is_refused(boss_client, page, first, last):
    _method, url_of, _fields = STAFF_PAGES[page]
    data = {
        **{"weekday": "6", "start_time": "09:00", "end_time": "10:00", "capacity": "10"},
        **{"starts_at": "09:00", "ends_at": "11:30", "places": "10"},
        **{"first_date": first, "last_date": last},
    }

    response = survives(boss_client, "post", url_of(), data)

    assert response.status_code == 200
    assert response.context["form"].errors


# --- The admin -----------------------------------------------------------------------------------

ADMINS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def list_parameters(model_admin) -> list[str]:
    """The query-string names the list's filters, search, ordering, paging and dates answer to."""
    names = ["o", "q", "p", "all", "e", "_to_field", "_popup", "_facets", "x"]
    for entry in model_admin.list_filter:
        if isinstance(entry, str):
            names += [entry, f"{entry}__exact", f"{entry}__id__exact", f"{entry}__isnull"]
            names += [f"{entry}__gte", f"{entry}__lt"]
    if field := model_admin.date_hierarchy:
        names += [f"{field}__year", f"{field}__month", f"{field}__day"]
    return names


@pytest.mark.parametrize(
    "query",
    [
        {"q": "\x00"},
        {"status__exact": "draft\x00"},
        {"created_at__year": "2147483648"},
        {"created_at__year": "9999"},
        {"created_at__year": "2026", "created_at__month": "99999999999999999999"},
    ],
)
def test_a_nul_or_an_impossible_date_in_an_admin_list_is_a_bad_request(boss_client, query):
    url = admin_url(Course, "changelist")

    assert boss_client.get(url, query).status_code == 400
    assert boss_client.get(url, {"created_at__year": "2026"}).status_code == 200


# The admin's date filters turn a typed date into a naive datetime: Django warns, the page works.
@pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime:RuntimeWarning")
@pytest.mark.parametrize("model", ADMINS, ids=lambda model: model._meta.label)
def test_no_query_string_breaks_an_admin_list(boss_client, model):
    url = admin_url(model, "changelist")
    names = list_parameters(admin.site._registry[model])

    @ADMIN_FUZZ
    @given(st.dictionaries(st.sampled_from(names), NASTY, max_size=4))
    def run(query):
        survives(boss_client, "get", url, query)

    run()


class FormFields(HTMLParser):
    """What a browser would post from the page's main form: its fields with their values."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self.select = self.textarea = None
        self.autocompleted = []  # the names of the fields with an autocomplete widget

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or (tag != "form" and "name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"file", "submit", "button", "image", "reset"}:
                self.add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self.select = [attrs["name"], "multiple" in attrs, None, False]
            if "admin-autocomplete" in attrs.get("class", ""):
                self.autocompleted.append(attrs["name"])
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select[2] is None:
                self.select[2] = value
            if "selected" in attrs:
                self.add(self.select[0], value)
                self.select[3] = True
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.add(self.textarea, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            name, multiple, first, chosen = self.select
            if not chosen and not multiple and first is not None:
                self.add(name, first)
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data


def admin_form(page, model) -> FormFields:
    parser = FormFields(f"{model._meta.model_name}_form")
    parser.feed(page.content.decode())
    assert parser.data, page.wsgi_request.path
    return parser


def check_admin_form(client, url, model):
    page = client.get(url)
    if page.status_code == 403:  # a log nobody writes by hand
        return
    assert page.status_code == 200, (url, page.status_code)
    form = admin_form(page, model).data
    names = sorted(name for name in form if name != "csrfmiddlewaretoken")
    if not names:  # every field read-only: the form as shown is all there is to post
        survives(client, "post", url, form)
        return

    @ADMIN_FUZZ
    @given(st.dictionaries(st.sampled_from(names), NASTY, min_size=1, max_size=4))
    def run(changes):
        survives(client, "post", url, {**form, **changes})

    run()


@pytest.mark.parametrize("model", ADMINS, ids=lambda model: model._meta.label)
def test_no_input_breaks_an_admin_add_form(boss_client, model):
    check_admin_form(boss_client, admin_url(model, "add"), model)


@pytest.mark.parametrize("model", ADMINS, ids=lambda model: model._meta.label)
def test_no_input_breaks_an_admin_change_form(boss_client, model):
    row = model._default_manager.order_by("pk").first()
    if row is None:
        pytest.skip(f"the demo has no {model._meta.verbose_name}")
    check_admin_form(boss_client, admin_url(model, "change", row.pk), model)


def has_autocomplete(model) -> bool:
    model_admin = admin.site._registry[model]
    return any(part.autocomplete_fields for part in [model_admin, *model_admin.inlines])


@pytest.mark.parametrize(
    "model", [m for m in ADMINS if has_autocomplete(m)], ids=lambda model: model._meta.label
)
def test_an_autocomplete_field_posted_with_no_id_gets_its_form_error(boss_client, model):
    url = admin_url(model, "add")
    form = admin_form(boss_client.get(url), model)
    assert form.autocompleted

    for name in form.autocompleted:
        response = survives(boss_client, "post", url, {**form.data, name: "abc"})
        assert response.status_code == 200, name


# --- Chinese everywhere ------------------------------------------------------------------------

# Words that stay as they are in Chinese text: file formats and protocols, key names in Django's
# own help ("按住 Control 键，或者 Mac 上的 Command 键"), the language switch's "English", and the
# alt texts Django's admin templates write in English (yes/no icons, the search icon).
ALLOWED_WORDS = {
    "Excel",
    "Word",
    "PDF",
    "LDAP",
    "TOTP",
    "Control",
    "Command",
    "Mac",
    "English",
    "True",
    "False",
    "None",
    "Search",
}
# Other packages' own logs, shown to superusers only: their field values are data.
THIRD_PARTY = {"axes", "otp_totp", "django_tasks_database"}


class VisibleText(HTMLParser):
    """The text a person sees or hears: element text, titles, labels, alt texts, button values."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self.hidden += 1
        attributes = dict(attrs)
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attributes.get(name):
                self.parts.append(attributes[name])
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"}:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def english_words(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    text = re.sub(r"\S+@\S+|\S*/\S*", " ", text)  # addresses, links and file names are data
    return set(re.findall(r"[A-Za-z][A-Za-z']{2,}", text)) - ALLOWED_WORDS


def chinese_pages():
    yield reverse("admin:index")
    for model in ADMINS:
        if model._meta.app_label in THIRD_PARTY:
            continue
        yield admin_url(model, "changelist")
        yield admin_url(model, "add")
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            yield admin_url(model, "change", row.pk)
    course = a_course()
    yield from [
        reverse("workbench"),
        reverse("schools:staff_course_list"),
        reverse("schools:staff_counter", args=[course.pk]),
        reverse("schools:staff_sessions_generate", args=[course.pk]),
        reverse("schools:staff_attendance", args=[a_past_session().pk]),
        reverse("schools:staff_broadcast", args=[course.pk]),
        reverse("schools:staff_exam_progress"),
        reverse("schools:staff_cadre_notes"),
        reverse("volunteers:staff_sessions"),
        reverse("volunteers:staff_session", args=[a_saturday().pk]),
        reverse("volunteers:staff_pairing", args=[a_coming_saturday().pk]),
        reverse("merit_register:staff_boards_posted"),
        reverse("dashboard"),
        reverse("summary", args=[timezone.localdate().year]),
        reverse("summary_edit", args=[timezone.localdate().year]),
        reverse("summary_print", args=[timezone.localdate().year]),
    ]


def test_the_admin_and_the_staff_pages_speak_chinese(boss_client):
    """In Chinese, no English word on the pages staff use, whatever data the demo holds."""
    found = {}
    for url in chinese_pages():
        page = boss_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if page.status_code in {403, 302}:
            continue
        assert page.status_code == 200, url
        for word in english_words(page.content.decode()):
            found.setdefault(word, url)
    assert found == {}, " ".join(f"{w}@{u}" for w, u in sorted(found.items()))
