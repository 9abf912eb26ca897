"""A real IMAP server on loopback for the bounce tests: Debian's dovecot-imapd, started by the test
with its own configuration in a temporary folder (a Maildir, one passwd-file user, plain IMAP on a
free high port of 127.0.0.1, no TLS: mcsurvey allows plain IMAP only to a server on this machine).

It runs as whoever runs the test. As root (CI), dovecot's own unprivileged users (dovecot, dovenull,
made by the package) run its helper processes and the mail belongs to `nobody`, because dovecot
refuses mail access as root; as anyone else, everything runs as that user.
"""
import os
import pwd
import grp
import shutil
import socket
import subprocess
import time

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class ImapServer:
    USER = "bounces"
    PASSWORD = "imap-Pa55-word"

    def __init__(self, directory):
        if not DOVECOT:
            raise FileNotFoundError("dovecot is not installed (Debian: dovecot-imapd)")
        self.dir = directory
        self.maildir = os.path.join(directory, "Maildir")
        for sub in ("new", "cur", "tmp"):
            os.makedirs(os.path.join(self.maildir, sub), exist_ok=True)
        os.makedirs(os.path.join(directory, "run"), exist_ok=True)
        os.makedirs(os.path.join(directory, "state"), exist_ok=True)
        self.port = free_port()
        if os.geteuid() == 0:
            internal, login = "dovecot", "dovenull"
            self.uid, self.gid = pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid
        else:
            internal = login = pwd.getpwuid(os.geteuid()).pw_name
            self.uid, self.gid = os.geteuid(), os.getegid()
        group = grp.getgrgid(pwd.getpwnam(internal).pw_gid).gr_name
        with open(os.path.join(directory, "passwd"), "w") as f:
            f.write("%s:{PLAIN}%s::::::\n" % (self.USER, self.PASSWORD))
        conf = os.path.join(directory, "dovecot.conf")
        with open(conf, "w") as f:
            f.write("""\
instance_name = mcs-bounces-{port}
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
info_log_path = {d}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{d}/Maildir
default_internal_user = {internal}
default_internal_group = {group}
default_login_user = {login}
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={d}/home
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
""".format(d=directory, port=self.port, internal=internal, group=group, login=login, uid=self.uid, gid=self.gid))
        self.chown_all()
        self.proc = subprocess.Popen([DOVECOT, "-F", "-c", conf], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("dovecot stopped: %s %s" % (self.proc.stdout.read().decode(errors="replace"),
                                                               self.log()))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("dovecot did not listen: " + self.log())

    def chown_all(self):
        if os.geteuid() != 0:
            return
        for root, dirs, files in os.walk(self.maildir):
            os.chown(root, self.uid, self.gid)
            for n in files:
                os.chown(os.path.join(root, n), self.uid, self.gid)
        os.chown(self.dir, 0, 0)
        os.chmod(self.dir, 0o755)

    def deliver(self, name, data):
        """Puts one message into the Maildir as a delivery agent does (tmp/, then renamed into new/)."""
        tmp = os.path.join(self.maildir, "tmp", name)
        with open(tmp, "wb") as f:
            f.write(data)
        os.rename(tmp, os.path.join(self.maildir, "new", name))
        self.chown_all()

    def messages(self):
        """{file name without flags: flags} of the messages in the mailbox (new/ and cur/)."""
        out = {}
        for sub in ("new", "cur"):
            for n in os.listdir(os.path.join(self.maildir, sub)):
                base, _, flags = n.partition(":2,")
                out[base] = flags
        return out

    def keywords(self):
        path = os.path.join(self.maildir, "dovecot-keywords")
        if not os.path.exists(path):
            return {}
        out = {}
        with open(path) as f:
            for line in f:
                k, _, name = line.strip().partition(" ")
                out[chr(ord("a") + int(k))] = name
        return out

    def log(self):
        try:
            with open(os.path.join(self.dir, "dovecot.log"), errors="replace") as f:
                return f.read()[-3000:]
        except OSError:
            return ""

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
