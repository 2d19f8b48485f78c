"""The English catalog (ADR 0003): in step with the Norwegian source strings, fully translated,
and actually used when the browser asks for English."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

import varde

SRC = Path(varde.__file__).resolve().parent
PO = SRC / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
FIX = "Run `make messages-update`, translate the new entries and commit django.po."


# --- a tiny .po reader -------------------------------------------------------------------------


@dataclass
class PoEntry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __str__(self) -> str:
        text = repr(self.msgid)
        if self.msgid_plural is not None:
            text += f" / plural {self.msgid_plural!r}"
        if self.msgctxt is not None:
            text += f" (context {self.msgctxt!r})"
        return text


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(token: str) -> str:
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise ValueError(f"not a quoted .po string: {token!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[1]), token[1:-1])


def parse_po(path: Path) -> tuple[PoEntry, list[PoEntry]]:
    """The header entry and the other (non-obsolete) entries of a .po file."""
    entries: list[PoEntry] = []
    entry: PoEntry | None = None
    target: tuple[str, int] = ("", 0)
    flags: set[str] = set()
    last_keyword = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if entry is None or not target[0]:
                raise ValueError(f"{path}:{number}: continuation line without a keyword")
            attr, index = target
            if attr == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, attr, getattr(entry, attr) + _unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        value = _unquote(rest.strip())
        if keyword == "msgctxt" or (keyword == "msgid" and last_keyword != "msgctxt"):
            entry = PoEntry(flags=flags)
            flags = set()
            entries.append(entry)
        assert entry is not None
        plural_form = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(entry, keyword, value)
            target = (keyword, 0)
        elif keyword == "msgstr" or plural_form:
            index = int(plural_form[1]) if plural_form else 0
            entry.msgstr[index] = value
            target = ("msgstr", index)
        else:
            raise ValueError(f"{path}:{number}: unexpected line {raw!r}")
        last_keyword = keyword
    headers = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    if len(headers) != 1:
        raise ValueError(f"{path}: expected one header entry, found {len(headers)}")
    return headers[0], [e for e in entries if e is not headers[0]]


def _listing(entries: list[PoEntry]) -> str:
    return "\n".join(f"  - {entry}" for entry in entries)


# --- (a) the catalog is in step with the code --------------------------------------------------


def test_catalog_is_in_step_with_the_source(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # makemessages writes scratch files next to the templates it reads, and into the first
    # LOCALE_PATHS entry: run it on a copy so the working tree is never touched.
    copy = tmp_path / "varde"
    shutil.copytree(
        SRC, copy, symlinks=True, ignore=shutil.ignore_patterns("locale", "__pycache__")
    )
    settings.LOCALE_PATHS = [str(copy / "locale")]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)

    _, generated = parse_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    _, committed = parse_po(PO)
    committed_keys = {entry.key for entry in committed}
    generated_keys = {entry.key for entry in generated}
    missing = [entry for entry in generated if entry.key not in committed_keys]
    extra = [entry for entry in committed if entry.key not in generated_keys]

    problems = []
    if missing:
        problems.append(f"In the code but missing from the catalog:\n{_listing(missing)}")
    if extra:
        problems.append(f"In the catalog but no longer in the code:\n{_listing(extra)}")
    assert not problems, f"{PO.relative_to(SRC.parent)} is out of date. {FIX}\n" + "\n".join(
        problems
    )


# --- (b) every entry is translated --------------------------------------------------------------


def test_every_entry_has_an_english_translation() -> None:
    _, entries = parse_po(PO)
    assert entries, f"{PO} has no entries"
    nplurals = 2
    untranslated = [
        entry
        for entry in entries
        if not entry.msgstr
        or not all(entry.msgstr.values())
        or (entry.msgid_plural is not None and sorted(entry.msgstr) != list(range(nplurals)))
    ]
    fuzzy = [entry for entry in entries if "fuzzy" in entry.flags]
    problems = []
    if untranslated:
        problems.append(f"Entries without an English translation:\n{_listing(untranslated)}")
    if fuzzy:
        problems.append(f"Fuzzy entries (check them, then drop `#, fuzzy`):\n{_listing(fuzzy)}")
    assert not problems, f"{FIX}\n" + "\n".join(problems)


def test_catalog_header_describes_english() -> None:
    header, _ = parse_po(PO)
    pairs = (line.split(":", 1) for line in header.msgstr[0].splitlines() if ":" in line)
    meta = {key.strip(): value.strip() for key, value in pairs}
    assert "fuzzy" not in header.flags, "the header is marked fuzzy: fill it in and drop the flag"
    assert meta.get("Language") == "en"
    assert meta.get("Content-Type") == "text/plain; charset=UTF-8"
    assert meta.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"


def test_catalog_passes_msgfmt_check() -> None:
    # Among other things, msgfmt checks that python-format placeholders survive translation.
    result = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# --- (c) the catalog is used ----------------------------------------------------------------


@pytest.fixture
def compiled_catalog(settings: Any) -> None:
    """Compile django.mo when it is missing or older than django.po (``make install`` does it
    too), then make Django forget any catalog it has already loaded."""
    if not MO.exists() or MO.stat().st_mtime_ns < PO.stat().st_mtime_ns:
        fd, scratch = tempfile.mkstemp(dir=MO.parent, prefix=".django-", suffix=".mo")
        os.close(fd)
        try:
            subprocess.run(["msgfmt", "--check", "-o", scratch, str(PO)], check=True)
            os.chmod(scratch, 0o644)  # mkstemp makes it private; compilemessages would not
            os.replace(scratch, MO)
        finally:
            if os.path.exists(scratch):
                os.unlink(scratch)
    # Changing LOCALE_PATHS clears Django's translation caches (django.test.signals).
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)


@pytest.mark.usefixtures("compiled_catalog")
def test_norwegian_by_default_english_only_when_chosen(client: Client) -> None:
    url = reverse("login")

    # An English browser still gets the Norwegian case system...
    norwegian = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nb"' in norwegian
    assert "Logg inn i Varde" in norwegian
    assert "Brukernavn" in norwegian
    assert "Log in" not in norwegian

    # ...until the user picks English with the language switch.
    switched = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert switched.status_code == 302
    english = client.get(url).content.decode()
    assert '<html lang="en"' in english
    assert "Log in to Varde" in english
    assert "Username" in english
    assert "Logg inn" not in english

    client.post(reverse("set_language"), {"language": "nb", "next": url})
    assert "Logg inn i Varde" in client.get(url).content.decode()
