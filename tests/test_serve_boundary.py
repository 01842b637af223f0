"""`serve` answers every request with a status code and serves only plain files of its folder.

The server runs in-process on a free port over a folder of its own; requests are written on
raw sockets, so that a NUL, a lone surrogate, an over-long name or a client that hangs up
reach it exactly as an attacker would send them.
"""

import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from briefgen.publish.serve import Generation, open_server


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("serve")
    folder = tmp_path / "build"
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_text("<html><body>index</body></html>", encoding="utf-8")
    (folder / "brief.md").write_text("# brief\n", encoding="utf-8")
    (folder / "sub" / "index.html").write_text("<body>sub</body>", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    (folder / "out.txt").symlink_to(secret)  # a link out of the folder
    (folder / "in.md").symlink_to(folder / "brief.md")  # a link within it
    (folder / "linked").symlink_to(tmp_path, target_is_directory=True)
    server = open_server("127.0.0.1", 0, folder, Generation())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def request(port: int, target: bytes, method: bytes = b"GET") -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(method + b" " + target + b" HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % port)
        sock.sendall(b"Connection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    return status, body


CASES = [
    ("a plain file", b"/brief.md", 200, b"# brief"),
    ("the index of the folder", b"/", 200, b"index"),
    ("a subfolder without its slash", b"/sub", 301, b""),
    ("a subfolder's index", b"/sub/", 200, b"sub"),
    ("a NUL in the path", b"/brief%00.md", 400, b""),
    ("a raw control character", b"/brief%01.md", 400, b""),
    ("a lone surrogate", b"/%ED%A0%80.md", 400, b""),
    ("bytes that are not UTF-8", b"/%FF%FE.md", 400, b""),
    ("an over-long name", b"/" + b"a" * 300 + b".md", 414, b""),
    ("an over-long path", b"/" + b"a/" * 1500, 414, b""),
    ("a path climbing out", b"/../secret.txt", 400, b""),
    ("an escaped climb", b"/%2e%2e/secret.txt", 400, b""),
    ("a link out of the folder", b"/out.txt", 404, b""),
    ("a link within the folder", b"/in.md", 404, b""),
    ("a file through a linked folder", b"/linked/secret.txt", 404, b""),
    ("a missing file", b"/nothing.md", 404, b""),
    ("a backslash", b"/..%5csecret.txt", 400, b""),
]


@pytest.mark.parametrize(("case", "target", "status", "body"), CASES, ids=[c[0] for c in CASES])
def test_every_request_is_answered_with_a_status(served, capfd, case, target, status, body):
    got, content = request(served, target)
    assert got == status
    assert body in content
    assert b"SECRET" not in content
    assert "Traceback" not in capfd.readouterr().err


def test_a_head_request_is_answered_without_a_body(served):
    status, body = request(served, b"/brief.md", b"HEAD")
    assert status == 200 and body == b""


def test_a_client_that_hangs_up_leaves_the_server_answering(served, capfd):
    for _ in range(20):
        with socket.create_connection(("127.0.0.1", served), timeout=5) as sock:
            sock.sendall(b"GET /brief.md HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and goes
        with socket.create_connection(("127.0.0.1", served), timeout=5) as sock:
            sock.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % served)
            sock.shutdown(socket.SHUT_RDWR)  # before the answer comes
    assert request(served, b"/brief.md")[0] == 200
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.slow
def test_two_hundred_requests_at_once_are_all_answered(served):
    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(lambda n: request(served, b"/brief.md")[0], range(200)))
    assert statuses == [200] * 200
