"""A local stand-in for GOV.UK Notify's HTTP API, for the tests of the Notify backend.

It listens on 127.0.0.1 (a free port), checks each request's JWT-signed Authorization header
the way Notify does (HS256 with the secret part of the API key, ``iss`` the service id, ``iat``
within 30 seconds), records the POSTs to ``/v2/notifications/email`` and answers as told:
``answer`` is a function of the request's JSON that returns 201, 400, 403, 429, 500 (or
``(status, message)``) or ``"hang"`` (no answer until the test ends).

An API key is ``{key_name}-{service_id}-{secret}``, both ids UUIDs: ``api_key()`` makes one.
"""

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

EMAIL_PATH = "/v2/notifications/email"
HANG = "hang"

DEFAULT_MESSAGES = {
    400: ("BadRequestError", "email_address Not a valid email address"),
    403: ("AuthError", "Invalid token: API key not found"),
    429: (
        "RateLimitError",
        "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
    ),
    500: ("InternalServerError", "Internal server error"),
}


def api_key(name="portal_test", service_id=None, secret=None):
    return f"{name}-{service_id or uuid.uuid4()}-{secret or uuid.uuid4()}"


class FakeNotify:
    def __init__(self, key):
        self.service_id = key[-73:-37]
        self.secret = key[-36:]
        self.answer = lambda payload: 201
        self.requests = []  # (monotonic time, payload, status) of each authenticated POST
        self.refused_tokens = 0
        self.lock = threading.Lock()
        self.released = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.released.set()  # hung requests end
        self.server.shutdown()
        self.server.server_close()

    def payloads(self, status=None):
        with self.lock:
            return [p for _, p, s in self.requests if status is None or s == status]

    def sent(self):
        """The payloads Notify accepted (answered 201)."""
        return self.payloads(201)

    def times(self):
        with self.lock:
            return [t for t, _, _ in self.requests]

    def _check_token(self, header):
        if not header.startswith("Bearer "):
            return False
        try:
            claims = jwt.decode(
                header.removeprefix("Bearer "),
                self.secret,
                algorithms=["HS256"],
                options={"require": ["iss", "iat"], "verify_iat": False},
            )
        except jwt.InvalidTokenError:
            return False
        return claims["iss"] == self.service_id and abs(time.time() - claims["iat"]) <= 30

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):
                pass

            def _reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status, message=None):
                kind, default = DEFAULT_MESSAGES.get(status, ("Error", "Error"))
                self._reply(
                    status,
                    {
                        "errors": [{"error": kind, "message": message or default}],
                        "status_code": status,
                    },
                )

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if not fake._check_token(self.headers.get("Authorization", "")):
                    with fake.lock:
                        fake.refused_tokens += 1
                    self._error(403)
                    return
                if self.path != EMAIL_PATH:
                    self._error(404, "Not found")
                    return
                payload = json.loads(body)
                answer = fake.answer(payload)
                status, message = answer if isinstance(answer, tuple) else (answer, None)
                with fake.lock:
                    fake.requests.append((time.monotonic(), payload, status))
                if status == HANG:
                    fake.released.wait(60)
                    self.close_connection = True
                    return
                if status != 201:
                    self._error(status, message)
                    return
                self._reply(
                    201,
                    {
                        "id": str(uuid.uuid4()),
                        "reference": payload.get("reference"),
                        "content": {
                            "subject": payload.get("personalisation", {}).get("subject"),
                            "body": payload.get("personalisation", {}).get("body"),
                            "from_email": "portal@notifications.service.gov.uk",
                        },
                        "uri": f"{fake.url}/v2/notifications/{uuid.uuid4()}",
                        "template": {
                            "id": payload["template_id"],
                            "version": 1,
                            "uri": f"{fake.url}/v2/template/{payload['template_id']}",
                        },
                    },
                )

        return Handler
