"""Local stand-ins for the Telegram Bot API and Twilio's Messages API (loopback only).

The Rasa server under test sends its answers here (TELEGRAM_API_BASE, TWILIO_API_BASE), and
the tests read what the pupil would receive. The stand-ins check what the real services
check where a mistake would cost the pupil the message: the bot token and the Twilio login,
Telegram's limits on text (4096) and button data (64 bytes), an HTTPS webhook URL and a valid
secret, WhatsApp addresses and Twilio's 1600-character body limit.
"""
from __future__ import annotations

import base64
import json
import re
import threading
import time
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Optional
from urllib.parse import parse_qsl


@dataclass
class Call:
    service: str  # "telegram" or "twilio"
    method: str  # Telegram method name, or "Messages" for Twilio
    fields: Dict[str, str]
    status: int


class Refused(Exception):
    def __init__(self, status: int, body: dict):
        self.status, self.body = status, body


def _telegram_error(status: int, description: str) -> Refused:
    return Refused(status, {"ok": False, "error_code": status, "description": description})


class MessengerApiStub:
    def __init__(self, telegram_token: str, telegram_bot_name: str, twilio_sid: str, twilio_token: str):
        self.telegram_token = telegram_token
        self.telegram_bot_name = telegram_bot_name
        self.twilio_sid = twilio_sid
        self.twilio_token = twilio_token
        self.calls: List[Call] = []
        self._lock = threading.Lock()
        self._server: Optional[ThreadingHTTPServer] = None

    @classmethod
    def for_tests(cls) -> "MessengerApiStub":
        return cls(telegram_token="7000001:AAF-test-token-not-real-0123456789abcd", telegram_bot_name="HulpwijzerTestBot",
                   twilio_sid="AC" + "0123456789abcdef" * 2, twilio_token="f" * 32)

    def env(self) -> Dict[str, str]:
        """The settings that switch both messengers on and point them at this stand-in."""
        return {**self.credentials(), "TELEGRAM_API_BASE": self.url, "TWILIO_API_BASE": self.url}

    def credentials(self) -> Dict[str, str]:
        """The webhook URLs are public ones, as in production behind a proxy: Twilio signs that URL."""
        return {
            "TELEGRAM_TOKEN": self.telegram_token,
            "TELEGRAM_BOT_NAME": self.telegram_bot_name,
            "TELEGRAM_WEBHOOK_URL": "https://hulpwijzer.example/webhooks/telegram/webhook",
            "TWILIO_ACCOUNT_SID": self.twilio_sid,
            "TWILIO_AUTH_TOKEN": self.twilio_token,
            "TWILIO_WHATSAPP_NUMBER": "whatsapp:+14155238886",
            "TWILIO_WEBHOOK_URL": "https://hulpwijzer.example/webhooks/twilio/webhook",
        }

    # --- what the tests read ----------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def accepted(self, service: str, method: Optional[str] = None) -> List[Call]:
        with self._lock:
            return [c for c in self.calls if c.service == service and c.status < 300 and (method is None or c.method == method)]

    def telegram_messages(self, chat_id) -> List[dict]:
        """What the pupil sees in this Telegram chat: text and the buttons' (title, data)."""
        shown = []
        for call in self.accepted("telegram", "sendMessage"):
            if call.fields.get("chat_id") == str(chat_id):
                markup = json.loads(call.fields.get("reply_markup") or "{}")
                rows = markup.get("inline_keyboard") or []
                shown.append({"text": call.fields["text"],
                              "buttons": [[(b["text"], b.get("callback_data")) for b in row] for row in rows]})
        return shown

    def whatsapp_messages(self, to: str) -> List[str]:
        return [c.fields["Body"] for c in self.accepted("twilio", "Messages") if c.fields.get("To") == to]

    def wait_for(self, service: str, method: str, timeout: float = 60) -> List[Call]:
        """For calls the bot makes in the background (the webhook registration at start-up)."""
        deadline = time.monotonic() + timeout
        while not self.accepted(service, method) and time.monotonic() < deadline:
            time.sleep(0.2)
        return self.accepted(service, method)

    # --- the services -----------------------------------------------------------------

    def telegram(self, method: str, fields: Dict[str, str]):
        if method == "getMe":
            return {"id": 7000001, "is_bot": True, "first_name": "Hulpwijzer", "username": self.telegram_bot_name}
        if method == "setWebhook":
            if not fields.get("url", "").startswith("https://"):
                raise _telegram_error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
            if "secret_token" in fields and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", fields["secret_token"]):
                raise _telegram_error(400, "Bad Request: secret token contains unallowed characters")
            return True
        if method == "answerCallbackQuery":
            return True
        if method == "sendMessage":
            text = fields.get("text", "")
            if not fields.get("chat_id"):
                raise _telegram_error(400, "Bad Request: chat_id is empty")
            if not text.strip():
                raise _telegram_error(400, "Bad Request: message text is empty")
            if len(text) > 4096:
                raise _telegram_error(400, "Bad Request: message is too long")
            markup = json.loads(fields.get("reply_markup") or "{}")
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    if not 1 <= len(button.get("callback_data", "").encode()) <= 64:
                        raise _telegram_error(400, "Bad Request: BUTTON_DATA_INVALID")
            return {"message_id": len(self.calls) + 1, "date": int(time.time()),
                    "chat": {"id": int(fields["chat_id"]), "type": "private"}, "text": text}
        raise _telegram_error(404, "Not Found")

    def twilio(self, fields: Dict[str, str]) -> dict:
        to, sender, body = fields.get("To", ""), fields.get("From", ""), fields.get("Body", "")
        if not (to.startswith("whatsapp:+") and sender.startswith("whatsapp:+")):
            raise Refused(400, {"code": 21211, "message": "Invalid 'To' or 'From' address", "status": 400})
        if len(body) > 1600:
            raise Refused(400, {"code": 21617, "message": "The concatenated message body exceeds the 1600 character limit", "status": 400})
        sid = f"SM{len(self.calls):032d}"
        return {"sid": sid, "account_sid": self.twilio_sid, "to": to, "from": sender, "body": body,
                "status": "queued", "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01",
                "uri": f"/2010-04-01/Accounts/{self.twilio_sid}/Messages/{sid}.json"}

    def handle(self, path: str, headers, body: bytes):
        fields = _form_fields(headers.get("Content-Type", ""), body)
        telegram = re.fullmatch(r"/bot([^/]+)/(\w+)", path)
        if telegram:
            token, method = telegram.groups()
            try:
                if token != self.telegram_token:
                    raise _telegram_error(401, "Unauthorized")
                status, reply = 200, {"ok": True, "result": self.telegram(method, fields)}
            except Refused as refused:
                status, reply = refused.status, refused.body
            self._record(Call("telegram", method, fields, status))
            return status, reply
        twilio = re.fullmatch(r"/2010-04-01/Accounts/([^/]+)/Messages\.json", path)
        if twilio:
            expected = "Basic " + base64.b64encode(f"{self.twilio_sid}:{self.twilio_token}".encode()).decode()
            try:
                if twilio.group(1) != self.twilio_sid or headers.get("Authorization") != expected:
                    raise Refused(401, {"code": 20003, "message": "Authenticate", "status": 401})
                status, reply = 201, self.twilio(fields)
            except Refused as refused:
                status, reply = refused.status, refused.body
            self._record(Call("twilio", "Messages", fields, status))
            return status, reply
        return 404, {"message": "not found"}

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def start(self) -> "MessengerApiStub":
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, reply = stub.handle(self.path.split("?")[0], self.headers, body)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()


def _form_fields(content_type: str, body: bytes) -> Dict[str, str]:
    """The request's fields: url-encoded, multipart (both are what the client libraries send) or JSON."""
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        return {part.get_param("name", header="content-disposition"): part.get_content() for part in message.iter_parts()}
    if content_type.startswith("application/json"):
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in json.loads(body or b"{}").items()}
    return dict(parse_qsl(body.decode(), keep_blank_values=True))
