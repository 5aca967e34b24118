"""The deployment files agree with each other and with the code (no container engine or
cluster runs here, so this checks their content, not a running deployment).

- every ${VAR} the production endpoints need is set in the env example and reaches the
  Rasa servers in docker compose and in the Helm values;
- the Helm values configure the same stores as deploy/endpoints.production.yml;
- compose has the services the docs describe and publishes only the load balancer;
- nginx balances over exactly the Rasa services of compose.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from dotenv import dotenv_values

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
ENV_VAR = re.compile(r"\$\{(\w+)")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def endpoints():
    return yaml.safe_load((DEPLOY / "endpoints.production.yml").read_text())


@pytest.fixture(scope="module")
def env_example():
    return dotenv_values(DEPLOY / "production.env.example")


@pytest.fixture(scope="module")
def helm():
    return yaml.safe_load((DEPLOY / "helm-values.yml").read_text())


def variables_in(path: Path) -> set:
    return set(ENV_VAR.findall(path.read_text()))


def rasa_services(compose) -> dict:
    return {name: s for name, s in compose["services"].items() if s.get("command") == ["rasa"]}


def test_every_variable_of_the_production_endpoints_is_in_the_env_example(env_example):
    needed = variables_in(DEPLOY / "endpoints.production.yml")
    assert needed and needed <= set(env_example)
    # The ones compose itself fills in (postgres, redis) as well.
    assert variables_in(DEPLOY / "docker-compose.yml") <= set(env_example)


def test_the_env_example_holds_no_secret_values(env_example):
    for name in ("RASA_TOKEN", "TRACKER_DB_PASSWORD", "LOCK_STORE_PASSWORD"):
        assert env_example[name] == "", name


def test_compose_runs_two_rasa_servers_with_the_production_endpoints(compose, env_example):
    services = compose["services"]
    assert {"postgres", "redis", "actions", "loadbalancer", "retention"} <= set(services)
    rasa = rasa_services(compose)
    assert len(rasa) >= 2
    for service in rasa.values():
        assert service["env_file"] == ".env"  # deploy/.env, a copy of the example
        assert {"postgres", "redis", "actions"} <= set(service["depends_on"])
    assert env_example["ENDPOINTS_FILE"] == "deploy/endpoints.production.yml"
    # Service names are the hosts the example points at.
    assert env_example["TRACKER_DB_HOST"] in services and env_example["LOCK_STORE_HOST"] in services
    assert env_example["ACTION_ENDPOINT_URL"].startswith("http://actions:")


def test_compose_publishes_only_the_load_balancer(compose):
    published = {name for name, s in compose["services"].items() if s.get("ports")}
    assert published == {"loadbalancer"}


def test_compose_builds_from_files_that_exist(compose):
    build = rasa_services(compose)["rasa-1"]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve().is_file()
    volumes = compose["services"]["loadbalancer"]["volumes"]
    assert all((DEPLOY / v.split(":")[0]).exists() for v in volumes)


def test_nginx_balances_over_the_rasa_services_of_compose(compose):
    conf = (DEPLOY / "nginx.conf").read_text()
    servers = set(re.findall(r"server\s+([\w-]+):5005", conf))
    assert servers == set(rasa_services(compose))
    assert "ip_hash" in conf  # socket.io long-polling stays on one server
    assert re.search(r"location /\s*\{\s*return 404;", conf), "the HTTP API is not public"


def test_helm_values_configure_the_production_stores(helm, endpoints):
    chart = helm["applicationSettings"]["endpoints"]
    for chart_key, ours in (("trackerStore", "tracker_store"), ("lockStore", "lock_store")):
        values = {k: v for k, v in chart[chart_key].items() if k not in ("enabled", "login_db")}
        assert chart[chart_key]["enabled"] is True
        assert values == endpoints[ours], chart_key
    assert helm["replicaCount"] >= 2
    assert helm["applicationSettings"]["token"] == ""  # given at install time, not here
    assert helm["applicationSettings"]["telemetry"]["enabled"] is False


def test_helm_values_give_the_rasa_pods_every_variable_they_need(helm):
    given = {e["name"] for e in helm["extraEnv"]} | {"RASA_TOKEN"}  # the chart sets RASA_TOKEN
    needed = variables_in(DEPLOY / "helm-values.yml") | {"CORS_ORIGINS", "ENDPOINTS_FILE"}
    assert needed <= given
    secret_refs = {e["valueFrom"]["secretKeyRef"]["key"] for e in helm["extraEnv"] if "valueFrom" in e}
    assert secret_refs <= set(dotenv_values(DEPLOY / "production.env.example"))


def test_the_image_never_contains_local_secrets():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".env" in ignored and ".git" in ignored


def test_the_rasa_servers_read_the_models_the_beheer_publishes_and_the_beheer_swaps_both(compose):
    services = compose["services"]
    beheer_mount = next(v for v in services["beheer"]["volumes"] if v.startswith("..:"))
    published = services["rasa-1"]["environment"]["RASA_MODEL_FILE"]
    assert published.startswith(beheer_mount.split(":")[1] + "/models/")  # the path the beheer swaps
    for name in ("rasa-1", "rasa-2"):
        assert f"../models:{Path(published).parent}:ro" in services[name]["volumes"]
    assert services["beheer"]["environment"]["RASA_SERVER_URLS"] == "http://rasa-1:5005,http://rasa-2:5005"
