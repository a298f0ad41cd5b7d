"""Text for Slack's mrkdwn: data shown as typed, and the chat's Markdown answers rewritten.

Slack reads `&`, `<` and `>` as its own syntax (`<!channel>` notifies a whole channel,
`<https://…|label>` is a link): they are sent as `&amp;`, `&lt;`, `&gt;`, as Slack documents.
mrkdwn has no escape for its formatting characters (`*bold*`, `_italic_`, `~strike~`,
`` `code` ``), so where one of them could open or close formatting — not between two letters
or digits, as in `jean_dupont` — it is fenced by zero-width spaces, which Slack takes for
neither a space nor punctuation: the character shows and copies as typed, and formats nothing.
"@channel", "@here" and "@everyone" get one too (a mention is only ever `<!channel>`, but a
client that links names must not find one). Messages are sent with `verbatim` text objects, so
bare URLs and #names in data are not turned into links either.

`markdown_to_mrkdwn` turns the answers the chat writes (CommonMark: `**bold**`, `[label](url)`,
`- items`, headings, fences, tables, backslash escapes around data) into the same safe mrkdwn:
formatting that Markdown meant is kept, every literal character goes through `escape`'s rules.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"
FORMATTING = frozenset("*_~`")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_BULLET = re.compile(r"^(\s*)[-*+][ \t]+(.*)$")
_ORDERED = re.compile(r"^(\s*)(\d{1,9})[.)][ \t]+(.*)$")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?(.*)$")
_RULE = re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SAFE_URL = re.compile(r"(?i)(?:https?://|mailto:)[^\s<>|]+")


def _literal(char: str, before: str, after: str) -> str:
    """One character of data as mrkdwn shows it literally."""
    if char in _ENTITIES:
        return _ENTITIES[char]
    if char in FORMATTING and not (before.isalnum() and after.isalnum()):
        return f"{ZWSP}{char}{ZWSP}"
    return char


def escape(value: object) -> str:
    """`value` as literal mrkdwn text (line breaks kept)."""
    text = str(value)
    out = [
        _literal(char, text[i - 1] if i else "", text[i + 1 : i + 2]) for i, char in enumerate(text)
    ]
    return _quiet("".join(out))


def code_text(value: object) -> str:
    """`value` inside a ``` block: entities escaped, no backtick run that could end it, no
    "@channel"."""
    text = "".join(_ENTITIES.get(char, char) for char in str(value))
    return _quiet(text.replace("`", f"`{ZWSP}"))


def _quiet(text: str) -> str:
    return _BROADCAST.sub(lambda m: f"@{ZWSP}{m[1]}", text)


def markdown_to_mrkdwn(markdown: str) -> str:
    """A Markdown answer as Slack mrkdwn (see the module docstring)."""
    out: list[str] = []
    lines = markdown.replace("\r\n", "\n").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence:
            block, index = _fenced(lines, index + 1, fence[1])
            out.append("```\n" + "\n".join(code_text(item) for item in block) + "\n```")
            continue
        if _TABLE_ROW.match(line):
            rows, index = _table(lines, index)
            out.append(rows)
            continue
        out.append(_line(line.rstrip()))
        index += 1
    return _quiet("\n".join(out)).strip("\n")


def _fenced(lines: list[str], start: int, marker: str) -> tuple[list[str], int]:
    """The lines of a fenced block up to its closing fence (or the end), and where to go on."""
    block: list[str] = []
    index = start
    while index < len(lines):
        if lines[index].strip().startswith(marker[0] * len(marker)):
            return block, index + 1
        block.append(lines[index])
        index += 1
    return block, index


def _table(lines: list[str], start: int) -> tuple[str, int]:
    """A GFM table as a monospaced block, columns aligned."""
    rows: list[list[str]] = []
    index = start
    while index < len(lines) and _TABLE_ROW.match(lines[index]):
        if not _TABLE_RULE.match(lines[index]):
            cells = lines[index].strip().strip("|").split("|")
            rows.append([_plain(cell.strip()) for cell in cells])
            index += 1
            continue
        index += 1
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    sizes = [max(len(row[i]) for row in rows) for i in range(width)]
    text = "\n".join(
        "  ".join(cell.ljust(sizes[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    )
    return "```\n" + code_text(text) + "\n```", index


def _plain(markdown: str) -> str:
    """A Markdown cell as plain text: escapes undone, emphasis marks dropped."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
    return re.sub(r"\*\*|__|~~", "", text)


def _line(line: str) -> str:
    if not line.strip():
        return ""
    if _RULE.match(line):
        return "──────────"
    if heading := _HEADING.match(line):
        return _bold(_inline(heading[1] or ""))
    if bullet := _BULLET.match(line):
        return f"{bullet[1]}• {_inline(bullet[2])}"
    if ordered := _ORDERED.match(line):
        return f"{ordered[1]}{ordered[2]}. {_inline(ordered[3])}"
    if quote := _QUOTE.match(line):
        return f">{_inline(quote[1])}"
    return _inline(line.strip(" "))


def _bold(text: str) -> str:
    return f"*{text}*" if text and "*" not in text.replace(f"{ZWSP}*{ZWSP}", "") else text


def _inline(text: str) -> str:
    """Markdown inline syntax as mrkdwn; everything else literal."""
    out: list[str] = []
    i = 0
    while i < len(text):
        piece, i = _token(text, i)
        out.append(piece)
    return "".join(out)


_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^\s<>]+)>")


def _token(text: str, i: int) -> tuple[str, int]:
    """The mrkdwn of the syntax (or the one literal character) at `i`, and where it ends."""
    char, before, after = text[i], text[i - 1] if i else "", text[i + 1 : i + 2]
    if char == "\\" and after and after in _ASCII_PUNCTUATION:
        return _literal(after, before, text[i + 2 : i + 3]), i + 2
    done: tuple[str, int] | None = None
    if char == "`":
        done = _code_span(text, i)
    elif text.startswith(("**", "__", "~~"), i):
        done = _span(text, i, text[i : i + 2], "~" if char == "~" else "*")
    elif char in "*_":
        done = _emphasis(text, i)
    elif text.startswith("![", i):
        link = _link(text, i + 1)
        done = (escape(link[1]), link[2]) if link else None  # an image: its words only
    elif char == "[":
        link = _link(text, i)
        done = (_slack_link(link[0], _inline(link[1])), link[2]) if link else None
    elif char == "<" and (match := _AUTOLINK.match(text, i)):
        done = _slack_link(match[1], escape(match[1])), match.end()
    return done if done is not None else (_literal(char, before, after), i + 1)


