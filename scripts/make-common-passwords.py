#!/usr/bin/env python3
"""Writes Sources/Directory/Accounts/common-passwords.txt, the passwords PasswordPolicy refuses outright.

Origin: the ranked list of the 30,000 most common passwords from leaked password sets that zxcvbn ships
(`frequency_lists.py` of the `zxcvbn` package on PyPI, version 4.5.0, MIT licence; the list itself comes from
Mark Burnett's 10 million password set via the zxcvbn project). Taken: its 4,000 most common, and every further
one of ten or more characters (the length policy refuses the shorter ones anyway), lower-cased. Added: Latvian
passwords composed here — common words and names with the suffixes people add — since the list is English-heavy.

    python3 -m pip download zxcvbn==4.5.0 --no-deps -d /tmp/zx
    python3 scripts/make-common-passwords.py /tmp/zx/zxcvbn-4.5.0-py2.py3-none-any.whl
"""
import sys
import zipfile

LATVIAN_WORDS = [
    "parole", "parole1", "manaparole", "jaunaparole", "slepens", "slepena", "slepenaparole", "noslepums",
    "latvija", "latvia", "riga", "rīga", "rigaa", "jurmala", "liepaja", "daugavpils", "jelgava", "ventspils",
    "labdien", "sveiki", "sveiks", "paldies", "mīlestība", "milestiba", "mileju", "mīlu", "milu", "saule",
    "saulite", "mēness", "zvaigzne", "kaķis", "kakis", "suns", "sunitis", "lācis", "lacis", "mamma", "mammīte",
    "tētis", "tetis", "ģimene", "gimene", "berni", "bērni", "bērns", "vasara", "ziema", "pavasaris", "rudens",
    "ligo", "jāņi", "jani", "ziemassvetki", "lieldienas", "dievs", "dzimtene", "brīvība", "briviba", "draugs",
    "draugi", "futbols", "hokejs", "basketbols", "dinamo", "qwertyuiop", "asdfghjkl", "zxcvbnm", "bāriņtiesa",
    "barintiesa", "inspekcija", "pilnveide", "darbs", "skola", "students", "admin", "administrators",
    "janis", "jānis", "peteris", "pēteris", "andris", "martins", "mārtiņš", "anna", "kristine", "kristīne",
    "inese", "ilze", "laura", "liga", "līga", "zane", "baiba", "dace", "ieva", "agnese", "edgars", "juris",
    "karlis", "kārlis", "aivars", "ivars", "gatis", "raimonds", "maris", "māris", "valdis", "uldis", "inga",
]
SUFFIXES = ["", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789", "1234567890",
            "!", "1!", "123!", "01", "11", "007", "2020", "2021", "2022", "2023", "2024", "2025", "2026", "2027",
            "1990", "1985", "2000", "parole", "!!", "?"]


def main(wheel: str) -> None:
    namespace: dict = {}
    with zipfile.ZipFile(wheel) as archive:
        exec(archive.read("zxcvbn/frequency_lists.py").decode("utf-8"), namespace)
    ranked = namespace["FREQUENCY_LISTS"]["passwords"]
    chosen = [word.lower() for rank, word in enumerate(ranked) if rank < 4000 or len(word) >= 10]
    composed = [word + suffix for word in LATVIAN_WORDS for suffix in SUFFIXES]
    seen, lines = set(), []
    for word in chosen + composed:
        if word and word not in seen and word.isprintable():
            seen.add(word)
            lines.append(word)
    header = [
        "# The passwords PasswordPolicy refuses outright, one a line, lower-case; made by",
        "# scripts/make-common-passwords.py (see it for the origin: zxcvbn's ranked list of common passwords from",
        "# leaked sets, MIT licence, and Latvian ones composed there). Lines starting with # are comments.",
    ]
    with open("Sources/Directory/Accounts/common-passwords.txt", "w", encoding="utf-8") as out:
        out.write("\n".join(header + lines) + "\n")
    print(f"{len(lines)} passwords ({len(composed)} composed Latvian ones before removing duplicates)")


if __name__ == "__main__":
    main(sys.argv[1])
