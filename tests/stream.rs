//! A document file checked as it arrives (`core::stream`) gives exactly what
//! the whole-file reader gives: the same documents, the same messages, for
//! good collections, bad ones and single documents, cut into chunks of any
//! size; and a collection's documents are read before its last byte is in.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{root, taxonomy};

use budget_compare::core::dataset::{self, CheckedFile};
use budget_compare::core::model::{
    DocumentRef, FiscalYear, FormatTag, Localized, Manifest, Taxonomy,
};
use budget_compare::core::stream::FileCheck;

const HREF: &str = "collection.json";

fn manifest(keys: &[(&str, u16)]) -> Manifest {
    Manifest {
        format: FormatTag,
        title: Localized::new("測試", "Test"),
        taxonomy: "taxonomy.json".into(),
        reference: None,
        documents: keys
            .iter()
            .map(|&(city, year)| DocumentRef {
                href: HREF.into(),
                city: city.into(),
                fiscal_year: FiscalYear(year),
            })
            .collect(),
    }
}

/// The file checked in chunks of `size` bytes, and how many of its
/// documents were read before its last chunk came.
fn chunked(
    manifest: &Manifest,
    taxonomy: &Taxonomy,
    bytes: &[u8],
    size: usize,
) -> (CheckedFile, usize) {
    let mut check = FileCheck::new(manifest, taxonomy, HREF);
    let chunks: Vec<&[u8]> = bytes.chunks(size.max(1)).collect();
    let mut before_last = 0;
    for (i, chunk) in chunks.iter().enumerate() {
        if i + 1 == chunks.len() {
            before_last = check.documents_read();
        }
        check.push(chunk);
    }
    (check.finish(), before_last)
}

fn whole(manifest: &Manifest, taxonomy: &Taxonomy, bytes: &[u8]) -> CheckedFile {
    dataset::check(manifest, taxonomy, HREF, &dataset::utf8(bytes.to_vec()))
}

const SIZES: [usize; 7] = [1, 2, 3, 17, 256, 4096, usize::MAX];

/// Every chunk size gives what the whole text gives.
fn same_as_whole(
    what: &str,
    manifest: &Manifest,
    taxonomy: &Taxonomy,
    bytes: &[u8],
) -> CheckedFile {
    let want = whole(manifest, taxonomy, bytes);
    for size in SIZES {
        let (got, _) = chunked(manifest, taxonomy, bytes, size);
        assert_eq!(got, want, "{what}, chunks of {size} bytes");
    }
    want
}

/// The bundled documents as one collection file (their text as written).
fn bundled_collection() -> String {
    let docs: Vec<String> = [
        "kaohsiung-104",
        "kaohsiung-105",
        "kaohsiung-106",
        "kaohsiung-107",
        "taichung-109",
    ]
    .iter()
    .map(|name| {
        std::fs::read_to_string(root().join(format!("www/data/{name}.json"))).expect("bundled")
    })
    .collect();
    format!(
        "{{\n \"format\": \"budget-compare/1\",\n \"documents\": [\n{}\n ]\n}}\n",
        docs.join(",\n")
    )
}

/// Entries for four of the five bundled documents and one that is not in
/// the file.
fn bundled_entries() -> Manifest {
    manifest(&[
        ("taichung", 109),
        ("kaohsiung", 104),
        ("kaohsiung", 108),
        ("kaohsiung", 106),
        ("kaohsiung", 105),
    ])
}

#[test]
fn a_collection_is_read_while_it_arrives_and_gives_what_the_whole_file_gives() {
    let taxonomy = taxonomy();
    let manifest = bundled_entries();
    let text = bundled_collection();
    let want = same_as_whole("bundled collection", &manifest, &taxonomy, text.as_bytes());
    let years: Vec<Option<u16>> = want
        .documents
        .iter()
        .map(|d| d.as_ref().map(|d| d.fiscal_year.0))
        .collect();
    assert_eq!(years, [Some(109), Some(104), None, Some(106), Some(105)]);
    let messages: Vec<String> = want.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        ["collection.json: documents: expected a document of city \"kaohsiung\", fiscal year 108 as the manifest lists it, found none"]
    );
    // In chunks of 4 KB, the documents are read as they arrive, not at the
    // end. (A document found incomplete is tried again once as many bytes
    // again have come, so one longer than a chunk, here Kaohsiung 107 at
    // 73 KB, may wait for a later one.)
    let (_, read) = chunked(&manifest, &taxonomy, text.as_bytes(), 4096);
    assert!(read >= 3, "{read} documents read before the last chunk");
    let (_, read) = chunked(&manifest, &taxonomy, text.as_bytes(), 1);
    assert!(read >= 3, "{read} documents read before the last byte");
}

