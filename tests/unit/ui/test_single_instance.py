"""One instance per data folder, tested with real second processes."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile, QSysInfo
from pytestqt.qtbot import QtBot

from followup_desktop.paths import Paths
from followup_desktop.ui import single_instance
from followup_desktop.ui.single_instance import InstanceLockError, SingleInstance, server_name
from tests.helpers import second_instance as helper

REPO = Path(__file__).resolve().parents[3]
WAIT_MS = 15_000
NOBODY = 65534  # the user id of another user, for the tests that run as root

Start = Callable[..., "subprocess.Popen[str]"]


@pytest.fixture(autouse=True)
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private, short $XDG_RUNTIME_DIR per test (socket paths are length-limited)."""
    folder = Path(tempfile.mkdtemp(prefix="fu-run-"))
    folder.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def data(tmp_path: Path) -> Paths:
    paths = Paths(tmp_path / "data", tmp_path / "data")
    paths.ensure()
    return paths


@pytest.fixture
def start() -> Iterator[Start]:
    """Run tests/helpers/second_instance.py as its own process; all are killed at the end.

    It runs as a module from the repository, so that it imports the code under
    test (as a script it would import whichever followup_desktop is installed).
    """
    started: list[subprocess.Popen[str]] = []

    def run(*args: str) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.second_instance", *args],
            cwd=REPO,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        started.append(proc)
        return proc

    yield run
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)


@pytest.fixture
def instance(data: Paths) -> Iterator[SingleInstance]:
    owner = SingleInstance(data)
    yield owner
    owner.release()


def read_line(proc: subprocess.Popen[str], timeout: float = WAIT_MS / 1000) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        raise AssertionError(f"no output from helper within {timeout} s")
    return proc.stdout.readline().strip()


def wait_ready(proc: subprocess.Popen[str]) -> None:
    line = read_line(proc)
    if line != "ready":
        _out, err = proc.communicate(timeout=10)
        raise AssertionError(f"helper did not start (exit {proc.returncode}): {line!r} {err}")


def finish(qtbot: QtBot, proc: subprocess.Popen[str]) -> int:
    """Wait for the process while the Qt event loop keeps serving sockets."""
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=WAIT_MS)
    _out, err = proc.communicate(timeout=10)
    assert err == "", err
    return proc.returncode


def test_a_second_start_hands_over_its_arguments_and_exits(
    qtbot: QtBot, data: Paths, instance: SingleInstance, start: Start
) -> None:
    assert instance.acquire()
    assert instance.is_listening
    args = ["--demo", "two words", 'Zoë "quoted" $HOME', ""]
    with qtbot.wait_signal(instance.activation_requested, timeout=WAIT_MS) as blocker:
        proc = start(str(data.data_dir), *args)
        assert finish(qtbot, proc) == helper.HANDED_OVER
    assert blocker.args == [args]
    assert instance.is_owner


def test_every_later_start_is_handed_over(
    qtbot: QtBot, data: Paths, instance: SingleInstance, start: Start
) -> None:
    assert instance.acquire()
    received: list[list[str]] = []
    instance.activation_requested.connect(received.append)
    for n in range(3):
        assert finish(qtbot, start(str(data.data_dir), f"start {n}")) == helper.HANDED_OVER
    qtbot.waitUntil(lambda: len(received) == 3, timeout=WAIT_MS)
    assert received == [["start 0"], ["start 1"], ["start 2"]]


def test_with_nothing_running_the_start_acquires_and_then_lets_go(
    qtbot: QtBot, data: Paths, instance: SingleInstance, start: Start
) -> None:
    assert finish(qtbot, start(str(data.data_dir), "--demo")) == helper.ACQUIRED
    assert not data.lock.exists()
    assert instance.acquire()


def test_a_live_owner_keeps_the_folder_and_takes_our_hand_over(
    data: Paths, instance: SingleInstance, start: Start
) -> None:
    owner = start("--hold", str(data.data_dir))
    wait_ready(owner)
    held = data.lock.read_bytes()
    # Two processes never both own the folder, however often one asks.
    assert not instance.acquire()
    assert not instance.acquire()
    assert data.lock.read_bytes() == held
    assert not instance.is_owner
    assert not instance.is_listening
    assert instance.hand_over(["--from", "test"])
    assert json.loads(read_line(owner)) == ["--from", "test"]
    assert owner.poll() is None


