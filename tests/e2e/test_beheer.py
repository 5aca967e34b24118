"""Beheer in de browser (hulpwijzer/beheer) against the running bot, on a temporary git
repository with a copy of data/ (the real repository is never written or committed to).

Browser tests drive Debian's headless Chromium at 360 px (as tests/test_web_chat.py); the other
tests talk HTTP to the same server with their own cookies, as a second browser would.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import http.cookiejar
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html import unescape
from pathlib import Path

import pytest

from hulpwijzer import config as settings_module
from hulpwijzer.ops.stack import Stack, beheer_server, free_port
from tests.own_stack import own_stack
from tests.e2e.test_web_chat import CHROMEDRIVER, CHROMIUM, _assert_no_axe_violations, browser  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

PASSWORD = "Een-lange-zin-om-te-testen-2026"
OLD_NUMBER, NEW_NUMBER, TYPO = "14 0412", "0412 123 456", "14 04x12"
# Written for this test (not from the training data): a parent in Oss asks about bullying.
QUESTION = "Onze dochter wordt op school steeds gepest en buitengesloten. Wie in Oss kan ons helpen?"
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)",
)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory, trained_model) -> Path:
    """A throw-away git repository with a copy of the project's data/ and bot/, and its model
    in models/ (as in a real project: the model jobs train into it and keep the one before)."""
    path = tmp_path_factory.mktemp("beheer") / "repo"
    shutil.copytree(ROOT / "data", path / "data")
    shutil.copytree(ROOT / "bot", path / "bot")
    shutil.copy2(ROOT / ".gitignore", path / ".gitignore")
    project = settings_module.model_paths(path)
    project.model_dir.mkdir()
    shutil.copy2(trained_model, project.model_file)
    shutil.copy2(settings_module.FINGERPRINT_FILE, project.fingerprint_file)
    _git(path, "init", "-q")
    _git(path, "add", ".")
    _git(path, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-qm", "De gids zoals hij was")
    return path


@pytest.fixture(scope="module")
def tracker_db(tmp_path_factory) -> Path:
    """The live bot's conversations, which the figures page reads (as make report does)."""
    return tmp_path_factory.mktemp("beheer-tracker") / "tracker.db"


@pytest.fixture(scope="module")
def beheer(repo, tracker_db, live_bot, tmp_path_factory):
    """The beheer server on a free port, with its accounts; yields its URL. Its model jobs
    (make reload) train the temporary repository into its models/ and swap the model of the
    live bot, never of a bot on the default port."""
    workdir = tmp_path_factory.mktemp("beheer-server")
    overrides = {
        "BEHEER_PORT": str(free_port()), "BEHEER_ROOT": str(repo), "BEHEER_DB": str(workdir / "beheer.db"),
        "BEHEER_SECRET_KEY": uuid.uuid4().hex * 2, "BEHEER_LOGIN_ATTEMPTS": "3", "BEHEER_LOCKOUT_MINUTES": "5",
        "TRACKER_DB": str(tracker_db), "ENDPOINTS_FILE": "endpoints.yml",
        "RASA_PORT": live_bot.url.rsplit(":", 1)[1], "RASA_TOKEN": live_bot.token,
    }
    settings = settings_module.load(env_file=workdir / "no.env", overrides=overrides)
    env = settings.process_env()
    for user, name, rights in (("anna", "Anna Jansen", ["--gemeenten", "oss,maashorst"]),
                               ("bram", "Bram de Vries", ["--gemeenten", "oss,maashorst"]),
                               ("carla", "Carla Smit", ["--gemeenten", "bernheze"]), ("dirk", "Dirk Bakker", ["--beheerder"]),
                               ("nina", "Nina Landelijk", ["--landelijk"])):
        subprocess.run([sys.executable, "-m", "hulpwijzer.beheer.manage", "beheer_user", user, "--naam", name, *rights],
                       cwd=ROOT, env={**env, "BEHEER_WACHTWOORD": PASSWORD}, check=True)
    stack = Stack([beheer_server(settings, workdir)], settings)
    stack.start(timeout=60)
    yield f"http://127.0.0.1:{settings['BEHEER_PORT']}"
    stack.stop()


@pytest.fixture(scope="module")
def live_bot(trained_model, repo, tracker_db, tmp_path_factory):
    """The bot (action server + Rasa server) reading the temporary repository's directory."""
    workdir = tmp_path_factory.mktemp("beheer-bot")
    env = {"DIRECTORY_PATH": str(repo / "data" / "directory"), "TRACKER_DB": str(tracker_db)}
    with own_stack(trained_model, workdir, env=env) as stack:
        yield stack.bot