#[test]
fn errors_inside_documents_read_ahead_are_the_whole_files_errors() {
    let taxonomy = taxonomy();
    let manifest = manifest(&[("kaohsiung", 104), ("kaohsiung", 106)]);
    let text = std::fs::read(root().join("tests/fixtures/bad/collection.json")).expect("fixture");
    let got = same_as_whole("bad/collection.json", &manifest, &taxonomy, &text);
    let messages: Vec<String> = got.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        ["collection.json: documents[1].budget.lines[1].amount: expected a non-negative integer, found \"1,593\""]
    );
    assert!(got.documents[0].is_some() && got.documents[1].is_none());
    // The second document ends in the last chunk of 64 bytes.
    let (_, read) = chunked(&manifest, &taxonomy, &text, 64);
    assert_eq!(read, 1, "documents read before the last chunk");
}

#[test]
fn a_damaged_collection_gets_the_whole_files_message() {
    let taxonomy = taxonomy();
    let manifest = bundled_entries();
    let good = bundled_collection();
    let second = good
        .find("\"kaohsiung\",\n  \"name\"")
        .unwrap_or(good.len() / 3);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated",
            good.as_bytes()[..good.len() * 2 / 3].to_vec(),
            "EOF while parsing",
        ),
        (
            "not UTF-8 in the second document",
            {
                let mut b = good.clone().into_bytes();
                b.insert(second, 0xFF);
                b
            },
            "not UTF-8 at offset",
        ),
        (
            "a syntax error in the third document",
            good.replacen("\"fiscal_year\": 106", "\"fiscal_year\" 106", 1)
                .into_bytes(),
            "expected `:`",
        ),
        (
            "trailing text",
            format!("{good}x").into_bytes(),
            "trailing characters",
        ),
        (
            "a trailing comma",
            good.replacen("\n ]\n}", ",\n ]\n}", 1).into_bytes(),
            "trailing comma",
        ),
        (
            "documents twice",
            good.replacen("{\n \"format\"", "{\n \"documents\": [],\n \"format\"", 1)
                .into_bytes(),
            "`documents` again",
        ),
        (
            "another format",
            good.replacen("\"budget-compare/1\"", "\"budget-compare/2\"", 1)
                .into_bytes(),
            "format: expected \"budget-compare/1\"",
        ),
        (
            "documents not an array",
            "{\"format\": \"budget-compare/1\", \"documents\": {}}".into(),
            "an array of documents",
        ),
        (
            "an empty collection",
            "{\"format\": \"budget-compare/1\", \"documents\": []}".into(),
            "fiscal year 104 as the manifest lists it, found none",
        ),
        (
            "a single document",
            std::fs::read(root().join("www/data/kaohsiung-104.json")).expect("doc"),
            "city \"taichung\"",
        ),
        ("empty", Vec::new(), "EOF while parsing a value"),
    ];
    for (what, bytes, message) in cases {
        let got = same_as_whole(what, &manifest, &taxonomy, &bytes);
        let messages: Vec<String> = got.diagnostics.iter().map(ToString::to_string).collect();
        assert!(
            messages.iter().any(|m| m.contains(message)),
            "{what}: {messages:?} should say {message:?}"
        );
    }
}

#[test]
fn every_bad_fixture_gives_the_whole_files_result() {
    let taxonomy = taxonomy();
    let manifest = manifest(&[("kaohsiung", 104), ("kaohsiung", 106)]);
    let dir = root().join("tests/fixtures/bad");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures").flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let bytes = std::fs::read(&path).expect("fixture");
            same_as_whole(&path.display().to_string(), &manifest, &taxonomy, &bytes);
            n += 1;
        }
    }
    assert!(n >= 14, "{n} fixtures");
}