def test_a_hung_owner_is_reported_within_the_timeout(
    data: Paths, instance: SingleInstance, start: Start
) -> None:
    owner = start("--hang", str(data.data_dir))
    wait_ready(owner)
    assert not instance.acquire()
    began = time.monotonic()
    assert not instance.hand_over(["--demo"], timeout_ms=1000)
    assert time.monotonic() - began < 3
    assert not instance.is_owner


def test_a_lock_left_by_a_killed_process_is_recovered(
    qtbot: QtBot, data: Paths, instance: SingleInstance, start: Start
) -> None:
    owner = start("--hold", str(data.data_dir))
    wait_ready(owner)
    os.kill(owner.pid, signal.SIGKILL)
    owner.wait(timeout=10)  # reaped: a zombie's PID would still look alive
    assert data.lock.exists()
    socket_file = Path(instance.server_name)
    assert socket_file.exists()  # the messenger's socket was left behind too

    assert instance.acquire()
    assert instance.is_listening
    with qtbot.wait_signal(instance.activation_requested, timeout=WAIT_MS) as blocker:
        assert finish(qtbot, start(str(data.data_dir), "after the crash")) == helper.HANDED_OVER
    assert blocker.args == [["after the crash"]]


def test_an_empty_lock_file_from_a_crash_while_writing_it_is_recovered(
    data: Paths, instance: SingleInstance
) -> None:
    data.lock.write_bytes(b"")
    plain = QLockFile(str(data.lock))
    plain.setStaleLockTime(0)
    assert not plain.tryLock(0)  # Qt alone would stay locked out for good
    assert instance.acquire()


@pytest.mark.skipif(not Path("/proc/self/exe").exists(), reason="needs Linux /proc")
def test_a_lock_naming_a_reused_pid_is_recovered(data: Paths, instance: SingleInstance) -> None:
    # A live process with the same program name as ours now has the dead
    # owner's PID: Qt takes the lock as held; the OS lock on the file says not.
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        name = os.path.basename(os.readlink(f"/proc/{stranger.pid}/exe"))
        data.lock.write_bytes(
            f"{stranger.pid}\n{name}\n{QSysInfo.machineHostName()}\n".encode()
            + bytes(QSysInfo.machineUniqueId().data())
            + b"\n"
            + bytes(QSysInfo.bootUniqueId().data())
            + b"\n"
        )
        plain = QLockFile(str(data.lock))
        plain.setStaleLockTime(0)
        assert not plain.tryLock(0)
        assert instance.acquire()
    finally:
        stranger.kill()
        stranger.wait(timeout=10)


def test_a_lock_held_on_another_machine_is_left_alone(
    data: Paths, instance: SingleInstance
) -> None:
    data.lock.write_bytes(b"4242\npython3\nsome-other-host\n")
    assert not instance.acquire()
    assert data.lock.read_bytes() == b"4242\npython3\nsome-other-host\n"


def test_two_data_folders_do_not_collide(tmp_path: Path) -> None:
    first = Paths(tmp_path / "one", tmp_path / "one")
    second = Paths(tmp_path / "two", tmp_path / "two")
    first.ensure()
    second.ensure()
    a, b = SingleInstance(first), SingleInstance(second)
    try:
        assert a.acquire()
        assert b.acquire()
        assert a.server_name != b.server_name
        assert a.is_listening
        assert b.is_listening
    finally:
        a.release()
        b.release()


def test_the_same_folder_twice_in_one_process_is_refused(
    qtbot: QtBot, data: Paths, instance: SingleInstance, start: Start
) -> None:
    assert instance.acquire()
    again = SingleInstance(data)
    assert not again.acquire()
    # The refusal did not loosen the first hold.
    assert finish(qtbot, start(str(data.data_dir), "x")) == helper.HANDED_OVER


def test_release_lets_the_next_start_own_the_folder(
    qtbot: QtBot, data: Paths, instance: SingleInstance, start: Start
) -> None:
    assert instance.acquire()
    instance.release()
    assert not instance.is_owner
    assert not Path(instance.server_name).exists()
    assert finish(qtbot, start(str(data.data_dir))) == helper.ACQUIRED


RAW_CLIENT = """
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(10)
s.connect(sys.argv[1])
s.sendall(sys.stdin.buffer.read())
reply = b""
while chunk := s.recv(100):
    reply += chunk
print(repr(reply))
"""


def raw_client(name: str, payload: bytes) -> subprocess.Popen[bytes]:
    """Send ``payload`` to the messenger from another process and print the reply."""
    with tempfile.TemporaryFile() as stdin:
        stdin.write(payload)
        stdin.seek(0)
        return subprocess.Popen(
            [sys.executable, "-c", RAW_CLIENT, name],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )


