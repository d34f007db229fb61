"""A real SMTP server for the delivery tests (aiosmtpd), on 127.0.0.1 only.

Usage: smtp_server.py --dir DIR [--refuse ADDRESS]... [--user U --password P]
                      [--max-seconds N]

Listens on a free port and prints it on the first line of standard output.
Every message it accepts is saved as DIR/<n>.eml (the bytes as received)
with DIR/<n>.rcpt (the envelope recipients, one per line). A recipient
given with --refuse gets "550 5.1.1"; with --user, AUTH is required
(PLAIN/LOGIN, allowed without TLS: this is a loopback test server). The
server stops by itself after --max-seconds (default 120), so a test that
dies cannot leave it running.
"""

import argparse
import asyncio
import os
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, folder, refuse):
        self.folder = folder
        self.refuse = {a.lower() for a in refuse}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, str(self.count))
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".rcpt", "w") as f:
            f.write("".join(r + "\n" for r in envelope.rcpt_tos))
        os.replace(base + ".tmp", base + ".eml")
        return "250 2.0.0 Ok: queued as test%d" % self.count


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        return AuthResult(success=ok)

    return check


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--refuse", action="append", default=[])
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--max-seconds", type=float, default=120)
    args = parser.parse_args()
    handler = Handler(args.dir, args.refuse)
    options = {"decode_data": False, "enable_SMTPUTF8": False}
    if args.user:
        options.update(authenticator=authenticator(args.user, args.password or ""),
                       auth_required=True, auth_require_tls=False)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, **options), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.sleep(args.max_seconds)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
    sys.exit(0)
