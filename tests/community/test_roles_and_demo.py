import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from community import roles
from community.models import Community, Resident, Street, User
from schools.models import Cadre, School


def table_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_the_role_groups_exist_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL)
    street_admin = Group.objects.get(name=roles.STREET_ADMIN)
    assert street_admin.permissions.filter(codename="change_resident").exists()
    reviewer = Group.objects.get(name=roles.MERIT_REVIEWER)
    assert not reviewer.permissions.filter(codename="change_resident").exists()


@pytest.mark.django_db
def test_load_demo_creates_the_street_and_running_it_twice_changes_nothing(capsys):
    call_command("load_demo")
    first = table_counts()
    call_command("load_demo")

    assert table_counts() == first
    street = Street.objects.get()
    assert street.name.endswith("路街道")
    assert Community.objects.filter(street=street).count() == 8
    assert Resident.objects.count() >= 8 * 20
    assert "residents: 0 new" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_demo_staff_account_is_made_once_and_its_password_shown_once(capsys, monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    call_command("ensure_demo_admin")
    first = capsys.readouterr().out
    call_command("ensure_demo_admin")
    second = capsys.readouterr().out

    admin = User.objects.get()
    password = first.split("password ")[1].split()[0]
    assert admin.check_password(password)
    assert admin.is_staff and admin.groups.filter(name=roles.STREET_ADMIN).exists()
    assert password not in second


@pytest.mark.django_db
def test_the_demo_password_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "演示-口令-2026")
    call_command("ensure_demo_admin")

    assert User.objects.get().check_password("演示-口令-2026")


DEMO_PASSWORD = "演示-口令-2026"
# The demo login of each role the walkthrough used, and where each lands after logging in.
DEMO_LOGINS = {
    "13900000000": (roles.STREET_ADMIN, "workbench"),
    "13900000002": (roles.SCHOOL_MANAGER, "workbench"),
    "13900000003": (roles.STATION_COORDINATOR, "workbench"),
    "13900000004": (roles.MERIT_REVIEWER, "workbench"),
    "13900000005": (None, "schools:cadre_page"),
}


def lands_on(mobile: str, password: str) -> str:
    """Where a login with the password leads: its landing page, opened."""
    person = Client()
    answer = person.post(reverse("login"), {"username": mobile, "password": password})
    assert answer.status_code == 302, mobile
    landing = person.get(answer.url)
    assert landing.status_code == 302, mobile
    assert person.get(landing.url).status_code == 200, mobile
    return landing.url


@pytest.mark.django_db
def test_the_demo_has_a_login_for_each_role_documented_and_landing_on_its_page(monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", DEMO_PASSWORD)
    call_command("load_demo")
    call_command("ensure_demo_admin")
    readme = (settings.BASE_DIR / "README.md").read_text()

    for mobile, (role, page) in DEMO_LOGINS.items():
        assert f"`{mobile}`" in readme
        login = User.objects.get(mobile=mobile)
        assert login.is_staff == (role is not None)
        if role:
            assert login.groups.filter(name=role).exists()
        assert lands_on(mobile, DEMO_PASSWORD) == reverse(page)
    manager = User.objects.get(mobile="13900000002")
    assert set(School.objects.managed_by(manager).values_list("name", flat=True)) == {
        "书画学校",
        "老年艺术学校",
    }
    cadre = Cadre.objects.get(user__mobile="13900000005")
    assert cadre.left_on is None and cadre.central_studies.exists()
    assert cadre.user.name == cadre.name


@pytest.mark.django_db
def test_the_role_logins_share_the_password_shown_once_for_the_demo_admin(capsys, monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    call_command("load_demo")
    capsys.readouterr()
    call_command("ensure_demo_admin")
    first = capsys.readouterr().out
    password = first.split("password ")[1].split()[0]
    call_command("ensure_demo_admin")
    second = capsys.readouterr().out

    for mobile in DEMO_LOGINS:
        assert mobile in first
        assert User.objects.get(mobile=mobile).check_password(password)
    assert password not in second


@pytest.mark.django_db
def test_role_logins_made_after_the_admin_wait_for_a_password(capsys, monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    call_command("ensure_demo_admin")  # an older demo: the admin came first
    call_command("load_demo")
    capsys.readouterr()

    call_command("ensure_demo_admin")
    said = capsys.readouterr().out
    assert not User.objects.get(mobile="13900000002").has_usable_password()
    assert "13900000002" in said and "DEMO_ADMIN_PASSWORD" in said

    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", DEMO_PASSWORD)
    call_command("ensure_demo_admin")
    assert User.objects.get(mobile="13900000002").check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_the_demo_coordinator_coordinates_the_demo_station():
    call_command("load_demo")

    coordinator = User.objects.get(mobile="13900000003")
    assert coordinator.coordinated_stations.filter(name="景和爱心驿站").exists()
