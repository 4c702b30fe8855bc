import pytest
from django.apps import apps as global_apps
from django.core.cache import cache
from django.db import connection
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader

from community.models import Community, Resident, Street, User


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing passwords the production way costs a third of a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def sms_outbox(settings, tmp_path):
    """SMS go to a file the test reads (`sms_outbox.sent()`), never to a provider."""
    from tests.notices import Outbox

    settings.NOTIFICATIONS_SMS_BACKEND = "notifications.sms.file.SmsBackend"
    settings.NOTIFICATIONS_SMS_FILE_PATH = tmp_path / "sms"
    return Outbox(tmp_path / "sms")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as cached figures would leak between tests."""
    cache.clear()


PROJECT_APPS = {"community", "schools", "volunteers", "merit_register", "notifications"}


@pytest.fixture
def migration_data(transactional_db):
    """The rows data migrations made (role groups, audiences), for transactional tests.

    Those tests empty every table when they end, so the next one would find no role groups; the
    Python steps of our migrations are idempotent and run again here.
    """
    loader = MigrationLoader(connection)
    done = set()
    for leaf in loader.graph.leaf_nodes():
        for key in loader.graph.forwards_plan(leaf):
            if key in done or key[0] not in PROJECT_APPS:
                continue
            done.add(key)
            for operation in loader.graph.nodes[key].operations:
                if isinstance(operation, RunPython):
                    with connection.schema_editor() as editor:
                        operation.code(global_apps, editor)


@pytest.fixture
def street(db):
    return Street.objects.create(
        name="测试路街道", city="测试市", district="测试区", introduction="测试路街道的学习型社区。"
    )


@pytest.fixture
def community(street):
    return Community.objects.create(street=street, name="一村社区居委会")


@pytest.fixture
def make_user(db):
    def make(mobile="13812345678", name="王秀英", password="学习型社区-2026", **extra):
        return User.objects.create_user(mobile=mobile, name=name, password=password, **extra)

    return make


@pytest.fixture
def make_residents(community):
    def make(count, start=0):
        return Resident.objects.bulk_create(
            Resident(name=f"居民{n}", mobile=f"137{n:08d}", community=community)
            for n in range(start, start + count)
        )

    return make


@pytest.fixture
def make_resident(community):
    counter = iter(range(10_000))

    def make(**fields):
        n = next(counter)
        defaults = {"name": f"居民{n}", "mobile": f"136{n:08d}", "community": community}
        defaults.update(fields)
        return Resident.objects.create(**defaults)

    return make


@pytest.fixture
def resident_client(client, make_resident, make_user):
    """A logged-in resident, and the client they use."""
    user = make_user(mobile="13812345678", name="王秀英")
    resident = make_resident(name="王秀英", mobile="13812345678", user=user, birth_year=1955)
    client.force_login(user)
    client.resident = resident
    return client
