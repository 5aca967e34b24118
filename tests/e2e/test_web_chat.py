"""The web chat in a real browser (Debian's headless Chromium, driven by Selenium) against
the running bot: a whole conversation with a button click, history after a reload, no
script injection, and an axe-core accessibility audit with zero violations."""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from tests.demo_web import demo_web_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
AXE = ROOT / "web" / "vendor" / "axe.min.js"

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver); "
    ".ci/run installs them",
)


def _web_port(bot_stack) -> str:
    """The demo page's port the bot was started with: the only origin it accepts the chat from."""
    return bot_stack[1].settings["WEB_PORT"]


@pytest.fixture
def web_url(bot, bot_stack, tmp_path):
    # Per test, so a test can serve the page on the same (allowed) port in another way.
    with demo_web_server(bot.url.rsplit(":", 1)[1], _web_port(bot_stack), tmp_path) as url:
        yield url


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="hw-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 "--disable-sync", f"--user-data-dir={profile}", "--window-size=360,740"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _bot_texts(driver):
    return [e.text for e in driver.find_elements("css selector", ".hw-bot .hw-text")]


def _wait_for_bot_messages(driver, count, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(_bot_texts(driver)) >= count:
            return _bot_texts(driver)
        time.sleep(0.2)
    raise AssertionError(f"waited for {count} bot messages, got: {_bot_texts(driver)}")


def _assert_no_axe_violations(browser) -> None:
    """axe-core (WCAG 2.1 A and AA) on the page as it is now: no violations."""
    browser.execute_script(AXE.read_text())
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
        ".then(r => done(JSON.stringify(r.violations)));"
    )
    violations = json.loads(result)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def _say(driver, text):
    box = driver.find_element("id", "hw-input")
    box.send_keys(text)
    driver.find_element("css selector", ".hw-send").click()


def test_a_parent_on_the_oss_page_chats_clicks_a_button_and_keeps_the_history(web_url, browser):
    browser.get(f"{web_url}/demo/oss")
    browser.find_element("css selector", ".hw-launcher").click()
    _say(browser, "hoi")
    greeting = _wait_for_bot_messages(browser, 1)
    assert "Hulpwijzer" in greeting[0]

    _say(browser, "ik heb hulp nodig")
    before = len(_wait_for_bot_messages(browser, 2))
    buttons = browser.find_elements("css selector", ".hw-choice")
    pesten = next(b for b in buttons if b.text == "Pesten")
    pesten.click()
    # The page says data-gemeente="Oss": the bot answers at once, without asking the place.
    answer = "\n".join(_wait_for_bot_messages(browser, before + 2))
    assert "Oss" in answer and "gemeente Oss" in answer
    assert "In welke plaats woon je" not in answer
    # Web addresses in the answer are links (on the help cards), opened safely in a new tab.
    links = browser.find_elements("css selector", ".hw-bot .hw-text a, .hw-bot a.hw-web")
    assert links and all(a.get_attribute("href").startswith("https://") for a in links)
    assert all(a.get_attribute("rel") == "noopener noreferrer" for a in links)

    browser.refresh()
    history = _wait_for_bot_messages(browser, before + 2, timeout=10)
    assert "Hulpwijzer" in history[0]
    user_texts = [e.text for e in browser.find_elements("css selector", ".hw-user .hw-text")]
    assert user_texts[:2] == ["hoi", "ik heb hulp nodig"] and "Pesten" in user_texts


def test_user_text_is_never_run_as_html(web_url, browser):
    browser.get(f"{web_url}/demo/den-haag")
    browser.find_element("css selector", ".hw-launcher").click()
    _say(browser, "<img src=x onerror=\"window.hacked=1\">")
    _wait_for_bot_messages(browser, 1)
    assert browser.execute_script("return window.hacked === undefined")
    assert browser.find_elements("css selector", ".hw-log img") == []


