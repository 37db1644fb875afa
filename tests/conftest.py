"""The shared cast for Riktning's tests: a small group, and one user per role.

Celery runs eagerly in tests (a task's effect is visible when the request returns), even when
REDIS_URL is set for CI; the tests that run a real worker (the celery_worker fixture below)
switch that off for themselves.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import redis
from celery import _state as _celery_state
from celery.contrib.testing.worker import start_worker
from celery.worker import WorkController
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from tests import factories as f
from tests.signin import pass_second_factor
from vaxjo_riktning.celery import app as celery_app
from vaxjo_riktning.models import Role, Unit, User
from vaxjo_riktning.signin.policy import needs_second_factor

celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True

# Playwright's sync API runs an event loop in the test thread; Django's live server needs this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Test users get MD5 hashes: production's PBKDF2 is slow on purpose, and the suite's few
    hundred users paid about four minutes of it. Sign-in is the same code path either way;
    tests/test_settings.py proves production keeps Django's default hashers."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Text made outside a request (a reason's str(), a command's output) is English in every
    test. The active language is per thread and a request leaves its own behind, so without
    this such text was Swedish or English by which test ran before, and pytest-xdist changes
    that order. A test that wants Swedish says so with translation.override("sv")."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Serve static files by their plain names: production's manifest storage needs a
    collectstatic run first, and the live server cannot serve hashed names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Each test starts with an empty cache of its own: with REDIS_URL set (CI), the cache
    would otherwise outlive the test database, whose ids start over on every run."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Applicants' CVs go to a private folder of each test's own, never the project's."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """A transaction around a whole module, rolled back when the module ends, for data that is
    costly to make and that the module's tests only need once (the demo seed, a generated group).

    A module fixture that requests this writes its data inside `django_db_blocker.unblock()`;
    each test then asks for `db` as well, and its own transaction is a savepoint inside this one,
    rolled back after the test, so what one test writes no other test sees. While the module
    runs, its data is made as a test's would be: in English, with a cache of its own and private
    files in a folder of its own (each test still gets its own of all three).

    Not for transactional tests: a live server sees only committed data, and their flush would
    empty this transaction for the tests after them."""
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
    cache = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    media = tmp_path_factory.mktemp("private-media")
    try:
        with (
            translation.override("en"),
            override_settings(CACHES=cache, PRIVATE_MEDIA_ROOT=media),
        ):
            yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.fixture
def client(client, settings):
    """Tests read the English source text, which does not move when a translation is reworded.
    Swedish, every page's default, is proven in tests/vaxjo_riktning/test_language.py and in the
    browser journeys.

    force_login skips the sign-in, and so the second factor too: an administrator or staff user
    it signs in has passed it with an authenticator app of their own. The second factor itself
    is tested through the real pages (tests/vaxjo_riktning/test_signin_second_factor.py)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    force_login = client.force_login

    def force_login_past_second_factor(user, backend=None):
        force_login(user, backend)
        # A fresh copy: reading the roles would cache them on the test's own user object.
        if needs_second_factor(User.objects.get(pk=user.pk)):
            pass_second_factor(client, user)

    client.force_login = force_login_past_second_factor
    return client


@dataclass
class Group:
    """A small municipal group: one administration with a department, a company, an HR process."""

    administration: Unit
    department: Unit
    company: Unit
    hr_area: object
    recruitment_process: object


@pytest.fixture
def group(db) -> Group:
    administration = f.UnitFactory(name="Utbildningsförvaltningen", slug="utbildning")
    department = f.DepartmentFactory(
        name="Grundskoleavdelningen", slug="grundskola", parent=administration
    )
    company = f.UnitFactory(name="Växjöbostäder AB", slug="vaxjobostader", kind=Unit.Kind.COMPANY)
    hr_area = f.ProcessAreaFactory(name="HR/personal", slug="hr")
    recruitment_process = f.ProcessFactory(area=hr_area, name="Rekrytering", slug="rekrytering")
    return Group(administration, department, company, hr_area, recruitment_process)