class Visitor:
    """A second browser without a browser: cookies, CSRF token, and the status of each page."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, form: dict = None, csrf_from: str = None):
        data = None
        if form is not None:
            if csrf_from is not None:
                form = {"csrfmiddlewaretoken": self.csrf_token(csrf_from), **form}
            data = urllib.parse.urlencode(form, doseq=True).encode()
        try:
            with self.opener.open(self.base + path, data=data, timeout=60) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode()

    def csrf_token(self, path: str) -> str:
        _, _, html = self.request(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def log_in(self, user: str, password: str = PASSWORD):
        return self.request("/inloggen/", {"username": user, "password": password}, csrf_from="/inloggen/")

    def form(self, path: str) -> dict:
        return form_values(self.request(path)[2])

    def save(self, path: str, form: dict):
        return self.request(path, form, csrf_from=path)


def form_values(html: str) -> dict:
    """The values a browser would send for the form on a page (checked boxes only)."""
    values = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name, kind, value = (re.search(rf'{attr}="([^"]*)"', tag) for attr in ("name", "type", "value"))
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        if kind and kind.group(1) == "checkbox":
            if "checked" in tag:
                values.setdefault(name.group(1), []).append(value.group(1) if value else "on")
        else:
            values[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>\n?(.*?)</textarea>', html, re.S):
        values[name] = unescape(body)
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        values[name] = selected.group(1) if selected else ""
    return values


def _wait_for_answer(bot, expected: str, timeout: float = 10) -> float:
    """Seconds until the bot's answer (through its REST channel) holds `expected`."""
    started = time.monotonic()
    answer = ""
    while time.monotonic() - started < timeout:
        answer = bot.texts(bot.new_sender(), QUESTION)
        if expected in answer:
            return time.monotonic() - started
        time.sleep(0.5)
    raise AssertionError(f"after {timeout} s the bot still answers without {expected!r}: {answer}")


@pytest.fixture
def phone(browser):
    """The browser as a 360 px wide phone (headless Chromium's window is at least 500 px wide)."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True})
    return browser


def _fits_360_px(driver) -> None:
    assert driver.execute_script("return window.innerWidth") == 360  # the page's viewport meta is used
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 360, "the page scrolls sideways at 360 px"


def _load_next_page(driver, act) -> None:
    """Do what loads a new page, and wait until it has (a busy machine answers slowly; the next
    step must not look at the old page)."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.hwOldPage = true")  # gone once the next page has loaded
    act()
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(
        "return window.hwOldPage === undefined && document.readyState === 'complete'"))


def _click_and_wait(driver, element) -> None:
    """Click a button or link that loads a new page, and wait until it has."""
    _load_next_page(driver, element.click)


def _type_and_submit(driver, element, text: str) -> None:
    """Type into a form field and press Enter, and wait until the next page has loaded."""
    from selenium.webdriver.common.keys import Keys

    _load_next_page(driver, lambda: element.send_keys(text, Keys.ENTER))


def _check_page(driver, screenshot: str = "") -> None:
    _assert_no_axe_violations(driver)
    _fits_360_px(driver)
    # BEHEER_SCREENSHOTS=docs/img/beheer saves the pictures of docs/beheer.md.
    if screenshot and os.environ.get("BEHEER_SCREENSHOTS"):
        folder = ROOT / os.environ["BEHEER_SCREENSHOTS"]
        folder.mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": min(height, 1600), "deviceScaleFactor": 1, "mobile": True})
        driver.save_screenshot(str(folder / f"{screenshot}.png"))
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True})


# --- in Chromium ------------------------------------------------------------------------------


