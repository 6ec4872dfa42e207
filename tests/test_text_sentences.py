import pytest
from hypothesis import given
from hypothesis import strategies as st

from kronika.text.normalise import normalise_text
from kronika.text.sentences import MAX_SENTENCE_CHARS, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "E. Rinkēvičs 2024. gada 5. janvārī teica. Nākamais teikums.",
            ["E. Rinkēvičs 2024. gada 5. janvārī teica.", "Nākamais teikums."],
        ),
        (
            "Dž. Baidens ieradās pl. 10.00! Tad aizbrauca.",
            ["Dž. Baidens ieradās pl. 10.00!", "Tad aizbrauca."],
        ),
        (
            "Sanāksme notiks 12. martā Rīgā. Tā būs svarīga.",
            ["Sanāksme notiks 12. martā Rīgā.", "Tā būs svarīga."],
        ),
        (
            "Piedalās ASV, Ķīna u.c. valstis. Beigas.",
            ["Piedalās ASV, Ķīna u.c. valstis.", "Beigas."],
        ),
        (
            '"Tas būs ļoti redzams," viņš atzina. "Tāpēc tā." Vēstnieks piebilst.',
            ['"Tas būs ļoti redzams," viņš atzina.', '"Tāpēc tā."', "Vēstnieks piebilst."],
        ),
        (
            "Mr. Smith went to Washington D.C. on Monday. He left.",
            ["Mr. Smith went to Washington D.C. on Monday.", "He left."],
        ),
        ("Virsraksts bez punkta\nPirmais teikums.", ["Virsraksts bez punkta", "Pirmais teikums."]),
        (
            "The U.S. Army arrived. Was it late? Yes!",
            ["The U.S. Army arrived.", "Was it late?", "Yes!"],
        ),
        (
            "Tas apdraud drošību“. „Aizsardzībai jātērē vairāk,“ viņš teica.",
            ["Tas apdraud drošību“.", "„Aizsardzībai jātērē vairāk,“ viņš teica."],
        ),
        (
            "Viņš teica: „Tas apdraud drošību.“ Nākamais teikums.",
            ["Viņš teica: „Tas apdraud drošību.“", "Nākamais teikums."],
        ),
        # negatives: a low quote after an ordinal or inside a sentence is no boundary
        (
            "Līgums „Baltijas ceļš“ 2024. gada „pavasarī“ stājās spēkā.",
            ["Līgums „Baltijas ceļš“ 2024. gada „pavasarī“ stājās spēkā."],
        ),
        ("", []),
    ],
)
def test_split_sentences_latvian_and_english_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_split_sentences_cuts_unpunctuated_text() -> None:
    text = " ".join(["vārds"] * 2000)
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)


@given(st.text(alphabet=st.sampled_from(list('ab AĀ.!?\n"12ž')), max_size=300))
def test_split_sentences_spans_are_ordered_trimmed_and_cover_text(raw: str) -> None:
    text = normalise_text(raw)
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous_end = end
    covered = "".join(text[s:e] for s, e in spans)
    assert covered.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
