import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from community import services
from community.forms import LoginForm
from community.models import Resident, User

PASSWORD = "学习型社区-2026"


def registration(community, **overrides):
    data = {
        "mobile": "13812345678",
        "name": "王秀英",
        "community": community.pk,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def test_a_user_logs_in_with_a_mobile_number(client, make_user):
    make_user(mobile="13812345678", password=PASSWORD)

    response = client.post(
        reverse("login"), {"username": "13812345678", "password": PASSWORD}, follow=True
    )

    assert response.context["user"].is_authenticated
    assert response.context["user"].mobile == "13812345678"


def test_a_wrong_password_is_refused_speaking_of_the_mobile_number_not_of_case(client, make_user):
    make_user(mobile="13812345678", password=PASSWORD)

    response = client.post(reverse("login"), {"username": "13812345678", "password": "wrong"})

    page = response.content.decode()
    assert not response.context["user"].is_authenticated
    with translation.override("zh-hans"):
        assert str(LoginForm.error_messages["invalid_login"]) in page
    # Django's own message: "…两者都区分大小写" (both fields may be case-sensitive).
    assert "区分大小写" not in page and "case-sensitive" not in page


def test_registration_creates_the_login_and_the_resident_and_sends_to_log_in(client, community):
    """Not logged in at once: a registered number gets the same answer (see L12 in
    tests/security/test_input_hygiene.py)."""
    response = client.post(reverse("register"), registration(community), follow=True)

    user = User.objects.get(mobile="13812345678")
    assert user.name == "王秀英"
    assert user.check_password(PASSWORD)
    assert Resident.objects.get(user=user).community == community
    assert response.redirect_chain == [(reverse("login"), 302)]
    assert not response.context["user"].is_authenticated


@pytest.mark.parametrize(
    "mobile", ["1381234567", "12812345678", "138123456789", "abcdefghijk", "13812345678x"]
)
def test_a_malformed_mobile_number_is_refused_in_chinese_and_creates_nothing(
    client, community, mobile
):
    response = client.post(reverse("register"), registration(community, mobile=mobile))

    assert response.status_code == 200
    assert "请输入有效的手机号：11位数字，以13至19开头。" in response.content.decode()
    assert not User.objects.exists()
    assert not Resident.objects.exists()


def test_spaces_and_hyphens_in_a_mobile_number_are_dropped(client, community):
    client.post(reverse("register"), registration(community, mobile="138 1234-5678"))

    assert User.objects.filter(mobile="13812345678").exists()


def test_a_registered_mobile_number_is_not_revealed_and_creates_nothing(
    client, community, make_user
):
    make_user(mobile="13812345678", name="李建国")

    response = client.post(reverse("register"), registration(community), follow=True)

    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "该手机号已注册。" not in response.content.decode()
    assert User.objects.count() == 1
    assert not Resident.objects.exists()


def test_mismatched_passwords_are_refused_and_create_nothing(client, community):
    response = client.post(
        reverse("register"), registration(community, password2="另一个密码-2026")
    )

    assert "输入的两个密码不一致。" in response.content.decode()
    assert not User.objects.exists()


def test_the_service_refuses_a_mobile_registered_in_the_meantime(community, make_user):
    """The form checked before; the database still refuses the second one, with a message."""
    make_user(mobile="13812345678")

    with pytest.raises(ValidationError) as refused:
        services.register_resident(
            mobile="13812345678", name="王秀英", community=community, password=PASSWORD
        )

    assert refused.value.message_dict == {"mobile": ["该手机号已注册。"]}
    assert not Resident.objects.exists()


def test_my_account_needs_a_login_and_shows_the_committee(client, community):
    assert client.get(reverse("account")).status_code == 302

    client.post(reverse("register"), registration(community))
    client.post(reverse("login"), {"username": "13812345678", "password": PASSWORD})
    page = client.get(reverse("account")).content.decode()

    assert "13812345678" in page
    assert community.name in page


def test_a_resident_changes_their_password(client, make_user):
    user = make_user(password=PASSWORD)
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "新的密码-2027-春",
            "new_password2": "新的密码-2027-春",
        },
        follow=True,
    )

    user.refresh_from_db()
    assert user.check_password("新的密码-2027-春")
    assert "密码已修改。" in response.content.decode()


def test_the_admin_lists_users_by_mobile_number(admin_client_by_mobile):
    response = admin_client_by_mobile.get(reverse("admin:community_user_changelist"))

    assert response.status_code == 200
    assert "13900000001" in response.content.decode()


@pytest.fixture
def admin_client_by_mobile(client, db):
    admin = User.objects.create_superuser(mobile="13900000001", name="管理员", password=PASSWORD)
    client.force_login(admin)
    return client