@needs_chromium
def test_an_oss_editor_fixes_a_number_and_the_running_bot_gives_it_then_undoes_it(beheer, live_bot, repo, phone):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    browser = phone
    oss_file = repo / "data" / "directory" / "oss.yml"
    original = oss_file.read_text(encoding="utf-8")
    real_file = hashlib.sha256((ROOT / "data" / "directory" / "oss.yml").read_bytes()).hexdigest()
    assert OLD_NUMBER in live_bot.texts(live_bot.new_sender(), QUESTION)

    # Logged out: the gemeente page sends you to the login page.
    browser.get(f"{beheer}/gids/oss/")
    assert "/inloggen/" in browser.current_url
    _check_page(browser, "1-inloggen")

    # Logging in by keyboard alone: Tab from the name to the password, Enter sends.
    browser.find_element("id", "id_username").send_keys("anna", Keys.TAB)
    _type_and_submit(browser, browser.switch_to.active_element, PASSWORD)
    assert browser.current_url.endswith("/gids/oss/")
    assert "Gids van gemeente Oss" in browser.find_element("tag name", "h1").text
    _check_page(browser, "2-gids")

    _click_and_wait(browser, browser.find_element("css selector", 'a[href$="/gids/oss/contact/oss-gemeente/1/"]'))
    _check_page(browser)
    value = browser.find_element("id", "id_value")
    value.clear()
    value.send_keys(TYPO)
    _click_and_wait(browser, browser.find_element("css selector", "main form button[type=submit]"))
    error = browser.find_element("id", "id_value_error").text
    assert f"'{TYPO}' is geen geldig Nederlands telefoonnummer" in error
    assert browser.find_element("id", "id_value").get_attribute("aria-describedby").endswith("id_value_error")
    _check_page(browser, "3-fout-in-nummer")

    value = browser.find_element("id", "id_value")
    value.clear()
    value.send_keys(NEW_NUMBER)
    source = browser.find_element("id", "id_source")
    source.clear()
    source.send_keys("Test: gecontroleerd op https://www.oss.nl/contact")
    _click_and_wait(browser, browser.find_element("css selector", "main form button[type=submit]"))
    assert browser.current_url.endswith("/gids/oss/"), [e.text for e in browser.find_elements("css selector", ".error")]
    assert "Opgeslagen" in browser.find_element("css selector", ".message").text
    assert oss_file.read_text(encoding="utf-8") == original, "saving is not publishing"

    _click_and_wait(browser, browser.find_element("link text", "Antwoord van de bot bekijken"))
    Select(browser.find_element("id", "id_topic")).select_by_visible_text("Pesten")
    Select(browser.find_element("id", "id_asker")).select_by_visible_text("Een ouder")
    _click_and_wait(browser, browser.find_element("css selector", "main form button[type=submit]"))
    preview = "\n".join(e.text for e in browser.find_elements("css selector", ".answer"))
    assert NEW_NUMBER in preview and OLD_NUMBER not in preview
    _check_page(browser, "4-voorbeeld")

    browser.get(f"{beheer}/gids/oss/")
    _click_and_wait(browser, browser.find_element("xpath", "//button[text()='Publiceren']"))
    assert "Gepubliceerd" in browser.find_element("css selector", ".message").text
    seconds = _wait_for_answer(live_bot, NEW_NUMBER)
    assert seconds < 10
    assert _git(repo, "log", "-1", "--format=%an|%s") == "Anna Jansen|Beheer Oss: telefoonnummer van oss-gemeente\n"
    assert _git(repo, "status", "--porcelain") == ""

    # Undo from the history page: the file is as it was, and so is the bot's answer.
    _click_and_wait(browser, browser.find_element("link text", "Geschiedenis en ongedaan maken"))
    _check_page(browser, "5-geschiedenis")
    _click_and_wait(browser, browser.find_element("css selector", "table button"))
    assert "ongedaan gemaakt" in browser.find_element("css selector", ".message").text
    assert oss_file.read_text(encoding="utf-8") == original
    _wait_for_answer(live_bot, OLD_NUMBER)
    assert _git(repo, "log", "-1", "--format=%an|%s").startswith("Anna Jansen|Ongedaan gemaakt: Beheer Oss")

    # The first version cannot be undone: the refusal says why (and is accessible too).
    _click_and_wait(browser, browser.find_elements("css selector", "table button")[-1])
    assert "eerste versie" in browser.find_element("css selector", ".warning").text
    _check_page(browser)

    browser.get(f"{beheer}/cijfers/")
    assert "Gemeente Oss" in browser.find_element("tag name", "main").text
    _check_page(browser, "6-cijfers")

    # Another gemeente's page: no access. Then logging out.
    browser.get(f"{beheer}/gids/bernheze/")
    assert browser.find_element("tag name", "h1").text == "Geen toegang"
    _check_page(browser)
    browser.get(f"{beheer}/")
    _check_page(browser)
    _click_and_wait(browser, browser.find_element("xpath", "//button[text()='Uitloggen']"))
    browser.get(f"{beheer}/gids/oss/")
    assert "/inloggen/" in browser.current_url
    assert hashlib.sha256((ROOT / "data" / "directory" / "oss.yml").read_bytes()).hexdigest() == real_file


