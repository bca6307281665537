"""A flapping OTLP/HTTP collector: a front on one fixed loopback port that, in turn, forwards
to a real receiver, refuses connections, hangs, and answers 503.

  up      every request is forwarded to the receiver (the OTLP sink, which decodes and
          counts the spans) and its answer relayed;
  down    the listening socket is closed, so a connection attempt is refused, and every
          open connection is closed, so a pooled keep-alive connection cannot slip through;
  hang    connections are accepted and requests read, but never answered; a hung
          connection is closed when the phase ends;
  503     every request is answered 503 Service Unavailable, unread by the receiver.

A request is handled by the phase it arrives in: a forward under way when the phase
changes is completed and answered, so that a span the receiver counted is never also
reported failed to the application.
"""

import http.client
import socket
import threading
import time
from collections import Counter

UP, DOWN, HANG, ERROR = "up", "down", "hang", "503"
CYCLE = (UP, DOWN, HANG, ERROR)

# How often blocked accepts and reads look at the phase: the delay of a phase change.
POLL_SECONDS = 0.1


class FlappingCollector:

    def __init__(self, port, receiver_port, phase_seconds):
        self.port = port
        self.receiver_port = receiver_port
        self.phase_seconds = phase_seconds
        self.outcomes = Counter()
        self._outcomes_lock = threading.Lock()
        self._held = None
        self._started = None
        self._stopped = threading.Event()
        self._threads = []

    # --- phases --------------------------------------------------------------------------------

    @property
    def phase(self):
        if self._held is not None:
            return self._held
        elapsed = time.monotonic() - self._started
        return CYCLE[int(elapsed // self.phase_seconds) % len(CYCLE)]

    def hold(self, phase):
        """Stays in one phase from now on (up, for the final flush)."""
        self._held = phase

    def start(self):
        self._started = time.monotonic()
        thread = threading.Thread(target=self._accept_loop, name="flapping-accept", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def stop(self):
        self._stopped.set()
        for thread in self._threads:
            thread.join(5)

    def counts(self):
        with self._outcomes_lock:
            return dict(self.outcomes)

    def _count(self, outcome):
        with self._outcomes_lock:
            self.outcomes[outcome] += 1

    # --- connections -----------------------------------------------------------------------------

    def _listen(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(POLL_SECONDS)
        return listener

    def _accept_loop(self):
        listener = None
        try:
            while not self._stopped.is_set():
                if self.phase == DOWN:
                    if listener is not None:
                        listener.close()  # from now on a connection attempt is refused
                        listener = None
                    time.sleep(POLL_SECONDS)
                    continue
                if listener is None:
                    listener = self._listen()
                try:
                    connection, _ = listener.accept()
                except socket.timeout:
                    continue
                connection.settimeout(POLL_SECONDS)
                threading.Thread(target=self._serve, args=(connection,), name="flapping-connection",
                                 daemon=True).start()
        finally:
            if listener is not None:
                listener.close()

    def _serve(self, connection):
        receiver = None
        reader = _RequestReader(connection, self)
        try:
            while True:
                request = reader.next_request()
                if request is None:
                    return
                phase = self.phase
                if phase == UP:
                    if receiver is None:
                        receiver = http.client.HTTPConnection("127.0.0.1", self.receiver_port, timeout=30)
                    status, headers, body = _forward(receiver, request)
                    self._count("forwarded")
                    _respond(connection, status, headers, body)
                elif phase == ERROR:
                    self._count("answered 503")
                    _respond(connection, 503, [("Content-Type", "text/plain")], b"flapping: 503 phase\n")
                elif phase == HANG:
                    self._count("hung")
                    while self.phase == HANG and not self._stopped.is_set():
                        time.sleep(POLL_SECONDS)
                    return
                else:
                    self._count("closed (down)")
                    return
        except OSError:
            return  # the application gave up on the connection (its export timed out)
        finally:
            if receiver is not None:
                receiver.close()
            try:
                connection.close()
            except OSError:
                pass


class _Request:

    def __init__(self, method, target, headers, body):
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body


class _RequestReader:
    """Reads HTTP/1.1 requests off one connection, Content-Length or chunked bodies; gives up
    (answers None) on end of stream, or while waiting for a request when the collector goes down."""

    def __init__(self, connection, collector):
        self.connection = connection
        self.collector = collector
        self.buffer = b""

    def _fill(self, waiting_for_request):
        while True:
            if waiting_for_request and self.collector.phase == DOWN:
                return False
            if self.collector._stopped.is_set():
                return False
            try:
                data = self.connection.recv(65536)
            except socket.timeout:
                continue
            if not data:
                return False
            self.buffer += data
            return True

    def _line(self, waiting_for_request=False):
        while b"\r\n" not in self.buffer:
            if not self._fill(waiting_for_request):
                return None
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def _exactly(self, length):
        while len(self.buffer) < length:
            if not self._fill(False):
                return None
        data, self.buffer = self.buffer[:length], self.buffer[length:]
        return data

    def next_request(self):
        request_line = self._line(waiting_for_request=True)
        if not request_line:
            return None
        method, target, _ = request_line.decode("latin-1").split(" ", 2)
        headers = []
        while True:
            line = self._line()
            if line is None:
                return None
            if not line:
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers.append((name.strip(), value.strip()))
        lowered = {name.lower(): value for name, value in headers}
        if lowered.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size_line = self._line()
                if size_line is None:
                    return None
                size = int(size_line.split(b";")[0], 16)
                chunk = self._exactly(size + 2)
                if chunk is None:
                    return None
                if size == 0:
                    break
                body += chunk[:-2]
        else:
            body = self._exactly(int(lowered.get("content-length", "0")))
            if body is None:
                return None
        return _Request(method, target, headers, body)


_FORWARDED_HEADERS = ("content-type", "content-encoding")


def _forward(receiver, request):
    headers = {name: value for name, value in request.headers if name.lower() in _FORWARDED_HEADERS}
    receiver.request(request.method, request.target, body=request.body, headers=headers)
    response = receiver.getresponse()
    body = response.read()
    return response.status, [(name, value) for name, value in response.getheaders()
                             if name.lower() in _FORWARDED_HEADERS], body


def _respond(connection, status, headers, body):
    head = [f"HTTP/1.1 {status} {http.client.responses.get(status, '')}"]
    head += [f"{name}: {value}" for name, value in headers]
    head.append(f"Content-Length: {len(body)}")
    connection.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
