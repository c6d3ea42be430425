"""Regular expressions rewritten so that alternatives share the letters they start with.

The screening rules expand their vocabularies into long alternations ("punched|punch\\w*|
pushed|..."). Python's regex engine tries the alternatives of a group one by one, so at
each place it tries the start of every word in the list. `factored` rewrites each group
as a trie ("pu(?:nch(?:ed|\\w*)|shed)"), so the engine reads a letter once where it read it
once a word.

Every match stays the same. At any one place, alternatives that start with different
letters cannot both match there, so gathering those that share a first letter changes
nothing; within a letter, and around any alternative whose first letter is not known
(one that starts with a group, a class, an escape or an optional letter), the order in
which they are tried is kept as written. Look-behinds are left as written, since they must
keep a fixed width.

>>> factored("punched|punch\\\\w*|pushed|hit")
'pu(?:nch(?:ed|\\\\w*)|shed)|hit'
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

_QUANTIFIERS = frozenset("?*+{")
_GROUP_HEADS = ("(?:", "(?=", "(?!", "(?<=", "(?<!", "(")


def factored(pattern: str) -> str:
    """`pattern` with the alternatives of every group (and of the whole) made a trie; a
    pattern with an unclosed group or class is returned as it is, for the regex compiler
    to report."""
    try:
        return _factored(pattern)
    except (IndexError, StopIteration):
        return pattern


def _factored(pattern: str) -> str:
    parts = alternatives(pattern, _factored_group)
    if len(parts) == 1:
        return parts[0]
    return _trie([(_literal_start(part), part) for part in parts])


def alternatives(pattern: str, group: Callable[[str, str], str] | None = None) -> list[str]:
    """`pattern` split at its top-level bars (those outside groups and character classes).

    `group`, when given, rewrites each top-level group from its opening ("(?:", "(?!", ...)
    and its inside. An unclosed group or class raises IndexError.
    """
    found: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            current.append(pattern[index : index + 2])
            index += 2
        elif char == "[":
            end = _class_end(pattern, index)
            current.append(pattern[index:end])
            index = end
        elif char == "(":
            end = group_end(pattern, index)
            head = next(head for head in _GROUP_HEADS if pattern.startswith(head, index))
            inside = pattern[index + len(head) : end - 1]
            current.append(group(head, inside) if group else pattern[index:end])
            index = end
        elif char == "|":
            found.append("".join(current))
            current = []
            index += 1
        else:
            current.append(char)
            index += 1
    found.append("".join(current))
    return found


def _factored_group(head: str, inside: str) -> str:
    """A group with its inside factored; a look-behind as written (it keeps a fixed width)."""
    return head + inside + ")" if head.startswith("(?<") else head + _factored(inside) + ")"


def _class_end(pattern: str, index: int) -> int:
    """Where the character class that opens at `index` ends (just after its "]")."""
    index += 1
    if pattern.startswith("^", index):
        index += 1
    if pattern.startswith("]", index):  # a "]" first is a member, not the end
        index += 1
    while pattern[index] != "]":
        index += 2 if pattern[index] == "\\" else 1
    return index + 1


def group_end(pattern: str, index: int) -> int:
    """Where the group that opens at `index` ends (just after its ")")."""
    depth = 0
    while True:
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(pattern, index)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1


def _literal_start(alternative: str) -> str:
    """The plain characters every match of `alternative` starts with ("" if not known)."""
    letters = []
    for index, char in enumerate(alternative):
        if not (char.isalnum() or char in "_'- "):
            break
        if alternative[index + 1 : index + 2] in _QUANTIFIERS:  # "tyres?": the s may be absent
            break
        letters.append(char)
    return "".join(letters)


def _trie(items: list[tuple[str, str]]) -> str:
    """Alternatives (each with its literal start) joined as a trie, in their order."""
    out: list[str] = []
    run: list[tuple[str, str]] = []
    for start, alternative in items:
        if start:
            run.append((start, alternative))
            continue
        # Its first letter is not known: those before it and those after it are each
        # gathered on their own, so that it is still tried between them.
        out.extend(_by_first_letter(run))
        run = []
        out.append(alternative)
    out.extend(_by_first_letter(run))
    return "|".join(out)


def _by_first_letter(run: list[tuple[str, str]]) -> list[str]:
    """Alternatives with known starts, those sharing a first letter gathered under the
    letters they share."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for start, alternative in run:
        groups.setdefault(start[0], []).append((start, alternative))
    out = []
    for members in groups.values():
        if len(members) == 1:
            out.append(members[0][1])
            continue
        shared = os.path.commonprefix([start for start, _alternative in members])
        cut = len(shared)
        rest = [(start[cut:], alternative[cut:]) for start, alternative in members]
        out.append(re.escape(shared) + "(?:" + _trie(rest) + ")")
    return out
