"""A real IMAP server for the e-mail tests: Debian's Dovecot, started by the test session.

The session writes a minimal ``dovecot.conf`` in a temporary folder (listening on
127.0.0.1 only; a passwd-file user; maildir storage, runtime files and the log in the
folder; a self-signed certificate made with openssl), starts ``dovecot -F``, delivers the
seed-001 support mailbox with IMAP APPEND, and stops the server at the end.

Dovecot runs as the current user. As root, it still refuses to run its login processes
as root: they run as Dovecot's own unprivileged users (``dovenull``, ``dovecot``, which
the Debian package creates) and the mail is stored as ``nobody``; the folder is made
traversable for them. Dovecot missing is a failure, not a skip: scripts/prereqs installs
it (``dovecot-imapd``).

Ports: ``SLALEDGER_TEST_IMAPS_PORT`` (TLS) and ``SLALEDGER_TEST_IMAP_PORT`` (STARTTLS)
when set, else ones the system assigns, so parallel test processes never collide.
"""

from __future__ import annotations

import grp
import os
import pwd
import secrets
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from imap_tools import MailBox

from slaledger.adapters.ingest.mail import ImapSource

ROOT = Path(__file__).resolve().parents[3]
SEED_MAIL = ROOT / "tests" / "fixtures" / "mail" / "001"
BAD_MAIL = ROOT / "tests" / "fixtures" / "mail" / "bad"
HOST = "127.0.0.1"
#: the folder holding messages that cannot be dated
BROKEN = "Broken"


@dataclass(frozen=True)
class ImapServer:
    host: str
    tls_port: int
    starttls_port: int
    ca_file: str
    user: str
    password: str
    log: Path

    def source(self, **changes: object) -> ImapSource:
        """The INBOX over TLS, verified against the server's own certificate."""
        fields: dict[str, object] = {
            "host": self.host, "port": self.tls_port, "ca_file": self.ca_file,
        }  # fmt: skip
        fields.update(changes)
        return ImapSource(**fields)  # type: ignore[arg-type]


def _dovecot_binary() -> str:
    found = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not os.access(found, os.X_OK):
        pytest.fail("dovecot is not installed: scripts/prereqs installs dovecot-imapd")
    return found


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _config(
    folder: Path, cert: Path, key: Path, tls_port: int, starttls_port: int
) -> tuple[str, pwd.struct_passwd]:
    """dovecot.conf for the current user; as root, Dovecot's unprivileged users."""
    me = pwd.getpwuid(os.getuid())
    if os.getuid() == 0:
        internal, login = pwd.getpwnam("dovecot"), pwd.getpwnam("dovenull")
        storage = pwd.getpwnam("nobody")
        users = (
            f"default_internal_user = {internal.pw_name}\ndefault_login_user = {login.pw_name}\n"
        )
    else:
        storage = me
        group = grp.getgrgid(os.getgid()).gr_name
        users = (
            f"default_internal_user = {me.pw_name}\ndefault_login_user = {me.pw_name}\n"
            f"default_internal_group = {group}\n"
            # chroot needs root: without it, the login processes run in place
            "service imap-login {\n  chroot =\n}\nservice anvil {\n  chroot =\n}\n"
        )
    mail = folder / "mail"
    mail.mkdir()
    os.chown(mail, storage.pw_uid, storage.pw_gid)
    return (
        f"""
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
info_log_path = {folder}/dovecot.log
instance_name = slaledger-test
protocols = imap
listen = {HOST}
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
first_valid_uid = {storage.pw_uid}
first_valid_gid = {storage.pw_gid}
mail_location = maildir:{mail}/%u
auth_mechanisms = plain
disable_plaintext_auth = no
{users}
passdb {{
  driver = passwd-file
  args = {folder}/passwd
}}
userdb {{
  driver = passwd-file
  args = {folder}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = {HOST}
    port = {starttls_port}
  }}
  inet_listener imaps {{
    address = {HOST}
    port = {tls_port}
    ssl = yes
  }}
}}
""",
        storage,
    )


def _port(variable: str) -> int:
    """The port named by ``variable``, else a free one the system assigns."""
    configured = os.environ.get(variable)
    if configured:
        return int(configured)
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"dovecot stopped at start:\n{_tail(log)}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"dovecot did not listen on {HOST}:{port} within 30 s:\n{_tail(log)}")


def _tail(log: Path) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-20:]) if log.exists() else ""


def _deliver(server: ImapServer) -> None:
    """The seed-001 mailbox into INBOX; the messages without a usable date into Broken."""
    context = ssl.create_default_context(cafile=server.ca_file)
    with MailBox(server.host, server.tls_port, ssl_context=context).login(
        server.user, server.password
    ) as box:
        for path in sorted(SEED_MAIL.glob("*.eml")):
            box.append(path.read_bytes(), "INBOX", flag_set=())
        box.folder.create(BROKEN)
        for path in sorted(BAD_MAIL.glob("*.eml")):
            box.append(path.read_bytes(), BROKEN, flag_set=())


@pytest.fixture(scope="session")
def imap_server() -> Iterator[ImapServer]:
    binary = _dovecot_binary()
    tls_port = _port("SLALEDGER_TEST_IMAPS_PORT")
    starttls_port = _port("SLALEDGER_TEST_IMAP_PORT")
    # not pytest's tmp_path: its parents are private to the current user, and as root
    # Dovecot's unprivileged processes must reach the mail folder
    folder = Path(tempfile.mkdtemp(prefix="slaledger-dovecot-"))
    folder.chmod(0o711)
    cert, key = _certificate(folder)
    text, storage = _config(folder, cert, key, tls_port, starttls_port)
    (folder / "dovecot.conf").write_text(text)
    password = secrets.token_urlsafe(12)
    user = "sla-test"
    (folder / "passwd").write_text(
        f"{user}:{{PLAIN}}{password}:{storage.pw_uid}:{storage.pw_gid}::{folder}/mail/{user}::\n"
    )
    log = folder / "dovecot.log"
    with open(folder / "stderr.log", "wb") as errors:
        process = subprocess.Popen(
            [binary, "-F", "-c", str(folder / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        try:
            _wait_for(tls_port, process, log)
            _wait_for(starttls_port, process, log)
            server = ImapServer(HOST, tls_port, starttls_port, str(cert), user, password, log)
            _deliver(server)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
            shutil.rmtree(folder, ignore_errors=True)
