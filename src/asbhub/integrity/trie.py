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
    alternatives = _alternatives(pattern)
    if len(alternatives) == 1:
        return alternatives[0]
    return _trie([(_literal_start(alternative), alternative) for alternative in alternatives])


def _alternatives(pattern: str) -> list[str]:
    """`pattern` split at its top-level bars, the groups in each alternative factored."""
    alternatives: list[str] = []
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
            end = _group_end(pattern, index)
            head = next(head for head in _GROUP_HEADS if pattern.startswith(head, index))
            if head.startswith("(?<"):
                current.append(pattern[index:end])
            else:
                current.append(head + _factored(pattern[index + len(head) : end - 1]) + ")")
            index = end
        elif char == "|":
            alternatives.append("".join(current))
            current = []
            index += 1
        else:
            current.append(char)
            index += 1
    alternatives.append("".join(current))
    return alternatives


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


def _group_end(pattern: str, index: int) -> int:
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
