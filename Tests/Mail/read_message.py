"""Reads a message the way a mail program does, with Python's own `email` package (RFC 2047 headers decoded,
quoted-printable and base64 bodies decoded, MIME structure walked), and prints what it found as JSON, for the
mail tests to compare with what was sent.

    read_message.py FILE.eml
"""
import json
import sys
from email import policy
from email.parser import BytesParser

with open(sys.argv[1], "rb") as file:
    raw = file.read()
message = BytesParser(policy=policy.default).parsebytes(raw)

parts = []
for part in message.walk():
    if part.is_multipart():
        parts.append({"contentType": part.get_content_type(), "multipart": True})
        continue
    content = part.get_content()
    parts.append({
        "contentType": part.get_content_type(),
        "charset": part.get_content_charset(),
        "transferEncoding": part.get("Content-Transfer-Encoding"),
        "filename": part.get_filename(),
        "disposition": part.get_content_disposition(),
        "method": part.get_param("method"),
        "text": content if isinstance(content, str) else content.decode("utf-8"),
    })

lines = raw.split(b"\r\n")
print(json.dumps({
    "from": str(message["From"]),
    "fromAddress": message["From"].addresses[0].addr_spec,
    "fromName": message["From"].addresses[0].display_name,
    "to": [address.addr_spec for address in message["To"].addresses],
    "toNames": [address.display_name for address in message["To"].addresses],
    "subject": str(message["Subject"]),
    "date": message["Date"].datetime.isoformat() if message["Date"] else None,
    "messageID": str(message["Message-ID"]),
    "mimeVersion": str(message["MIME-Version"]),
    "contentType": message.get_content_type(),
    "defects": [type(defect).__name__ for part in message.walk() for defect in part.defects]
               + [type(defect).__name__ for name, value in message.items() for defect in getattr(value, "defects", [])],
    "parts": parts,
    "longestLine": max(len(line) for line in lines),
    "bareLineFeeds": raw.replace(b"\r\n", b"").count(b"\n"),
}, ensure_ascii=False))
