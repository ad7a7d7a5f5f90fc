"""A small SMTP server on 127.0.0.1 that keeps what it is sent (stdlib only).

It speaks enough of the protocol for smtplib: EHLO, AUTH PLAIN, MAIL, RCPT,
DATA, RSET, NOOP, QUIT; no TLS. `refuse_recipients` answers RCPT with 550.
"""

from __future__ import annotations

import base64
import socketserver
import threading
from dataclasses import dataclass, field


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class _State:
    messages: list[Received] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    refuse_recipients: bool = False


class _Session(socketserver.StreamRequestHandler):
    server: _Server

    def reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self) -> None:
        state = self.server.state
        sender, recipients = "", []
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            command = line.decode().rstrip("\r\n")
            verb, _, argument = command.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self.reply("250-sink\r\n250-AUTH PLAIN\r\n250 8BITMIME")
            elif verb == "HELO" or verb in ("NOOP", "RSET"):
                self.reply("250 ok")
            elif verb == "AUTH":
                _mechanism, _, payload = argument.partition(" ")
                _zid, user, password = base64.b64decode(payload).decode().split("\0")
                state.logins.append((user, password))
                self.reply("235 ok")
            elif verb == "MAIL":
                sender, recipients = argument.partition("<")[2].partition(">")[0], []
                self.reply("250 ok")
            elif verb == "RCPT":
                address = argument.partition("<")[2].partition(">")[0]
                if state.refuse_recipients:
                    self.reply(f"550 no mailbox {address}")
                else:
                    recipients.append(address)
                    self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go on")
                lines = []
                while (data_line := self.rfile.readline()) != b".\r\n":
                    if not data_line:
                        # The client went away mid-message (a killed process):
                        # nothing was delivered, as a real server would see it.
                        return
                    lines.append(data_line[1:] if data_line.startswith(b".") else data_line)
                state.messages.append(Received(sender, recipients, b"".join(lines)))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not here")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    state: _State


class SmtpSink:
    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Session)
        self._server.state = _State()
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def messages(self) -> list[Received]:
        return self._server.state.messages

    @property
    def logins(self) -> list[tuple[str, str]]:
        return self._server.state.logins

    def refuse_recipients(self) -> None:
        self._server.state.refuse_recipients = True

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