@needs_chromium
def test_the_first_tab_reaches_the_skip_link_and_the_lockout_page_is_accessible(beheer, phone):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser = phone

    browser.get(f"{beheer}/inloggen/")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    skip = browser.switch_to.active_element
    assert (skip.get_attribute("href") or "").endswith("#inhoud") and skip.text == "Naar de inhoud", skip.get_attribute("outerHTML")[:200]
    ActionChains(browser).send_keys(Keys.ENTER, Keys.TAB).perform()
    assert browser.switch_to.active_element.get_attribute("id") == "id_username"
    for _ in range(3):  # BEHEER_LOGIN_ATTEMPTS is 3 here
        browser.find_element("id", "id_username").clear()
        browser.find_element("id", "id_username").send_keys("carla")
        _type_and_submit(browser, browser.find_element("id", "id_password"), "niet-mijn-wachtwoord")
    assert browser.find_element("tag name", "h1").text == "Even wachten"
    _check_page(browser)


@needs_chromium
def test_the_account_answer_and_model_pages_are_accessible(beheer, phone):
    browser = phone
    browser.get(f"{beheer}/inloggen/")
    browser.find_element("id", "id_username").send_keys("dirk")
    _type_and_submit(browser, browser.find_element("id", "id_password"), PASSWORD)
    browser.get(f"{beheer}/accounts/")
    _check_page(browser)
    _click_and_wait(browser, browser.find_element("xpath", "//button[text()='Account maken']"))
    assert "Dit veld is verplicht." in browser.find_element("id", "id_gebruikersnaam_error").text
    _check_page(browser)
    browser.get(f"{beheer}/accounts/anna/")
    _check_page(browser)
    for page in ("/", "/antwoorden/", "/antwoorden/core.yml/utter_afscheid/", "/voorbeeldvragen/", "/voorbeeldvragen/pesten/",
                 "/model/", "/bestaat-niet/"):
        browser.get(f"{beheer}{page}")
        _check_page(browser)


# --- over HTTP, as a second browser ----------------------------------------------------------


def test_an_oss_editor_gets_403_on_bernhezes_pages_and_posts(beheer):
    anna = Visitor(beheer)
    assert anna.log_in("anna")[0] == 200
    token = anna.csrf_token("/gids/oss/")
    for path, form in (("/gids/bernheze/", None), ("/gids/bernheze/contact/bernheze-gemeente/1/", None),
                       ("/gids/bernheze/publiceren/", {"csrfmiddlewaretoken": token}),
                       ("/gids/bernheze/contact/bernheze-gemeente/1/", {"csrfmiddlewaretoken": token, "value": "0412 123 456"})):
        status, _, html = anna.request(path, form)
        assert status == 403 and "Geen toegang" in html, path


def test_repeated_wrong_passwords_lock_the_login_for_a_while(beheer):
    visitor = Visitor(beheer)
    for _ in range(2):  # BEHEER_LOGIN_ATTEMPTS is 3 here
        status, url, html = visitor.log_in("bram", "fout-wachtwoord-123")
        assert url.endswith("/inloggen/") and "combinatie van gebruikersnaam en wachtwoord klopt niet" in html
    status, _, html = visitor.log_in("bram", "fout-wachtwoord-123")
    assert status == 429 and "te vaak een verkeerd wachtwoord" in html
    status, _, html = visitor.log_in("bram")  # now even the right password waits
    assert status == 429 and "te vaak een verkeerd wachtwoord" in html


def test_a_post_without_csrf_token_is_refused(beheer):
    visitor = Visitor(beheer)
    status, _, html = visitor.request("/inloggen/", {"username": "anna", "password": PASSWORD})
    assert status == 403 and "Probeer het opnieuw" in html


