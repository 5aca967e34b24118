"""Which channels Rasa gets: the messengers are on only with all their credentials, and a
Telegram that cannot be reached never stops the server from starting."""
from __future__ import annotations

import asyncio
import logging

import pytest
from rasa.core.run import create_http_input_channels

from hulpwijzer.ops import channel_credentials
from hulpwijzer.ops.stack import free_port
from tests.messenger_stub import MessengerApiStub

# The web channels, and the model swap route of `make reload` (guarded by RASA_TOKEN).
ALWAYS_ON = ["hulpwijzer.rasa_server.channels.guarded.GuardedRestInput", "hulpwijzer.rasa_server.channels.guarded.GuardedSocketIOInput",
             "hulpwijzer.rasa_server.model_swap.ModelSwapInput"]
ALWAYS_ON_NAMES = {"rest", "socketio", "model"}
TELEGRAM = "hulpwijzer.rasa_server.channels.telegram.GuardedTelegramInput"
WHATSAPP = "hulpwijzer.rasa_server.channels.whatsapp.GuardedWhatsAppInput"


@pytest.fixture
def credentials():
    return MessengerApiStub.for_tests().credentials()


def _channels_rasa_starts(tmp_path, values, monkeypatch):
    """The input channels Rasa itself makes from the written file (as `rasa run` would)."""
    target = tmp_path / "credentials.yml"
    channel_credentials.write(values, target)
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return {channel.name(): channel for channel in create_http_input_channels(None, str(target))}


def test_without_credentials_only_the_web_channels_are_on(tmp_path, monkeypatch):
    assert list(channel_credentials.select({}).on) == ALWAYS_ON
    assert set(_channels_rasa_starts(tmp_path, {}, monkeypatch)) == ALWAYS_ON_NAMES


def test_empty_values_as_in_env_example_count_as_not_set(credentials):
    assert list(channel_credentials.select({k: "" for k in credentials}).on) == ALWAYS_ON


def test_each_messenger_is_on_with_all_its_credentials(tmp_path, monkeypatch, credentials):
    channels = _channels_rasa_starts(tmp_path, credentials, monkeypatch)
    assert set(channels) == ALWAYS_ON_NAMES | {"telegram", "twilio"}
    assert channels["telegram"].access_token == credentials["TELEGRAM_TOKEN"]
    assert channels["twilio"].webhook_url == credentials["TWILIO_WEBHOOK_URL"]


def test_a_half_set_up_messenger_stays_off_and_says_what_is_missing(credentials):
    values = {k: v for k, v in credentials.items() if k != "TELEGRAM_WEBHOOK_URL"}
    channels = channel_credentials.select(values)
    assert TELEGRAM not in channels.on and WHATSAPP in channels.on
    assert channels.half_set_up == {TELEGRAM: ["TELEGRAM_WEBHOOK_URL"]}


def test_no_secret_is_written_to_disk(tmp_path, credentials):
    target = tmp_path / "credentials.yml"
    channel_credentials.write(credentials, target)
    written = target.read_text()
    assert "${TELEGRAM_TOKEN}" in written and "${TWILIO_AUTH_TOKEN}" in written
    assert credentials["TELEGRAM_TOKEN"] not in written and credentials["TWILIO_AUTH_TOKEN"] not in written


def test_an_unreachable_telegram_does_not_stop_the_start(monkeypatch, caplog, credentials):
    from hulpwijzer.rasa_server.channels.telegram import GuardedTelegramInput

    monkeypatch.setenv("TELEGRAM_API_BASE", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    channel = GuardedTelegramInput(credentials["TELEGRAM_TOKEN"], credentials["TELEGRAM_BOT_NAME"],
                                   credentials["TELEGRAM_WEBHOOK_URL"])

    async def start_up():
        await channel.register_webhook()
        await channel.get_output_channel().session.close()  # Bot.close() is deprecated in aiogram 2

    with caplog.at_level(logging.WARNING, logger="hulpwijzer.rasa_server.channels.telegram"):
        asyncio.run(start_up())
    assert "Could not register the Telegram webhook" in caplog.text


def test_a_wrong_bot_name_is_reported_at_start_up(monkeypatch, caplog, credentials):
    """Rasa ignores every update when TELEGRAM_BOT_NAME is not the bot's username: say so loudly."""
    from hulpwijzer.rasa_server.channels.telegram import GuardedTelegramInput

    stub = MessengerApiStub.for_tests().start()
    try:
        monkeypatch.setenv("TELEGRAM_API_BASE", stub.url)
        channel = GuardedTelegramInput(credentials["TELEGRAM_TOKEN"], "SomeOtherBot", credentials["TELEGRAM_WEBHOOK_URL"])

        async def start_up():
            await channel.register_webhook()
            await channel.get_output_channel().session.close()  # Bot.close() is deprecated in aiogram 2

        with caplog.at_level(logging.WARNING, logger="hulpwijzer.rasa_server.channels.telegram"):
            asyncio.run(start_up())
    finally:
        stub.stop()
    assert stub.accepted("telegram", "setWebhook") and "TELEGRAM_BOT_NAME is not the username" in caplog.text
