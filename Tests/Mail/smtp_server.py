"""A real SMTP server for the mail tests: aiosmtpd on 127.0.0.1 with STARTTLS required (a self-signed
certificate made with the openssl command for localhost and 127.0.0.1) and AUTH required, saving each message
it accepts.

    smtp_server.py FOLDER [--mode accept|temporary-first|reject] [--auth plain-and-login|login-only] [--implicit-tls]

It writes FOLDER/cert.pem and FOLDER/key.pem, listens on a free port, then writes the port to FOLDER/port
(renamed into place, so a reader never sees half of it), and saves each message as FOLDER/mail/N.eml with
FOLDER/mail/N.json: the envelope, whether TLS was on and who signed in. The only account is
pilnveide / "slepena parole ā" (a non-ASCII password, to check it survives AUTH). With --implicit-tls it speaks
TLS from the first byte (smtps, port 465's way) instead of STARTTLS. Modes: accept; temporary-first
answers the first RCPT TO with 451 and every later one with 250; reject answers every RCPT TO with 550.
Runs until stopped (SIGTERM) or its standard input closes.
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import subprocess
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

USER = b"pilnveide"
PASSWORD = "slepena parole ā".encode("utf-8")


class Handler:
    def __init__(self, mode, folder):
        self.mode = mode
        self.folder = folder
        self.rcpt_count = 0
        self.saved = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_count += 1
        if self.mode == "reject":
            return "550 5.1.1 <%s>: Recipient address rejected: no such mailbox" % address
        if self.mode == "temporary-first" and self.rcpt_count == 1:
            return "451 4.7.1 <%s>: Recipient address rejected: greylisted, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.saved += 1
        base = os.path.join(self.folder, str(self.saved))
        with open(base + ".eml", "wb") as file:
            file.write(envelope.original_content)
        login = session.auth_data.login.decode("utf-8") if isinstance(session.auth_data, LoginPassword) else None
        details = {
            "mailFrom": envelope.mail_from,
            "rcptTos": envelope.rcpt_tos,
            # After STARTTLS aiosmtpd notes it in the session; with implicit TLS only the transport knows.
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
            "login": login,
            "mechanism": getattr(session, "mechanism", None),
        }
        with open(base + ".json", "w", encoding="utf-8") as file:
            json.dump(details, file)
        return "250 2.0.0 Ok: queued as %d" % self.saved


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER and auth_data.password == PASSWORD
    session.mechanism = mechanism
    # handled=False: aiosmtpd itself answers a failure with 535.
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


def make_certificate(folder):
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--mode", choices=["accept", "temporary-first", "reject"], default="accept")
    parser.add_argument("--auth", choices=["plain-and-login", "login-only"], default="plain-and-login")
    parser.add_argument("--implicit-tls", action="store_true")
    arguments = parser.parse_args()
    os.makedirs(os.path.join(arguments.folder, "mail"), exist_ok=True)
    context = make_certificate(arguments.folder)
    handler = Handler(arguments.mode, os.path.join(arguments.folder, "mail"))
    excluded = ["PLAIN"] if arguments.auth == "login-only" else []

    def protocol():
        # aiosmtpd counts only STARTTLS as TLS for AUTH; with implicit TLS the whole connection is.
        tls = ({"auth_require_tls": False} if arguments.implicit_tls
               else {"require_starttls": True, "tls_context": context, "auth_require_tls": True})
        return SMTP(handler, hostname="smtp.test", authenticator=authenticator, auth_required=True,
                    auth_exclude_mechanism=excluded, **tls)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(protocol, host="127.0.0.1", port=0,
                                      ssl=context if arguments.implicit_tls else None)
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(arguments.folder, "port.tmp"), "w") as file:
        file.write(str(port))
    os.rename(os.path.join(arguments.folder, "port.tmp"), os.path.join(arguments.folder, "port"))

    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    # The test holds the other end of standard input: when it ends, even by a crash, so does this server.
    def watch_input():
        while sys.stdin.buffer.read1(1024):
            pass
        loop.call_soon_threadsafe(stop.set)
    threading.Thread(target=watch_input, daemon=True).start()
    await stop.wait()
    server.close()


asyncio.run(main())