def test_a_second_editor_saving_a_stale_version_gets_a_conflict_and_keeps_their_input(beheer, repo):
    first, second = Visitor(beheer), Visitor(beheer)
    first.log_in("anna")
    second.log_in("anna")  # two editors of the same gemeente, in two browsers
    path = "/gids/maashorst/contact/maashorst-gemeente/1/"
    first_form, second_form = first.form(path), second.form(path)
    first_form["source"] = "Test: eerste redacteur"
    assert first.save(path, first_form)[1].endswith("/gids/maashorst/")

    second_form["source"] = "Test: tweede redacteur, typte tegelijk"
    status, _, html = second.save(path, second_form)
    assert status == 409 and "Iemand anders heeft dit net gewijzigd" in html
    assert "Test: tweede redacteur, typte tegelijk" in html and "Test: eerste redacteur" in html
    # Saving again after reading the conflict is a deliberate choice: then it is kept.
    again = {**form_values(html), "csrfmiddlewaretoken": second.csrf_token(path)}
    assert second.request(path, again)[1].endswith("/gids/maashorst/")
    assert "Test: tweede redacteur, typte tegelijk" in first.request("/gids/maashorst/")[2]
    _discard_all(first, "maashorst")


def _discard_all(visitor: Visitor, slug: str) -> None:
    for pk in re.findall(rf'action="/gids/{slug}/concept/(\d+)/weggooien/"', visitor.request(f"/gids/{slug}/")[2]):
        visitor.request(f"/gids/{slug}/concept/{pk}/weggooien/", {}, csrf_from=f"/gids/{slug}/")


def test_a_publish_that_fails_make_check_is_refused_with_the_reason_and_changes_nothing(beheer, repo):
    anna = Visitor(beheer)
    anna.log_in("anna")
    before_file = (repo / "data" / "directory" / "maashorst.yml").read_text(encoding="utf-8")
    before_head = _git(repo, "rev-parse", "HEAD")
    path = "/gids/maashorst/dienst/maashorst-jeugdhulp-hulp/"
    form = anna.form(path)
    # Passes the entry's own checks, but the answer is no longer B1 (make check's readability step).
    form["description"] = ("Multidisciplinaire ondersteuningsarrangementen ten behoeve van jeugdigen en hun opvoeders, "
                           "gecoördineerd binnen de gemeentelijke toegangsorganisatie conform de geldende beleidskaders, "
                           "met inachtneming van privacyregelgeving en verantwoordelijkheidsverdeling tussen ketenpartners.")
    status, url, _ = anna.save(path, form)
    assert url.endswith("/gids/maashorst/"), "the entry itself is valid, so it is saved"
    status, _, html = anna.request("/gids/maashorst/publiceren/", {}, csrf_from="/gids/maashorst/")
    assert status == 422 and "niet op B1-niveau" in html and "Er is niets veranderd" in html, (status, html[-2000:])
    assert (repo / "data" / "directory" / "maashorst.yml").read_text(encoding="utf-8") == before_file
    assert _git(repo, "rev-parse", "HEAD") == before_head
    _discard_all(anna, "maashorst")


