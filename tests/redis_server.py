"""A redis-server of a test's own, on a free port, that the test may stop, hang or restart.

Tests that break Redis never touch the machine's shared server: each starts one of these.
"""

import contextlib
import shutil
import signal
import socket
import subprocess
import time

import pytest

from tests.celery_worker import free_port


class RedisServer:
    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - the machine's redis-server, our port
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return self
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        """Stop the server: connections are refused (and its data is gone)."""
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def hang(self):
        """Freeze the server: connections open but nothing answers (its data is kept)."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("needs the redis-server program")
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()
