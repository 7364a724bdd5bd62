"""The elfproef, with numbers worked out by hand:
9*d1 + 8*d2 + 7*d3 + 6*d4 + 5*d5 + 4*d6 + 3*d7 + 2*d8 - 1*d9 must be a multiple of 11."""

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import expected_pseudonym, expected_stored
from vertrouwd.privacy.pseudonyms import Pseudonymizer, canonical_bsn
from vertrouwd.privacy.keys import Key


@pytest.mark.parametrize("text, canonical", [
    # 9+8+7+12+10+8+9+6-3 = 66 = 6*11
    ("111222333", "111222333"),
    # 9+16+21+24+25+24+21+16-2 = 154 = 14*11
    ("123456782", "123456782"),
    # separators are removed first
    ("1112.22.333", "111222333"),
    (" 111-222-333 ", "111222333"),
    ("111 222 333", "111222333"),
    # 12345672 -> 012345672: 0+8+14+18+20+20+18+14-2 = 110 = 10*11
    ("12345672", "012345672"),
])
def test_valid(text, canonical):
    assert canonical_bsn(text) == canonical


@pytest.mark.parametrize("text", [
    "111222334",  # 66 + 3 - 4 = 65, not a multiple of 11
    "123456789",  # 9+16+21+24+25+24+21+16-9 = 147 = 13*11 + 4
    "000000000",  # passes the sum, but refused
    "1234567",  # too short
    "1234567890",  # too long
    "11122233a",  # a letter
    "١١١٢٢٢٣٣٣",  # Arabic-Indic digits for 111222333: not ASCII
    "",
])
def test_invalid(text):
    assert canonical_bsn(text) is None


def test_written_forms_share_one_pseudonym():
    p = Pseudonymizer(Key(b"k" * 32, "test"))
    out, invalid = p.array("client", pa.array(["1112.22.333", "111-222-333", "111222333", "111 222 333"]), bsn=True)
    assert invalid == []
    assert len(set(out.to_pylist())) == 1
    assert out[0].as_py() == expected_stored("client", "111222333", "k" * 32)


VALID_AND_INVALID = ["111222333", "123456782", "1112.22.333", " 111-222-333 ", "111 222 333", "12345672",
                     "111222334", "123456789", "000000000", "1234567", "1234567890", "11122233a",
                     "١١١٢٢٢٣٣٣", "", "00000000", "0.0.0", "\t111222333"]


def test_whole_array_check_agrees_with_the_hand_worked_one():
    from vertrouwd.privacy.pseudonyms import canonical_bsns

    assert canonical_bsns(pa.array(VALID_AND_INVALID)).to_pylist() == [canonical_bsn(t) for t in VALID_AND_INVALID]


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.text(alphabet="0123456789.- \ta١٢", max_size=12), max_size=30))
def test_whole_array_check_agrees_on_any_text(texts):
    from vertrouwd.privacy.pseudonyms import canonical_bsns

    assert canonical_bsns(pa.array(texts, pa.string())).to_pylist() == [canonical_bsn(t) for t in texts]


def test_array_pseudonyms_match_an_independent_hmac():
    p = Pseudonymizer(Key(b"k" * 32, "test"))
    out, invalid = p.array("professional", pa.array(["m1", "", "m2", "m1"]))
    assert out.to_pylist() == [expected_stored("professional", "m1", "k" * 32), None,
                               expected_stored("professional", "m2", "k" * 32),
                               expected_stored("professional", "m1", "k" * 32)]
    again, _ = p.array("professional", pa.array(["m2"]))  # from the cache
    assert again.to_pylist() == [out[2].as_py()]


def test_values_met_in_an_earlier_batch_keep_their_pseudonym_and_their_refusal():
    """Batch after batch, a value keeps its pseudonym, and an invalid BSN is reported in
    every batch it appears in, also when it was met before."""
    pseudonyms = Pseudonymizer(Key(b"test-key-0123456789abcdef", "test"))
    first, bad_first = pseudonyms.array("client", pa.array(["999190532", "123", ""]), bsn=True)
    second, bad_second = pseudonyms.array("client", pa.array(["", "123", "111222333", "999190532"]), bsn=True)
    assert bad_first == ["123"] and bad_second == ["123"]
    assert first.to_pylist() == [expected_stored("client", "999190532"), None, None]
    assert second.to_pylist() == [None, None, expected_stored("client", "111222333"),
                                  expected_stored("client", "999190532")]
    # met in the batch just before, met earlier, and new; then values not met just before
    third, bad_third = pseudonyms.array("client", pa.array(["123", "111222333", "999190532", "1112.22.333", "4"]),
                                        bsn=True)
    assert sorted(bad_third) == ["123", "4"]
    assert third.to_pylist() == [None, expected_stored("client", "111222333"), expected_stored("client", "999190532"),
                                 expected_stored("client", "111222333"), None]
    fourth, _ = pseudonyms.array("client", pa.array(["4", "999190532"]), bsn=True)
    assert fourth.to_pylist() == [None, expected_stored("client", "999190532")]
    fifth, bad_fifth = pseudonyms.array("client", pa.array(["111222333", "123"]), bsn=True)  # not in the fourth
    assert fifth.to_pylist() == [expected_stored("client", "111222333"), None] and bad_fifth == ["123"]


def test_printed_and_stored_forms_turn_into_each_other():
    """A printed pseudonym is the key version and the 32 letters of the stored 16 bytes."""
    from vertrouwd.privacy.pseudonyms import printed, printed_array

    p = Pseudonymizer(Key(b"test-key-0123456789abcdef", "test"))
    text = expected_pseudonym("client", "999190532")
    assert p.one("client", "999190532") == text
    assert printed(expected_stored("client", "999190532"), p.version) == text
    assert printed(str(expected_stored("client", "999190532")), p.version) == text  # as DuckDB gives it to Arrow
    assert p.stored("client", "999190532") == expected_stored("client", "999190532")
    column, _ = p.array("client", pa.array(["999190532", "", "x"]))
    shown = [text, None, expected_pseudonym("client", "x")]
    assert printed_array(column, p.version).to_pylist() == shown
    assert printed_array(pa.array([str(u) if u else None for u in column.to_pylist()]), p.version).to_pylist() == shown