def test_snel_weg_leaves_the_page_and_clears_the_conversation(web_url, browser):
    browser.get(f"{web_url}/demo/rijswijk")
    browser.find_element("css selector", ".hw-launcher").click()
    _say(browser, "hoi")
    _wait_for_bot_messages(browser, 1)
    before = json.loads(browser.execute_script("return sessionStorage.getItem('hulpwijzer-chat')"))
    assert before["messages"][0]["text"] == "hoi"
    browser.find_element("css selector", ".hw-leave").click()
    deadline = time.monotonic() + 10
    while web_url in browser.current_url and time.monotonic() < deadline:
        time.sleep(0.1)
    assert web_url not in browser.current_url  # gone (to a neutral site; offline: an error page)
    browser.get(f"{web_url}/demo/rijswijk")  # same tab: the conversation must be gone
    after = json.loads(browser.execute_script("return sessionStorage.getItem('hulpwijzer-chat')") or "null")
    assert after is None or (after["messages"] == [] and after["sessionId"] != before["sessionId"])
    assert browser.find_elements("css selector", ".hw-msg") == []


def test_the_chat_has_no_accessibility_violations(web_url, browser):
    if not AXE.exists():
        pytest.skip("axe-core not installed in web/vendor (make setup installs it with npm)")
    browser.get(f"{web_url}/demo/meierijstad")
    browser.find_element("css selector", ".hw-launcher").click()
    _say(browser, "ik heb hulp nodig")
    _wait_for_bot_messages(browser, 1)
    _assert_no_axe_violations(browser)


def _focused(driver):
    return driver.switch_to.active_element


def _press(driver, *keys):
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*keys).perform()


def test_the_chat_works_with_the_keyboard_only_and_focus_is_visible(web_url, browser):
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{web_url}/demo/leidschendam-voorburg")
    for _ in range(10):  # Tab through the page to the chat button
        _press(browser, Keys.TAB)
        if "hw-launcher" in (_focused(browser).get_attribute("class") or ""):
            break
    launcher = _focused(browser)
    assert "hw-launcher" in launcher.get_attribute("class")
    style = browser.execute_script("const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];", launcher)
    assert style[0] == "solid" and float(style[1].rstrip("px")) >= 2, f"no visible focus: {style}"

    _press(browser, Keys.ENTER)
    assert _focused(browser).get_attribute("id") == "hw-input"
    _press(browser, "ik heb hulp nodig", Keys.ENTER)
    _wait_for_bot_messages(browser, 1)
    for _ in range(30):  # back from the input to the topic choices
        _press(browser, Keys.SHIFT, Keys.TAB, Keys.SHIFT)
        if _focused(browser).text == "Pesten":
            break
    assert _focused(browser).text == "Pesten"
    _press(browser, Keys.ENTER)
    answer = "\n".join(_wait_for_bot_messages(browser, 2))
    assert "Leidschendam-Voorburg" in answer

    _press(browser, Keys.ESCAPE)
    assert not browser.find_element("css selector", ".hw-panel").is_displayed()
    assert "hw-launcher" in _focused(browser).get_attribute("class")


LAYOUT_PROBLEMS = """
const vw = document.documentElement.clientWidth, vh = window.innerHeight, problems = [];
const inside = (r) => r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= vw && r.top >= 0 && r.bottom <= vh;
if (document.documentElement.scrollWidth > vw) problems.push('the page scrolls sideways');
const panel = document.querySelector('.hw-panel');
if (!inside(panel.getBoundingClientRect())) problems.push('the chat is larger than the screen');
if (panel.scrollWidth > panel.clientWidth) problems.push('the chat scrolls sideways');
for (const selector of ['.hw-leave', '.hw-close', '.hw-privacy', '.hw-input', '.hw-send', '.hw-launcher']) {
  const element = document.querySelector(selector);
  element.scrollIntoView({block: 'nearest'});
  if (!inside(element.getBoundingClientRect())) problems.push(selector + ' is not (fully) on the screen');
}
const log = document.querySelector('.hw-log').getBoundingClientRect();
if (log.height < 4 * 16) problems.push('the conversation has no room');
for (const element of document.querySelectorAll('.hw-choice, .hw-text')) {
  const r = element.getBoundingClientRect();
  if (r.left < log.left || r.right > log.right || element.scrollWidth > element.clientWidth)
    problems.push('cut off: ' + element.textContent.slice(0, 30));
}
return problems;
"""


@pytest.mark.parametrize("width,height,scale", [(360, 640, 2), (640, 360, 2)],
                         ids=["phone 360 px wide", "200 % zoom of a 1280x720 screen"])
def test_the_chat_fits_a_small_phone_and_200_percent_zoom(web_url, browser, width, height, scale):
    # 200 % zoom halves the CSS pixels of the window and doubles the device pixels per CSS pixel.
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": width < 400})
    browser.get(f"{web_url}/demo/bernheze")
    assert browser.execute_script("return window.innerWidth") == width
    browser.find_element("css selector", ".hw-launcher").click()
    _say(browser, "ik heb hulp nodig")
    _wait_for_bot_messages(browser, 1)
    assert browser.find_elements("css selector", ".hw-choice")
    assert browser.execute_script(LAYOUT_PROBLEMS) == []