def _code_span(text: str, start: int) -> tuple[str, int] | None:
    run = len(text[start:]) - len(text[start:].lstrip("`"))
    marks = "`" * run
    end = text.find(marks, start + run)
    if end < 0:
        return None
    content = text[start + run : end].strip(" ") or " "
    return f"`{code_text(content)}`", end + run


def _span(text: str, start: int, marks: str, slack: str) -> tuple[str, int] | None:
    """`**strong**`, `__strong__` or `~~struck~~` from `start`, as Slack's mark."""
    inner_start = start + len(marks)
    end = text.find(marks, inner_start)
    while end > 0 and text[end - 1] == "\\":
        end = text.find(marks, end + 1)
    if end <= inner_start:
        return None
    inner = text[inner_start:end]
    if inner[0].isspace() or inner[-1].isspace():
        return None
    return f"{slack}{_inline(inner)}{slack}", end + len(marks)


def _emphasis(text: str, start: int) -> tuple[str, int] | None:
    """`*emphasis*` or `_emphasis_` from `start`, as Slack's `_italic_`."""
    mark = text[start]
    before = text[start - 1] if start else ""
    if mark == "_" and before.isalnum():
        return None
    end = start + 1
    while True:
        end = text.find(mark, end)
        if end < 0:
            return None
        after = text[end + 1 : end + 2]
        closes = text[end - 1] != "\\" and not text[end - 1].isspace() and after != mark
        if closes and not (mark == "_" and after.isalnum()):
            break
        end += 1
    inner = text[start + 1 : end]
    if not inner or inner[0].isspace():
        return None
    return f"_{_inline(inner)}_", end + 1


def _link(text: str, start: int) -> tuple[str, str, int] | None:
    """`[label](url)` from `start` (at the `[`): (url, label, end)."""
    depth, i = 0, start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                break
        i += 1
    else:
        return None
    match = re.compile(r"\(\s*<?([^\s()<>]*)>?(?:\s+\"[^\"]*\")?\s*\)").match(text, i + 1)
    if match is None:
        return None
    return match[1], text[start + 1 : i], match.end()


def _slack_link(url: str, label: str) -> str:
    """`<url|label>` for a web or mail address; the label alone for anything else."""
    if not _SAFE_URL.fullmatch(url):
        return label
    target = "".join(_ENTITIES.get(char, char) for char in url)
    return f"<{target}|{label}>" if label.strip() else f"<{target}>"
