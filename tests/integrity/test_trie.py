"""Alternations rewritten as tries (integrity/trie.py) match exactly what they matched before."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from asbhub.integrity.trie import factored


def test_alternatives_that_share_letters_share_them_in_order() -> None:
    assert factored(r"punched|punch\w*|pushed|hit") == r"pu(?:nch(?:ed|\w*)|shed)|hit"


def test_groups_inside_the_pattern_are_factored_too() -> None:
    assert factored(r"(?:kicked|kicks) (?:him|her)") == r"(?:kick(?:ed|s)) (?:h(?:im|er))"


def test_an_alternative_whose_first_letter_is_not_known_keeps_its_place() -> None:
    # "a?b" may start with "a" or "b": "ab" and "ac" must not be gathered across it.
    assert factored("ab|a?b|ac") == "ab|a?b|ac"
    assert factored(r"ab|\w+|ac") == r"ab|\w+|ac"


def test_a_letter_that_may_be_absent_is_not_shared() -> None:
    assert factored("tyres?|tyre") == "tyre(?:s?|)"


def test_look_behinds_keep_their_fixed_width() -> None:
    assert factored("(?<!ab|ac)x") == "(?<!ab|ac)x"


def test_character_classes_and_escapes_are_copied_whole() -> None:
    assert factored(r"[|(]a|\|b|\(c") == r"[|(]a|\|b|\(c"


def test_a_broken_pattern_is_left_for_the_regex_compiler_to_report() -> None:
    assert factored("(?:ab|ac") == "(?:ab|ac"
    assert factored("[ab|ac") == "[ab|ac"


def _pattern(depth: int = 0) -> st.SearchStrategy[str]:
    word = st.text(alphabet="ab", max_size=3)
    piece = st.one_of(
        word,
        word.map(lambda w: w + "?" if w else w),
        word.map(lambda w: w + r"\w*"),
        st.just("[ab]"),
        word.map(lambda w: "(?<!a)" + w),
    )
    if depth < 2:
        inner = _pattern(depth + 1)
        piece = st.one_of(
            piece,
            st.tuples(word, inner, st.sampled_from(["", "?", "*"])).map(
                lambda t: f"{t[0]}(?:{t[1]}){t[2]}"
            ),
            st.tuples(word, inner).map(lambda t: f"{t[0]}(?!{t[1]})"),
            st.tuples(word, inner).map(lambda t: f"{t[0]}({t[1]})"),
        )
    return st.lists(piece, min_size=1, max_size=5).map("|".join)


@settings(max_examples=400, deadline=None)
@given(pattern=_pattern(), texts=st.lists(st.text(alphabet="abc", max_size=7), max_size=8))
def test_every_match_is_the_same(pattern: str, texts: list[str]) -> None:
    plain = re.compile(f"(?:{pattern})(?:c|$)")
    fast = re.compile(f"(?:{factored(pattern)})(?:c|$)")
    for text in texts:
        for position in range(len(text) + 1):
            before, after = plain.match(text, position), fast.match(text, position)
            assert (before and before.span()) == (after and after.span())
        before, after = plain.search(text), fast.search(text)
        assert (before and before.span()) == (after and after.span())
