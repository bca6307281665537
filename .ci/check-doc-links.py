#!/usr/bin/env python3
"""Checks the links of README.md and docs/**/*.md: every relative link names a file or
directory of the repository, and every #anchor a heading of the page it points to (as
GitHub makes anchors from headings). Prints each broken link and exits 1 if there is one."""
import os
import re
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
pages = [root / "README.md"] + sorted((root / "docs").rglob("*.md"))

FENCE = re.compile(r"^(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# [text](target) and ![alt](target), target up to the first space or closing parenthesis;
# also reference definitions: [label]: target
INLINE = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*<?([^\s>]+)>?", re.M)


def prose(path):
    """A page's text with fenced code blocks and inline code spans blanked, so that line
    numbers and offsets still match the file."""
    lines, inside = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line.lstrip()):
            inside = not inside
            lines.append("")
        elif inside:
            lines.append("")
        else:
            lines.append(re.sub(r"`[^`\n]*`", lambda m: " " * len(m.group(0)), line))
    return "\n".join(lines)


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


anchor_cache = {}


def anchors(path):
    if path not in anchor_cache:
        found, seen = set(), {}
        inside = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if FENCE.match(line.lstrip()):
                inside = not inside
                continue
            match = None if inside else HEADING.match(line)
            if match:
                base = slug(match.group(2))
                count = seen.get(base, 0)
                seen[base] = count + 1
                found.add(base if count == 0 else f"{base}-{count}")
            for name in re.findall(r"<a\s+(?:name|id)=\"([^\"]+)\"", line):
                found.add(name)
        anchor_cache[path] = found
    return anchor_cache[path]


problems = []
for page in pages:
    text = prose(page)
    found = [(m.start(), m.group(1)) for m in INLINE.finditer(text)]
    found += [(m.start(), m.group(1)) for m in REFERENCE.finditer(text)]
    for offset, target in sorted(found):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # http:, https:, mailto:
            continue
        number = text.count("\n", 0, offset) + 1
        where = f"{page.relative_to(root)}:{number}: {target}"
        file_part, _, anchor = target.partition("#")
        destination = (page.parent / file_part).resolve() if file_part else page
        if file_part and (not destination.is_relative_to(root) or not destination.exists()):
            problems.append(f"{where}: no such file or directory")
            continue
        if anchor:
            if destination.is_dir() or destination.suffix.lower() != ".md":
                problems.append(f"{where}: an anchor into a page that is not Markdown")
            elif anchor not in anchors(destination):
                problems.append(f"{where}: no heading makes the anchor #{anchor}")

for problem in problems:
    print(problem, file=sys.stderr)
print(f"checked the links of {len(pages)} pages: {len(problems)} broken")
sys.exit(1 if problems else 0)
