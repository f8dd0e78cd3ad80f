#!/usr/bin/env python3
"""The README's table of who may call each operation, made from the contract so the two cannot drift.

Each operation's "Roles:" sentence (from its description) is what the table says; RolesInTheContractTests checks
that sentence names the same roles as the operation's `x-roles`, and ReadmeRolesTableTests that the README holds
what this prints. Consecutive operations with the same sentence share a row.

    scripts/roles-table.py            print the table
    scripts/roles-table.py --write    replace the table in README.md
    scripts/roles-table.py --check    exit 1, showing the difference, if README.md's table is not this one

Needs PyYAML: `make test` installs it in .local/openapi-tools (run `.local/openapi-tools/bin/python scripts/roles-table.py`).
"""
import difflib
import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "Sources/APIContract/openapi.yaml"
README = ROOT / "README.md"
BEGIN = "<!-- roles-table: made by scripts/roles-table.py from the contract's Roles sentences; run it with --write, do not edit by hand -->"
END = "<!-- /roles-table -->"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def roles_sentence(description):
    """The text after "Roles:" up to the end of its sentence (a full stop outside parentheses, before a space)."""
    start = description.find("Roles:")
    if start < 0:
        return None
    text = " ".join(description[start + len("Roles:"):].split())
    depth = 0
    for index, character in enumerate(text):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if character == "." and depth == 0 and (index + 1 == len(text) or text[index + 1] == " "):
            return text[:index]
    return text


def table(contract):
    rows = []
    for path, item in contract["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            who = roles_sentence(operation.get("description", ""))
            if who is None:
                sys.exit(f"{method.upper()} {path} has no Roles: sentence in its description")
            endpoint = f"`{method.upper()} {path}`"
            if rows and rows[-1][1] == who:
                rows[-1][0].append(endpoint)
            else:
                rows.append(([endpoint], who))
    lines = [BEGIN, "| Endpoint | Who |", "|---|---|"]
    lines += [f"| {', '.join(endpoints)} | {who.replace('|', chr(92) + '|')} |" for endpoints, who in rows]
    return "\n".join(lines + [END]) + "\n"


def main():
    with CONTRACT.open(encoding="utf-8") as file:
        wanted = table(yaml.safe_load(file))
    mode = sys.argv[1] if len(sys.argv) > 1 else None
    if mode is None:
        sys.stdout.write(wanted)
        return
    readme = README.read_text(encoding="utf-8")
    begin, end = readme.find(BEGIN), readme.find(END)
    if begin < 0 or end < begin:
        sys.exit(f"README.md has no table between {BEGIN!r} and {END!r}")
    current = readme[begin:end + len(END) + 1]
    if mode == "--write":
        README.write_text(readme[:begin] + wanted + readme[end + len(END) + 1:], encoding="utf-8")
    elif mode == "--check":
        if current != wanted:
            sys.stdout.writelines(difflib.unified_diff(
                current.splitlines(keepends=True), wanted.splitlines(keepends=True), "README.md", "from the contract"))
            sys.exit("README.md's roles table differs from the contract: run scripts/roles-table.py --write")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