def reply_of(qtbot: QtBot, client: subprocess.Popen[bytes]) -> str:
    qtbot.waitUntil(lambda: client.poll() is not None, timeout=WAIT_MS)
    out, err = client.communicate(timeout=10)
    assert err == b"", err
    return out.decode().strip()


@pytest.mark.parametrize(
    ("sent", "reply"),
    [
        (b'{"action": "delete", "args": []}\n', b"error\n"),
        (b'{"action": "show", "args": [1, 2]}\n', b"error\n"),
        (b"\xff\xfe not json\n", b"error\n"),
        (b"x" * (70 * 1024), b"error\n"),  # too long, and no end of line
        (b'{"action": "show"', b""),  # never finished: dropped after a while
    ],
)
def test_a_bad_message_is_refused_and_not_reported(
    qtbot: QtBot,
    instance: SingleInstance,
    monkeypatch: pytest.MonkeyPatch,
    sent: bytes,
    reply: bytes,
) -> None:
    monkeypatch.setattr(single_instance, "CONNECTION_TIMEOUT_MS", 300)
    assert instance.acquire()
    received: list[list[str]] = []
    instance.activation_requested.connect(received.append)
    assert reply_of(qtbot, raw_client(instance.server_name, sent)) == repr(reply)
    assert received == []
    # The messenger still serves the next, well-formed start.
    with qtbot.wait_signal(instance.activation_requested, timeout=WAIT_MS) as blocker:
        ok = b'{"action": "show", "args": ["ok"]}\n'
        assert reply_of(qtbot, raw_client(instance.server_name, ok)) == repr(b"ok\n")
    assert blocker.args == [["ok"]]


def test_release_with_a_start_half_way_through_its_message(
    qtbot: QtBot, data: Paths, instance: SingleInstance, start: Start
) -> None:
    assert instance.acquire()
    client = raw_client(instance.server_name, b'{"act')
    qtbot.wait(500)  # let the server accept it
    instance.release()
    assert reply_of(qtbot, client) == repr(b"")
    assert finish(qtbot, start(str(data.data_dir))) == helper.ACQUIRED


def test_an_unwritable_folder_is_an_error_not_another_instance(tmp_path: Path) -> None:
    missing = Paths(tmp_path / "missing", tmp_path / "missing")
    with pytest.raises(InstanceLockError, match="Cannot lock the data folder"):
        SingleInstance(missing).acquire()


