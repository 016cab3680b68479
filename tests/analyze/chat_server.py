"""A loopback stand-in for an OpenAI-compatible chat endpoint, for tests."""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Chat(BaseHTTPRequestHandler):
    reply = "The leaders met in Sochi [1]. Russia offered a loan [2][9]. An uncited claim."
    seen: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Chat.seen.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
        payload = json.dumps({"choices": [{"message": {"content": Chat.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def chat_endpoint() -> Iterator[str]:
    """Serve ``Chat`` on an ephemeral loopback port; yields the ``…/v1`` base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Chat)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
