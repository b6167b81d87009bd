"""The option likeness the families balance and the audit measures: the distance over spellings
must be exactly the textbook one over tokens, since both sides compare its values for ties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.similarity import edit_distance, similarity, spell, spelled_similarity, spelling, tokens


def textbook_distance(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


# A small alphabet makes matches, and so the algorithm's carries, frequent; long sequences
# cross the 64-bit word boundary a C implementation would have.
sequences = st.lists(st.sampled_from(["a", "b", "c", "(", ",", "11"]), max_size=90).map(tuple)


@settings(max_examples=600, deadline=None)
@given(sequences, sequences)
def test_the_distance_is_the_textbook_levenshtein_distance(a, b):
    assert edit_distance(a, b) == textbook_distance(a, b)


@given(sequences, sequences)
def test_the_distance_is_symmetric_and_bounded(a, b):
    d = edit_distance(a, b)
    assert d == edit_distance(b, a)
    assert abs(len(a) - len(b)) <= d <= max(len(a), len(b))
    assert (d == 0) == (a == b)


def test_similarity_reads_options_as_a_student_does():
    assert tokens("`nn.LSTM(4, 8)`") == ("nn", ".", "LSTM", "(", "4", ",", "8", ")")
    assert similarity(tokens("(1, 11)"), tokens("(1, 12)")) == 1 - 1 / 5
    assert similarity((), ()) == 1.0
    assert similarity(("a",), ("b", "c")) == 0.0


def test_a_spelling_gives_each_token_its_own_character_past_any_count():
    # Past 55,296 tokens the characters skip the surrogate block; tokens stay told apart.
    many = tuple(f"t{i}" for i in range(0xD800 + 50))
    spelled = spell(many)
    assert len(spelled) == len(many) == len(set(spelled))
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in spelled)
    assert edit_distance(many[-40:], many[-41:-1]) == textbook_distance(many[-40:], many[-41:-1])


@given(st.text(alphabet="ab `(),1", max_size=40), st.text(alphabet="ab `(),1", max_size=40))
def test_similarity_of_texts_is_similarity_of_their_tokens(x, y):
    assert spelled_similarity(spelling(x), spelling(y)) == similarity(tokens(x), tokens(y))
