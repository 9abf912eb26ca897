#!/usr/bin/python3
"""A lean SMTP server on loopback for bench/mail_bench.py: it speaks real SMTP (RFC 5321: greeting,
EHLO/HELO, MAIL, RCPT, DATA ended by <CRLF>.<CRLF>, RSET, NOOP, QUIT) on asyncio's raw protocol
interface, keeps nothing of a message but counts it: messages, bytes, and how many recipients were
mailed more than once. The aiosmtpd sink of the tests (tests/http/smtp_sink.py) parses and writes
every message to a file, and its own ceiling (400-760 messages/s on the shared machine) hid the
sender's; this one is not the limit of the bench.

Run: smtp_count_sink.py  -> prints "ready PORT"; then each line on stdin is answered with
"MESSAGES DISTINCT_RECIPIENTS DUPLICATES BYTES" (end of stdin stops it).
"""
import asyncio
import socket
import sys
import threading

messages = 0
size = 0
seen = set()
duplicates = 0


class Session(asyncio.Protocol):
    def connection_made(self, transport):
        self.t = transport
        self.buf = b""
        self.body = None  # bytearray while in DATA, starting with the CRLF before the first line
        self.rcpts = []
        transport.write(b"220 127.0.0.1 count-sink ESMTP\r\n")

    def data_received(self, data):
        global messages, size, duplicates
        self.buf += data
        out = []
        while self.buf:
            if self.body is not None:
                start = max(0, len(self.body) - 4)
                self.body += self.buf
                self.buf = b""
                end = self.body.find(b"\r\n.\r\n", start)
                if end < 0:
                    break
                self.buf = bytes(self.body[end + 5:])
                messages += 1
                size += end
                for r in self.rcpts:
                    if r in seen:
                        duplicates += 1
                    seen.add(r)
                self.body = None
                self.rcpts = []
                out.append(b"250 2.0.0 OK counted\r\n")
                continue
            nl = self.buf.find(b"\r\n")
            if nl < 0:
                break
            line, self.buf = self.buf[:nl], self.buf[nl + 2:]
            verb = line[:4].upper()
            if verb == b"EHLO":
                out.append(b"250-127.0.0.1\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760\r\n")
            elif verb == b"HELO":
                out.append(b"250 127.0.0.1\r\n")
            elif verb == b"MAIL":
                self.rcpts = []
                out.append(b"250 2.1.0 OK\r\n")
            elif verb == b"RCPT":
                lt, gt = line.find(b"<"), line.find(b">")
                self.rcpts.append(line[lt + 1:gt].lower() if 0 <= lt < gt else line[8:].strip().lower())
                out.append(b"250 2.1.5 OK\r\n")
            elif verb == b"DATA":
                if not self.rcpts:
                    out.append(b"554 5.5.1 no valid recipients\r\n")
                else:
                    self.body = bytearray(b"\r\n")
                    out.append(b"354 end data with <CR><LF>.<CR><LF>\r\n")
            elif verb == b"RSET":
                self.rcpts = []
                out.append(b"250 2.0.0 OK\r\n")
            elif verb == b"NOOP":
                out.append(b"250 2.0.0 OK\r\n")
            elif verb == b"QUIT":
                out.append(b"221 2.0.0 bye\r\n")
                self.t.write(b"".join(out))
                self.t.close()
                return
            else:
                out.append(b"502 5.5.2 command not implemented\r\n")
        if out:
            self.t.write(b"".join(out))


def main():
    loop = asyncio.new_event_loop()
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = loop.run_until_complete(loop.create_server(Session, sock=sock, backlog=128))
    print("ready %d" % sock.getsockname()[1], flush=True)

    def answer():
        for _ in sys.stdin:
            print("%d %d %d %d" % (messages, len(seen), duplicates, size), flush=True)
        loop.call_soon_threadsafe(loop.stop)

    threading.Thread(target=answer, daemon=True).start()
    loop.run_forever()
    server.close()


if __name__ == "__main__":
    main()
