import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command

from community import roles
from community.models import Community, Resident, Street, User


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