def test_the_chat_reconnects_after_the_connection_drops(bot, bot_stack, browser, tmp_path):
    from tests.cuttable_proxy import CuttableProxy

    proxy = CuttableProxy(int(bot.url.rsplit(":", 1)[1]))
    try:
        with demo_web_server(proxy.port, _web_port(bot_stack), tmp_path) as url:
            browser.get(f"{url}/demo/maashorst")
            browser.find_element("css selector", ".hw-launcher").click()
            _say(browser, "hoi")
            _wait_for_bot_messages(browser, 1)

            proxy.cut()
            status = browser.find_element("css selector", ".hw-status")
            deadline = time.monotonic() + 30
            while "verbinding is weg" not in status.text and time.monotonic() < deadline:
                time.sleep(0.2)
            assert "verbinding is weg" in status.text
            _say(browser, "ik heb hulp nodig")  # typed while offline: kept, sent after reconnecting
            assert browser.find_element("css selector", ".hw-typing").is_displayed()

            proxy.restore()
            answer = _wait_for_bot_messages(browser, 2)
            assert "Waar gaat je vraag over" in answer[-1] or browser.find_elements("css selector", ".hw-choice")
            assert status.text == ""
            session = json.loads(browser.execute_script("return sessionStorage.getItem('hulpwijzer-chat')"))["sessionId"]
            said = [e["text"] for e in bot.tracker(session)["events"] if e["event"] == "user"]
            assert said == ["hoi", "ik heb hulp nodig"], "the same conversation goes on after reconnecting"
    finally:
        proxy.close()


# Records which link a tap went to, and keeps the browser on the page (a tel: link would
# otherwise hand over to a phone app, a web link open a tab that cannot load offline).
CAPTURE_TAPS = """
window.__taps = [];
document.addEventListener('click', function (event) {
  var link = event.target.closest('a');
  if (link) { window.__taps.push(link.getAttribute('href')); event.preventDefault(); }
}, true);
"""


def _wait_for_cards(driver, count, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cards = driver.find_elements("css selector", ".hw-card")
        if len(cards) >= count:
            return cards
        time.sleep(0.2)
    raise AssertionError(f"waited for {count} help cards, got {len(driver.find_elements('css selector', '.hw-card'))}")


def test_a_pupil_taps_the_phone_and_web_links_on_a_help_card(web_url, browser):
    browser.get(f"{web_url}/demo/oss")
    browser.find_element("css selector", ".hw-launcher").click()
    browser.execute_script(CAPTURE_TAPS)
    _say(browser, "ik word gepest")
    cards = _wait_for_cards(browser, 2)
    names = [c.find_element("css selector", ".hw-card-name").text for c in cards]
    assert "De Kindertelefoon" in names and "Gemeente Oss" in names, names

    kindertelefoon = cards[names.index("De Kindertelefoon")]
    labels = [li.text for li in kindertelefoon.find_elements("css selector", ".hw-label-tag")]
    assert "gratis" in labels and "anoniem" in labels
    phone = kindertelefoon.find_element("css selector", "a.hw-tel")
    assert phone.get_attribute("href") == "tel:08000432" and "0800-0432" in phone.text
    phone.click()
    web = kindertelefoon.find_element("css selector", "a.hw-web")
    assert web.get_attribute("href") == "https://www.kindertelefoon.nl/" and web.get_attribute("rel") == "noopener noreferrer"
    web.click()
    assert browser.execute_script("return window.__taps") == ["tel:08000432", "https://www.kindertelefoon.nl"]

    # The gemeente's own route says what to ask for, with its number as a tel: link.
    gemeente = cards[names.index("Gemeente Oss")]
    assert gemeente.find_element("css selector", "a.hw-tel").get_attribute("href") == "tel:140412"
    assert "Vraag naar" in gemeente.find_element("css selector", ".hw-card-ask").text
    # The card replaces the same answer as plain text: it is not shown twice.
    texts = _bot_texts(browser)
    assert not any(t.startswith("Gemeente Oss\n") for t in texts)

    if AXE.exists():
        _assert_no_axe_violations(browser)