def _user(username: str, role: Role | None = None, **scope) -> User:
    user = f.UserFactory(username=username)
    if role is not None:
        f.assign(user, role, **scope)
    return user


@pytest.fixture
def chief(group) -> User:
    return _user("kommunchef", Role.CHIEF_EXECUTIVE)


@pytest.fixture
def editor(group) -> User:
    """A unit editor for the administration (and so for its department)."""
    return _user("redaktor", Role.UNIT_EDITOR, unit=group.administration)


@pytest.fixture
def company_editor(group) -> User:
    return _user("redaktor-bolag", Role.UNIT_EDITOR, unit=group.company)


@pytest.fixture
def process_owner(group) -> User:
    return _user("processagare", Role.PROCESS_OWNER, area=group.hr_area)


@pytest.fixture
def reader(group) -> User:
    return _user("lasare", Role.READER)


@pytest.fixture
def recruiter(group) -> User:
    return _user("rekryterare", Role.RECRUITER)


@pytest.fixture
def administrator(group) -> User:
    user = _user("admin", Role.ADMINISTRATOR)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium: Playwright's own browser download cannot work here."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def pytest_collection_modifyitems(config, items):
    """Skip browser tests on a machine without Debian's Chromium, unless CI demands them."""
    if os.path.exists("/usr/bin/chromium") or os.environ.get("RIKTNING_REQUIRE_BROWSER"):
        return
    skip = pytest.mark.skip(reason="/usr/bin/chromium is missing (make test installs it as root)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


# --- A real Celery worker fed through Redis, for the tests that need one ---------------------

# A Redis database of its own when the environment names none.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as exc:
        if os.environ.get("RIKTNING_REQUIRE_REDIS"):
            pytest.fail(f"RIKTNING_REQUIRE_REDIS is set but Redis at {url} is unreachable: {exc}")
        pytest.skip(f"Redis at {url} is unreachable ({exc}); start Redis or point REDIS_URL at one")
    return url


def _forget_connections() -> None:
    """Drop the app's connection pool and the producer pool built on it; an earlier test may have
    made them for the in-memory broker, and Celery would keep sending there."""
    celery_app.close()
    celery_app.amqp._producer_pool = None
    # close() also forgets the app as an active one, and a shared task first imported after
    # that (vaxjo_riktning.tasks, say) would never be registered in it.
    _celery_state._register_app(celery_app)


@pytest.fixture
def celery_worker(redis_url: str) -> Iterator[WorkController]:
    """Celery as in production for one test: tasks travel through Redis to a worker thread.

    The queue has a name of its own, so that a worker of another test run on the same Redis (a
    colleague's, or a second checkout) never takes this run's tasks, nor this worker theirs.
    """
    queue = f"riktning-test-{uuid.uuid4().hex}"
    conf = celery_app.conf
    overrides = {
        "task_always_eager": False,
        "broker_url": redis_url,
        "task_default_queue": queue,
        # Remote control broadcasts to every worker on the same Redis; this one needs none.
        "worker_enable_remote_control": False,
    }
    saved = {key: conf[key] for key in overrides}
    conf.update(overrides)
    _forget_connections()  # producers made for an earlier broker URL are not reused
    try:
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, queues=[queue], loglevel="WARNING"
        ) as worker:
            worker.test_queue = queue
            yield worker
    finally:
        _forget_connections()
        # Kombu keeps the queue and its bindings under keys named after it; leave no trace.
        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(match=f"*{queue}*"):
            client.delete(key)
        celery_app.amqp.queues.pop(queue, None)
        conf.update(saved)


def another_connection():
    """A second connection to the test database, as another worker would hold: made by Django
    from the same settings, so that it reaches the database wherever it runs (the machine's
    PostgreSQL or the embedded one). Close it when done."""
    from django.db import connections

    return connections.create_connection("default")