def test_the_figures_show_counts_per_gemeente_and_the_csv_holds_no_text_or_sender(beheer, live_bot):
    sender = live_bot.new_sender()
    assert OLD_NUMBER in live_bot.texts(sender, QUESTION)
    anna, carla = Visitor(beheer), Visitor(beheer)
    anna.log_in("anna")
    carla.log_in("carla")
    status, _, html = anna.request("/cijfers/")
    assert status == 200 and "Gemeente Oss" in html and "Pesten" in html

    status, _, text = anna.request("/cijfers.csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["gemeente", "week", "wat", "aantal"]
    assert any(row[0] == "Oss" and row[2] == "pesten" and int(row[3]) >= 1 for row in rows[1:])
    assert {row[0] for row in rows[1:]} <= {"Oss", "Maashorst"}, "an editor sees the figures of their own gemeenten"
    for secret in (sender, "buitengesloten", "dochter"):
        assert secret not in text and secret not in html
    # An editor of Bernheze alone does not see Oss.
    assert "Oss" not in carla.request("/cijfers.csv")[2]


def test_an_admin_makes_an_account_that_can_log_in_and_turns_it_off(beheer):
    anna, dirk = Visitor(beheer), Visitor(beheer)
    anna.log_in("anna")
    assert anna.request("/accounts/")[0] == 403, "only admins manage accounts"
    dirk.log_in("dirk")
    account = {"gebruikersnaam": "eva", "naam": "Eva Visser", "gemeenten": ["bernheze"], "actief": "on",
               "wachtwoord1": "welkom123", "wachtwoord2": "welkom123"}
    status, _, html = dirk.request("/accounts/", account, csrf_from="/accounts/")
    assert "te kort" in html and "Er klopt nog iets niet" in html, "Django's password checks, in Dutch"
    account["wachtwoord1"] = account["wachtwoord2"] = PASSWORD + "-eva"
    assert dirk.request("/accounts/", account, csrf_from="/accounts/")[1].endswith("/accounts/")

    eva = Visitor(beheer)
    assert eva.log_in("eva", PASSWORD + "-eva")[1].endswith("/")
    assert eva.request("/gids/bernheze/")[0] == 200 and eva.request("/gids/oss/")[0] == 403

    off = {"naam": "Eva Visser", "gemeenten": ["bernheze"]}  # 'actief' not ticked
    assert dirk.request("/accounts/eva/", off, csrf_from="/accounts/eva/")[1].endswith("/accounts/")
    assert Visitor(beheer).log_in("eva", PASSWORD + "-eva")[1].endswith("/inloggen/")


def test_a_published_service_change_touches_only_its_own_line_and_keeps_the_comments(beheer, repo):
    anna = Visitor(beheer)
    anna.log_in("anna")
    path = "/gids/maashorst/dienst/maashorst-jeugdhulp-hulp/"
    form = anna.form(path)
    assert form["topics"] and form["audience"], "the lists are in the form as they are in the file"
    form["description"] = "Gratis hulp voor ouders en jongeren. Je kunt zelf bellen, zonder school."
    assert anna.save(path, form)[1].endswith("/gids/maashorst/")
    status, url, _ = anna.request("/gids/maashorst/publiceren/", {}, csrf_from="/gids/maashorst/")
    assert url.endswith("/gids/maashorst/")
    diff = _git(repo, "show", "--format=%an", "--unified=0", "HEAD", "--", "data/directory/maashorst.yml")
    changed = [line for line in diff.splitlines() if line[:1] in ("+", "-") and not line.startswith(("+++", "---"))]
    assert diff.startswith("Anna Jansen") and len(changed) == 2, changed
    assert changed[1] == "+        description: Gratis hulp voor ouders en jongeren. Je kunt zelf bellen, zonder school."


GOODBYE = "doei"
OLD_GOODBYE, NEW_GOODBYE = "Dag! Fijn dat je er was. Je kunt altijd terugkomen.", "Dag! Fijn dat je er was. Kom gerust nog eens terug."
FIGURE = r"\d+(,\d)?\s%"  # the space is a no-break space


def _wait_for_the_model_job(read_page, timeout: float = 600) -> str:
    """The model page once the job (train, swap, measure) is no longer busy."""
    deadline = time.monotonic() + timeout
    html = read_page()
    while "Bezig" in html and time.monotonic() < deadline:
        time.sleep(3)
        html = read_page()
    return html


def _assert_summary_with_numbers(text: str) -> None:
    """make eval's short summary: each of the four figures, a number against its target."""
    assert "Haalt het model de doelen nog?" in text, text[-2500:]
    assert re.search(r"Gemeten met het model zelf op \d{3} echte vragen, \d{3} crisisberichten en \d{3} gewone berichten", text)
    for label in ("Echte vragen met het goede onderwerp", "Echte vragen waarbij de bot geen onderwerp vindt",
                  "Crisisberichten die het crisisantwoord krijgen", "Gewone berichten die toch het crisisantwoord krijgen"):
        assert re.search(rf"{label}: {FIGURE} \(doel: (minstens|hoogstens) {FIGURE}\)\. (Gehaald|.*Niet gehaald)", text), label


@needs_chromium
def test_a_national_editor_changes_an_answer_the_swapped_model_uses_it_and_one_button_puts_the_old_back(
        beheer, repo, live_bot, phone):
    nina, anna = Visitor(beheer), Visitor(beheer)
    nina.log_in("nina")
    anna.log_in("anna")
    assert anna.request("/antwoorden/")[0] == 403, "a gemeente editor does not change the answers"
    path = "/antwoorden/core.yml/utter_afscheid/"
    form = nina.form(path)
    assert form["tekst_0"] == OLD_GOODBYE
    assert OLD_GOODBYE in live_bot.texts(live_bot.new_sender(), GOODBYE)
    head = _git(repo, "rev-parse", "HEAD")

    form["tekst_0"] = ("Wij danken u hartelijk voor uw welwillende medewerking en interesse in onze dienstverlening, "
                       "en wensen u toe dat de geboden informatie bijdraagt aan een bevredigende oplossing van uw vraagstuk.")
    status, _, html = nina.save(path, form)
    assert status == 422 and "Niet op B1-niveau" in html and "Dit is niet opgeslagen" in html
    assert _git(repo, "rev-parse", "HEAD") == head

    form["tekst_0"] = NEW_GOODBYE
    status, url, html = nina.save(path, form)
    assert url.endswith("/model/") and "De bot leert het nieuwe antwoord nu" in html
    assert _git(repo, "log", "-1", "--format=%an|%s") == "Nina Landelijk|Antwoord utter_afscheid veranderd\n"
    assert f'- text: "{NEW_GOODBYE}"' in (repo / "bot" / "domain" / "core.yml").read_text()

    # The job (make reload on the edited project) trains, swaps and measures in the background;
    # the page shows how far it is, then make eval's summary of the new model.
    html = _wait_for_the_model_job(lambda: nina.request("/model/")[2])
    assert "Klaar. De bot gebruikt nu het model." in html, html[-2500:]
    assert "Klaar: de bot gebruikt nu hulpwijzer.tar.gz" in html  # make reload's own line, from its log
    _assert_summary_with_numbers(html)
    assert NEW_GOODBYE in live_bot.texts(live_bot.new_sender(), GOODBYE), "the swapped model gives the new answer"

    # In Chromium: the editor puts the previous model back with one button, and the bot gives
    # the old answer again (the file keeps the new text: that is a change of its own).
    browser = phone
    browser.get(f"{beheer}/inloggen/")
    browser.find_element("id", "id_username").send_keys("nina")
    _type_and_submit(browser, browser.find_element("id", "id_password"), PASSWORD)
    browser.get(f"{beheer}/model/")
    _assert_summary_with_numbers(browser.find_element("tag name", "main").text)
    _check_page(browser, "7-model")
    _click_and_wait(browser, browser.find_element("xpath", "//button[text()='Vorig model terugzetten']"))
    assert "Gestart" in browser.find_element("css selector", ".message").text

    def reload_page() -> str:
        browser.refresh()
        return browser.find_element("tag name", "main").text

    text = _wait_for_the_model_job(reload_page)
    assert "Laatste taak: vorig model terug" in text and "Klaar. De bot gebruikt nu het model." in text, text[-2500:]
    assert "Vorig model teruggezet" in text
    _assert_summary_with_numbers(text)
    _check_page(browser)
    assert OLD_GOODBYE in live_bot.texts(live_bot.new_sender(), GOODBYE), "the old model gives the old answer"
    assert f'- text: "{NEW_GOODBYE}"' in (repo / "bot" / "domain" / "core.yml").read_text()


def test_a_national_editor_adds_and_removes_example_questions_and_a_conflicting_one_is_refused(beheer, repo):
    nina = Visitor(beheer)
    nina.log_in("nina")
    path = "/voorbeeldvragen/pesten/"
    status, _, html = nina.request(path)
    assert status == 200 and "Voorbeeldvragen: Pesten" in html
    existing = re.findall(r'name="remove" value="([^"]*)"', html)
    assert len(existing) >= 10
    nlu = repo / "data" / "nlu" / "help_topics.yml"
    before = nlu.read_text(encoding="utf-8")

    # The same words as an example of another intent: make check refuses it, nothing changes.
    form = {**nina.form(path), "add": "ik heb hulp nodig"}
    form.pop("remove", None)
    status, _, html = nina.save(path, form)
    assert status == 422 and "Dit is niet opgeslagen" in html and "ik heb hulp nodig" in html
    assert nlu.read_text(encoding="utf-8") == before

    added = "op het schoolplein lachen ze mijn kind steeds uit"
    form = {**nina.form(path), "remove": [unescape(existing[0])], "add": added}
    status, url, html = nina.save(path, form)
    assert url.endswith("/model/") and "1 erbij, 1 weg" in html
    after = nlu.read_text(encoding="utf-8")
    assert f"    - {added}\n" in after and f"    - {unescape(existing[0])}\n" not in after
    assert _git(repo, "log", "-1", "--format=%an|%s") == "Nina Landelijk|Voorbeeldvragen bij pesten: 1 erbij, 1 weg\n"
    changed = [line for line in _git(repo, "show", "--format=", "--unified=0", "HEAD").splitlines()
               if line[:1] in ("+", "-") and not line.startswith(("+++", "---"))]
    assert len(changed) == 2, changed
