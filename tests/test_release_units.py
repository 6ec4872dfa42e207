"""Release building blocks without I/O: paths, checksum files, data-semver rules, contracts."""

from __future__ import annotations

import pytest

from kronika.release.card import changelog, changelog_section
from kronika.release.contract import contract_from_schemas
from kronika.release.errors import DownloadError, ReleaseError, VerifyError
from kronika.release.fetch import release_base
from kronika.release.package import datapackage, field_descriptor
from kronika.release.paths import UnsafePath, parse_checksums, safe_relpath
from kronika.release.semver import check_bump, parse_version, schema_changes
from schemas import TABLES

SHA = "a" * 64


@pytest.mark.parametrize("rel", ["articles.parquet", "figures/top_entities.png", "a.b/c"])
def test_release_safe_relpath_accepts_plain_paths(rel: str) -> None:
    assert safe_relpath(rel) == rel


@pytest.mark.parametrize(
    "rel",
    [
        "",
        "../x",
        "a/../../x",
        "/etc/passwd",
        "C:/x",
        "a\\\\b",
        "a//b",
        "./a",
        "a/.",
        "a\x00b",
        "..",
    ],
)
def test_release_safe_relpath_refuses_escapes(rel: str) -> None:
    with pytest.raises(UnsafePath):
        safe_relpath(rel)


def test_release_parse_checksums_reads_sha256sum_output() -> None:
    text = f"{SHA}  articles.parquet\n{'b' * 64} *figures/x.png\n\n"
    assert parse_checksums(text) == {"articles.parquet": SHA, "figures/x.png": "b" * 64}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"{SHA} articles.parquet", "is not '<sha256>  <path>'"),
        (f"{SHA[:-1]}  x", "is not '<sha256>  <path>'"),
        (f"{SHA}  x\n{SHA}  x", "twice"),
        (f"{SHA}  ../x", "refusing"),
        ("", "lists no files"),
    ],
)
def test_release_parse_checksums_rejects_bad_files(text: str, message: str) -> None:
    with pytest.raises(VerifyError, match=message):
        parse_checksums(text)


@pytest.mark.parametrize("text", ["1.0", "v1.0.0", "1.0.0-rc1", "01.0.0", "1.0.0 "])
def test_release_parse_version_is_strict(text: str) -> None:
    with pytest.raises(ReleaseError, match=r"X\.Y\.Z"):
        parse_version(text)


def previous_tables() -> dict:
    """The manifest `tables` of a release made with today's models."""
    contract = contract_from_schemas()
    return {
        name: {
            "primary_key": list(t.primary_key),
            "columns": [
                {"name": c.name, "dtype": c.dtype_name, "nullable": c.nullable} for c in t.columns
            ],
        }
        for name, t in contract.items()
    }


def test_release_schema_changes_classifies_breaking_and_additive() -> None:
    old = previous_tables()
    old["mentions"]["columns"].append({"name": "gone", "dtype": "String", "nullable": True})
    old["events"]["columns"][3]["dtype"] = "Int64"  # trigger was an integer
    old["quotes"]["columns"][6]["nullable"] = False  # cue was required
    del old["runs"]
    old["legacy"] = {"primary_key": ["id"], "columns": []}
    del old["articles"]["columns"][1]  # source: nullable column added since
    del old["articles"]["columns"][0]  # article_id: required column added since
    changes = schema_changes(old, contract_from_schemas())
    assert sorted(changes.breaking) == sorted(
        [
            "column mentions.gone removed (or renamed)",
            "column events.trigger retyped Int64 -> String",
            "column quotes.cue became nullable",
            "table legacy removed",
            "required column articles.article_id added",
        ]
    )
    assert sorted(changes.additive) == ["nullable column articles.source added", "table runs added"]


def test_release_unchanged_schema_has_no_changes() -> None:
    changes = schema_changes(previous_tables(), contract_from_schemas())
    assert changes.breaking == [] and changes.additive == []


@pytest.mark.parametrize(
    ("prev", "new", "breaking", "additive", "error"),
    [
        ((1, 0, 0), (1, 0, 1), [], [], None),
        ((1, 0, 0), (1, 0, 0), [], [], "not newer"),
        ((1, 2, 0), (1, 1, 9), [], [], "not newer"),
        ((1, 0, 0), (1, 1, 0), ["x removed"], [], "Raise the major version"),
        ((1, 0, 0), (2, 0, 0), ["x removed"], [], None),
        ((1, 0, 0), (1, 0, 1), [], ["table y added"], "at least the minor"),
        ((1, 0, 0), (1, 1, 0), [], ["table y added"], None),
    ],
)
def test_release_check_bump_follows_data_semver(prev, new, breaking, additive, error) -> None:
    changes = schema_changes(previous_tables(), contract_from_schemas())
    changes.breaking, changes.additive = breaking, additive
    if error is None:
        check_bump(prev, new, changes)
    else:
        with pytest.raises(ReleaseError, match=error):
            check_bump(prev, new, changes)


def test_release_contract_covers_every_model_column() -> None:
    contract = contract_from_schemas()
    assert list(contract) == list(TABLES)
    for name, table in contract.items():
        assert [c.name for c in table.columns] == list(TABLES[name].to_schema().columns)
        assert all(c.description for c in table.columns), name


def test_release_field_descriptors_carry_constraints() -> None:
    mentions = {c.name: c for c in contract_from_schemas()["mentions"].columns}
    label = field_descriptor(mentions["label"])
    assert label["type"] == "string" and "PER" in label["constraints"]["enum"]
    assert label["constraints"]["required"] is True
    assert "constraints" not in field_descriptor(mentions["entity_id"])
    assert field_descriptor(mentions["start"])["type"] == "integer"


def test_release_datapackage_lists_every_table() -> None:
    contract = contract_from_schemas()
    rows = dict.fromkeys(contract, 0)
    hashes = {f"{t}.parquet": SHA for t in contract}
    package = datapackage(contract, "1.2.3", rows, hashes)
    assert package["version"] == "1.2.3"
    assert [r["path"] for r in package["resources"]] == [f"{t}.parquet" for t in contract]
    assert all(r["hash"] == f"sha256:{SHA}" for r in package["resources"])


def test_release_changelog_keeps_history_newest_first() -> None:
    diff = {"articles": {"rows": 3, "rows_added": 1, "rows_removed": 0,
                         "columns_added": [], "columns_removed": []}}  # fmt: skip
    first = changelog(changelog_section("1.0.0", None, diff), None)
    second = changelog(changelog_section("1.1.0", "1.0.0", diff), first)
    assert second.count("# Kronika data changelog") == 1
    assert second.index("## 1.1.0") < second.index("## 1.0.0")


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("http://h/r/1.0.0", "http://h/r/1.0.0/"),
        ("http://h/r/1.0.0/", "http://h/r/1.0.0/"),
        ("https://h/r/1.0.0/manifest.json", "https://h/r/1.0.0/"),
        ("http://h/r/1.0.0/SHA256SUMS?x=1", "http://h/r/1.0.0/"),
    ],
)
def test_release_base_url(url: str, base: str) -> None:
    assert release_base(url) == base


def test_release_base_url_refuses_other_schemes() -> None:
    with pytest.raises(DownloadError, match="not an http"):
        release_base("file:///etc/")
