"""One running FollowUp per data folder; a second start hands over to the first.

The guard is a QLockFile in the data folder: whoever holds it owns the data
(and so the database). A lock left behind by a crashed process is recovered.
The messenger is a QLocalServer whose name is derived from the data folder and
the user: a second start connects to it, sends its arguments and exits, and the
running instance emits ``activation_requested`` so its window comes forward.

Wire format, one exchange per connection: the client sends one line of UTF-8
JSON, ``{"action": "show", "args": [...]}``; the server answers ``ok`` (or
``error``) and a newline.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QLockFile, QObject, QSysInfo, QThread, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from followup_desktop.paths import Paths

log = logging.getLogger(__name__)

LOCK_WAIT_MS = 100
HAND_OVER_TIMEOUT_MS = 2000
# A lock file without an owner's details is given this long to be written by a
# process that is creating it right now before it is taken as left by a crash.
UNREADABLE_GRACE_MS = 300
CONNECTION_TIMEOUT_MS = 5000
MAX_MESSAGE_BYTES = 64 * 1024
# Unix socket paths are limited to about 107 bytes.
MAX_SOCKET_PATH = 100
ACK = b"ok"
NACK = b"error"


class InstanceLockError(Exception):
    """The data folder cannot be locked at all (no permission, disk full, ...)."""


def _user_id() -> str:
    getuid = getattr(os, "getuid", None)
    if getuid is not None:
        return str(getuid())
    return os.environ.get("USERNAME", "")


def server_name(data_dir: Path) -> str:
    """The messenger's name for this user and data folder.

    It is placed in the user's private ``$XDG_RUNTIME_DIR`` when there is one
    (other users can neither reach nor squat it), else Qt puts it in the temp
    folder; the user id in the name keeps users apart there too.
    """
    key = f"{_user_id()}\0{os.path.realpath(data_dir)}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    name = f"followup-desktop-{_user_id()}-{digest}"
    runtime_dir = os.environ.get("XDG_RUNTIME_DIR", "")
    if os.path.isabs(runtime_dir) and os.path.isdir(runtime_dir):
        full = os.path.join(runtime_dir, name)
        if len(os.fsencode(full)) <= MAX_SOCKET_PATH:
            return full
    return name


class _Connection(QObject):
    """One incoming hand-over: read a line, answer, report the arguments."""

    received = Signal(list)
    finished = Signal()

    def __init__(self, socket: QLocalSocket, parent: QObject) -> None:
        super().__init__(parent)
        self._socket = socket
        self._buffer = bytearray()
        self._done = False
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.close)
        self._timer.start(CONNECTION_TIMEOUT_MS)
        socket.readyRead.connect(self.read)
        socket.disconnected.connect(self.close)

    def read(self) -> None:
        if self._done:
            return
        self._buffer += self._socket.readAll().data()
        line, newline, _rest = bytes(self._buffer).partition(b"\n")
        if not newline:
            if len(self._buffer) > MAX_MESSAGE_BYTES:
                self._answer(NACK)
            return
        args = _parse(line)
        if args is None:
            self._answer(NACK)
            return
        # Answer first: a slot that opens a modal dialog must not make the
        # second process wait for it and report the running one as hung.
        self._answer(ACK)
        self.received.emit(args)

    def _answer(self, reply: bytes) -> None:
        self._done = True
        self._socket.write(reply + b"\n")
        self._socket.flush()
        self._socket.disconnectFromServer()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        if self._socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            self._socket.abort()
        self._socket.deleteLater()
        self.finished.emit()


def _parse(line: bytes) -> list[str] | None:
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(message, dict) or message.get("action") != "show":
        return None
    args = message.get("args", [])
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        return None
    return args


class SingleInstance(QObject):
    """Owns the data folder for this process, or hands over to the process that does.

    Use::

        instance = SingleInstance(paths)
        if not instance.acquire():
            instance.hand_over(argv[1:])  # the other window comes forward; exit
    """

    # The arguments of a later start, each time one asks this instance to show itself.
    activation_requested = Signal(list)

    def __init__(self, paths: Paths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self._lock = QLockFile(str(paths.lock))
        # The lock is held for as long as the app runs: never stale by age.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None
        self._connections: set[_Connection] = set()
        self.server_name = server_name(paths.data_dir)

    # -- owning the data folder ------------------------------------------------

    @property
    def is_owner(self) -> bool:
        return self._lock.isLocked()

    @property
    def is_listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def acquire(self) -> bool:
        """Take the data folder; False when another live process holds it.

        Raises InstanceLockError when the lock file cannot be created at all.
        """
        if self._lock.isLocked():
            return True
        if not self._take_lock():
            return False
        self._listen()
        return True

    def release(self) -> None:
        """Stop answering later starts and give up the data folder."""
        for connection in list(self._connections):
            connection.close()  # closes its socket before the server goes
        if self._server is not None:
            self._server.close()  # removes the socket file
            self._server.deleteLater()
            self._server = None
        self._lock.unlock()

    def _take_lock(self) -> bool:
        # tryLock itself removes a lock whose process is gone (or which was
        # written before the last reboot) and takes it.
        if self._lock.tryLock(LOCK_WAIT_MS):
            return True
        self._raise_unless_held()
        # What Qt cannot tell: a lock file without details (a crash while it was
        # written) or a PID now used by another program of the same name. Only
        # the operating system's lock on the file settles it: removeStaleLockFile
        # refuses while a live process holds the file. The ".rmlock" guard is the
        # one QLockFile uses for its own clean-up, so the two never interleave.
        guard = QLockFile(self._lock.fileName() + ".rmlock")
        if not guard.tryLock(LOCK_WAIT_MS):
            return False
        try:
            if not self._maybe_stale():
                return False
            self._lock.removeStaleLockFile()
            if self._lock.tryLock(0):
                log.info("Recovered the lock %s left by a process that is gone", self._paths.lock)
                return True
            self._raise_unless_held()
            return False
        finally:
            guard.unlock()

    def _raise_unless_held(self) -> None:
        error = self._lock.error()
        if error != QLockFile.LockError.LockFailedError:
            reason = (
                "no permission to write there"
                if error == QLockFile.LockError.PermissionError
                else "the lock file could not be written"
            )
            raise InstanceLockError(
                f"Cannot lock the data folder {self._paths.data_dir}: {reason}."
            )

    def _maybe_stale(self) -> bool:
        info = self._lock_info()
        if info is None:
            QThread.msleep(UNREADABLE_GRACE_MS)
            info = self._lock_info()
            if info is None:
                return True
        pid, hostname = info
        if pid == os.getpid():
            return False  # held by this very process (another SingleInstance)
        # On another machine sharing the folder we cannot judge its processes.
        return not hostname or hostname == QSysInfo.machineHostName()

    def _lock_info(self) -> tuple[int, str] | None:
        # PySide returns (0, "", "") when the file is gone or holds no details.
        pid, hostname, _appname = self._lock.getLockInfo()
        return (pid, hostname) if pid > 0 else None

    # -- the messenger ----------------------------------------------------------

    def _listen(self) -> None:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # We own the lock, so any socket under this name was left by a crash.
        QLocalServer.removeServer(self.server_name)
        if not server.listen(self.server_name):
            # The data stay safe (the lock is ours); only hand-over is lost.
            log.warning("Cannot listen on %s: %s", self.server_name, server.errorString())
            server.deleteLater()
            return
        server.newConnection.connect(self._accept)
        self._server = server

    def _accept(self) -> None:
        server = self._server
        if server is None:
            return
        while server.hasPendingConnections():
            socket = server.nextPendingConnection()
            if socket is None:
                break
            connection = _Connection(socket, self)
            self._connections.add(connection)
            connection.received.connect(self.activation_requested)
            connection.finished.connect(lambda c=connection: self._forget(c))
            connection.read()  # in case the message came with the connection

    def _forget(self, connection: _Connection) -> None:
        self._connections.discard(connection)
        connection.deleteLater()

    # -- handing over -----------------------------------------------------------

    def hand_over(self, args: Sequence[str], timeout_ms: int | None = None) -> bool:
        """Ask the running instance to show itself; True once it acknowledged.

        Blocking, for use before this process has an event loop. False when no
        instance answers within ``timeout_ms`` (default HAND_OVER_TIMEOUT_MS):
        it is hung, or its messenger is not reachable.
        """
        payload = json.dumps({"action": "show", "args": [str(a) for a in args]}).encode() + b"\n"
        deadline = QDeadlineTimer(HAND_OVER_TIMEOUT_MS if timeout_ms is None else timeout_ms)
        socket = QLocalSocket()
        try:
            # The other instance may hold the lock but not listen yet: retry.
            while True:
                socket.connectToServer(self.server_name)
                if socket.waitForConnected(_remaining(deadline)):
                    break
                socket.abort()
                if deadline.hasExpired():
                    return False
                QThread.msleep(min(50, _remaining(deadline)))
            socket.write(payload)
            reply = bytearray()
            while b"\n" not in reply:
                if deadline.hasExpired() or not socket.waitForReadyRead(_remaining(deadline)):
                    return False
                reply += socket.readAll().data()
            return reply.partition(b"\n")[0] == ACK
        finally:
            socket.abort()


def _remaining(deadline: QDeadlineTimer) -> int:
    return max(0, deadline.remainingTime())
