"""One running FollowUp per data folder; a second start hands over to the first.

The guard is a QLockFile in the data folder: whoever holds it owns the data
(and so the database). A lock left behind by a crashed process is recovered.
The messenger is a QLocalServer whose name is derived from the data folder and
the user: a second start connects to it, sends its arguments and exits, and the
running instance emits ``activation_requested`` so its window comes forward.

The messenger's socket lives in a folder no other user can enter (see
``server_name``), and a connection from another user's process is refused
all the same: another user must not be able to take its name, nor to make
this window come forward.

Wire format, one exchange per connection: the client sends one line of UTF-8
JSON, ``{"action": "show", "args": [...]}``; the server answers ``ok`` (or
``error``) and a newline.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import stat
import struct
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QLockFile, QObject, QSysInfo, QThread, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from followup_desktop.i18n import _
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


def server_name(data_dir: Path) -> str | None:
    """The messenger's name for this user and data folder; None when it has no safe place.

    On Windows it is a named pipe, which UserAccessOption keeps to this user.
    Elsewhere it is a socket in a folder only this user can enter: the user's
    ``$XDG_RUNTIME_DIR`` when it is one, else the temp folder's
    ``followup-desktop-<uid>`` (see ``private_temp_folder``).
    """
    key = f"{_user_id()}\0{os.path.realpath(data_dir)}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    name = f"followup-desktop-{_user_id()}-{digest}"
    if not hasattr(os, "getuid"):
        return name
    runtime_dir = os.environ.get("XDG_RUNTIME_DIR", "")
    if os.path.isabs(runtime_dir) and is_private(runtime_dir):
        full = os.path.join(runtime_dir, name)
        if len(os.fsencode(full)) <= MAX_SOCKET_PATH:
            return full
    folder = private_temp_folder()
    if folder is None:
        return None
    full = os.path.join(folder, name)
    if len(os.fsencode(full)) > MAX_SOCKET_PATH:
        log.warning("%s is too long a path for a socket: no hand-over to this instance", full)
        return None
    return full


def is_private(path: str) -> bool:
    """True for a folder (not a link to one) of this user's that no one else may enter."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and stat.S_IMODE(info.st_mode) == 0o700
    )


def private_temp_folder() -> str | None:
    """``<temp>/followup-desktop-<uid>``, made with mode 0700 when missing; None (and a
    warning) when what is there is not a private folder of this user's.

    Its name is known to every user, so another one may have made it first, or
    left a link there to a folder of their own: then it is not used, and a later
    start cannot hand over to this one (the data stay guarded by the lock).
    """
    try:
        temp = tempfile.gettempdir()
    except OSError:  # a full disk: gettempdir's test file fits in no folder
        temp = os.environ.get("TMPDIR") or "/tmp"
    path = os.path.join(temp, f"followup-desktop-{os.getuid()}")
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        log.warning("Cannot make %s for the hand-over socket: %s", path, exc.strerror or exc)
        return None
    if is_private(path):
        return path
    log.warning(
        "%s is not a folder that only this user can enter (a link, another user's, or "
        "open to others): it is not used, and a second start cannot hand over to this one",
        path,
    )
    return None


def peer_uid(descriptor: int) -> int | None:
    """The user id of the process at the other end of a connected local socket, from
    the kernel (SO_PEERCRED); None when it cannot be told."""
    if descriptor < 0 or not hasattr(socket, "SO_PEERCRED"):
        return None
    size = struct.calcsize("3i")
    try:
        with socket.fromfd(descriptor, socket.AF_UNIX, socket.SOCK_STREAM) as peer:
            credentials = peer.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, size)
    except OSError:
        return None
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return int(uid)


def _from_this_user(connection: QLocalSocket) -> bool:
    if not hasattr(os, "getuid") or not hasattr(socket, "SO_PEERCRED"):
        # Windows keeps the pipe to this user; other systems have only the private folder.
        return True
    uid = peer_uid(int(connection.socketDescriptor()))
    if uid == os.getuid():
        return True
    who = "an unknown user" if uid is None else f"user {uid}"
    log.warning("Refused a hand-over from a process of %s", who)
    return False


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
            if error == QLockFile.LockError.PermissionError:
                text = _("Cannot lock the data folder {folder}: no permission to write there.")
            else:
                text = _(
                    "Cannot lock the data folder {folder}: the lock file could not be written."
                )
            raise InstanceLockError(text.format(folder=self._paths.data_dir))

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
        if self.server_name is None:
            return  # no safe place for the socket (said when it was looked for)
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
            incoming = server.nextPendingConnection()
            if incoming is None:
                break
            if not _from_this_user(incoming):
                incoming.abort()
                incoming.deleteLater()
                continue
            connection = _Connection(incoming, self)
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
        if self.server_name is None:
            return False
        payload = json.dumps({"action": "show", "args": [str(a) for a in args]}).encode() + b"\n"
        deadline = QDeadlineTimer(HAND_OVER_TIMEOUT_MS if timeout_ms is None else timeout_ms)
        client = QLocalSocket()
        try:
            # The other instance may hold the lock but not listen yet: retry.
            while True:
                client.connectToServer(self.server_name)
                if client.waitForConnected(_remaining(deadline)):
                    break
                client.abort()
                if deadline.hasExpired():
                    return False
                QThread.msleep(min(50, _remaining(deadline)))
            client.write(payload)
            reply = bytearray()
            while b"\n" not in reply:
                if deadline.hasExpired() or not client.waitForReadyRead(_remaining(deadline)):
                    return False
                reply += client.readAll().data()
            return reply.partition(b"\n")[0] == ACK
        finally:
            client.abort()


def _remaining(deadline: QDeadlineTimer) -> int:
    return max(0, deadline.remainingTime())
