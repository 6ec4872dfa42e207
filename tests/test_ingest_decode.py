import pytest

from kronika.ingest.decode import DecodeError, decode_bytes

LV = "Dānijas vēstnieks Japānā sacīja, ka Ķīnas draudi pieaug. Ļoti svarīgi, ņemot vērā."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (LV.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + LV.encode("utf-8"), "utf-8-sig"),
        (LV.encode("utf-16"), "utf-16"),
        (LV.encode("utf-16-le"), "utf-16-le"),
        (LV.encode("utf-16-be"), "utf-16-be"),
        (LV.encode("cp1257"), "cp1257"),
    ],
)
def test_decode_bytes_detects_reliable_encodings(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.text.lstrip("\ufeff") == LV
    assert decoded.encoding == encoding


def test_decode_bytes_reads_cyrillic_windows_1251() -> None:
    assert (
        decode_bytes("Президент заявил сегодня".encode("cp1251")).text == "Президент заявил сегодня"
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (bytes(range(256)) * 20, "binary"),
        (b"PK\x03\x04\x00\x00binary zip", "binary"),
        (b"\x80\x81\x82\x83\x84\x85", "undecodable"),
    ],
)
def test_decode_bytes_refuses_binary_and_unknown(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.reason == reason