def test_the_server_name_belongs_to_one_user_and_one_folder(
    tmp_path: Path, runtime_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = server_name(tmp_path / "data")
    assert Path(name).parent == runtime_dir
    assert server_name(tmp_path / "data" / ".." / "data") == name
    assert server_name(tmp_path / "other") != name
    monkeypatch.setattr(single_instance, "_user_id", lambda: "someone-else")
    assert server_name(tmp_path / "data") != name


@pytest.fixture
def shared_tmp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No $XDG_RUNTIME_DIR, and a temp folder open to all users as /tmp is, for this test
    alone (and for the processes it starts)."""
    folder = Path(tempfile.mkdtemp(prefix="fu-tmp-"))
    folder.chmod(0o1777)
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _ours(shared_tmp: Path) -> Path:
    return shared_tmp / f"followup-desktop-{os.getuid()}"


def test_without_a_runtime_dir_the_socket_is_in_a_private_folder_made_for_it(
    qtbot: QtBot, data: Paths, start: Start, shared_tmp: Path
) -> None:
    instance = SingleInstance(data)
    try:
        assert instance.acquire()
        assert instance.is_listening
        assert instance.server_name is not None
        assert Path(instance.server_name).parent == _ours(shared_tmp)
        info = _ours(shared_tmp).lstat()
        assert stat.S_ISDIR(info.st_mode)
        assert stat.S_IMODE(info.st_mode) == 0o700
        assert info.st_uid == os.getuid()
        with qtbot.wait_signal(instance.activation_requested, timeout=WAIT_MS) as blocker:
            assert finish(qtbot, start(str(data.data_dir), "hello")) == helper.HANDED_OVER
        assert blocker.args == [["hello"]]
    finally:
        instance.release()


def _not_used(data: Paths, caplog: pytest.LogCaptureFixture) -> None:
    """Nothing listens, yet the data folder is still owned and the start goes on."""
    instance = SingleInstance(data)
    try:
        assert instance.server_name is None
        assert instance.acquire()
        assert instance.is_owner
        assert not instance.is_listening
        assert not instance.hand_over(["x"], timeout_ms=100)
    finally:
        instance.release()
    assert "it is not used, and a second start cannot hand over to this one" in caplog.text


def test_a_folder_there_open_to_others_is_not_used(
    data: Paths, shared_tmp: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _ours(shared_tmp).mkdir()
    _ours(shared_tmp).chmod(0o777)  # anyone could have put a socket of theirs in it
    _not_used(data, caplog)
    assert stat.S_IMODE(_ours(shared_tmp).stat().st_mode) == 0o777
    assert list(_ours(shared_tmp).iterdir()) == []


def test_a_folder_there_of_another_user_is_not_used(
    data: Paths, shared_tmp: Path, caplog: pytest.LogCaptureFixture
) -> None:
    if os.getuid() != 0:
        pytest.skip("making a folder another user owns needs root")
    _ours(shared_tmp).mkdir(mode=0o700)
    os.chown(_ours(shared_tmp), NOBODY, NOBODY)
    _not_used(data, caplog)
    assert list(_ours(shared_tmp).iterdir()) == []


def test_a_link_planted_there_is_not_followed(
    data: Paths, shared_tmp: Path, caplog: pytest.LogCaptureFixture
) -> None:
    elsewhere = shared_tmp / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    _ours(shared_tmp).symlink_to(elsewhere)
    _not_used(data, caplog)
    assert _ours(shared_tmp).is_symlink()
    assert list(elsewhere.iterdir()) == []


def test_a_runtime_dir_open_to_others_is_not_used(
    tmp_path: Path, runtime_dir: Path, shared_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime_dir))
    name = server_name(tmp_path / "data")
    assert name is not None
    assert Path(name).parent == runtime_dir
    runtime_dir.chmod(0o755)
    name = server_name(tmp_path / "data")
    assert name is not None
    assert Path(name).parent == _ours(shared_tmp)


def test_peer_uid_is_the_user_at_the_other_end() -> None:
    first, second = socket.socketpair(socket.AF_UNIX)
    with first, second:
        assert single_instance.peer_uid(first.fileno()) == os.getuid()
    assert single_instance.peer_uid(-1) is None


def test_a_connection_from_another_users_process_is_refused(
    qtbot: QtBot,
    instance: SingleInstance,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert instance.acquire()
    assert instance.server_name is not None
    received: list[list[str]] = []
    instance.activation_requested.connect(received.append)
    real_peer_uid = single_instance.peer_uid
    monkeypatch.setattr(single_instance, "peer_uid", lambda _descriptor: os.getuid() + 1)
    assert reply_of(qtbot, other_user_client(instance.server_name)) == repr(b"")
    qtbot.wait(200)
    assert received == []
    assert f"Refused a hand-over from a process of user {os.getuid() + 1}" in caplog.text
    # The same client, seen as this user's, is answered.
    monkeypatch.setattr(single_instance, "peer_uid", real_peer_uid)
    assert reply_of(qtbot, other_user_client(instance.server_name)) == repr(b"ok\n")
    qtbot.waitUntil(lambda: received == [["from another user"]], timeout=WAIT_MS)


# Sends a hand-over as another user, and prints what came back before the server hung up.
OTHER_USER_CLIENT = """
import os, socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(10)
if len(sys.argv) > 2:
    os.setuid(int(sys.argv[2]))  # the socket module is loaded: now another user
s.connect(sys.argv[1])
reply = b""
try:
    s.sendall(b'{"action": "show", "args": ["from another user"]}\\n')
    while chunk := s.recv(100):
        reply += chunk
except ConnectionError:
    pass
print(repr(reply))
"""


def other_user_client(name: str, *uid: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", OTHER_USER_CLIENT, name, *uid],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_a_real_process_of_another_user_that_reaches_the_socket_is_refused(
    qtbot: QtBot,
    instance: SingleInstance,
    runtime_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    if os.getuid() != 0:
        pytest.skip("running a process as another user needs root")
    assert instance.acquire()
    assert instance.server_name is not None
    received: list[list[str]] = []
    instance.activation_requested.connect(received.append)
    # As if the folder's protection had failed: the other user can reach the socket.
    runtime_dir.chmod(0o711)
    os.chmod(instance.server_name, 0o777)
    assert reply_of(qtbot, other_user_client(instance.server_name, str(NOBODY))) == repr(b"")
    qtbot.wait(200)
    assert received == []
    assert f"Refused a hand-over from a process of user {NOBODY}" in caplog.text
