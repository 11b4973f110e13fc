//! Bounded mutation fuzzing of the loader/validator and the CSV importer.
//!
//! `cargo xtask fuzz` runs the two `#[ignore]`d targets for FUZZ_SECONDS each
//! (default 60): seeds are the bundled documents, the bad-input corpus and
//! the published CSVs; mutations flip, delete, repeat and insert bytes and
//! JSON/CSV tokens. Any panic saves the input to `tests/fixtures/fuzz/` and
//! fails; the files there are replayed by the ordinary test run.
//! (libFuzzer via `cargo fuzz` needs a nightly toolchain, which these
//! machines cannot install; this harness runs on stable.)
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{root, taxonomy};

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use budget_compare::core::import::{import_budget_table, Mapping, Which};
use budget_compare::core::model::{DocumentRef, FiscalYear, Taxonomy};
use budget_compare::core::validate::{check_file, parse_document, parse_manifest};

/// xorshift64*: deterministic for a seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\"",
    b"-1",
    b"1e999",
    b"0.5",
    b"null",
    b"true",
    b"\"amount\"",
    b"\"children\": [",
    b"\"category\": \"x\"",
    b"\\u0000",
    b"\xe5\x8b\x9e",
    b"\n",
    b"\t",
    b"-\t3,981",
    b"\"\"\"",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(5) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at.min(end)..end);
            }
            2 if !out.is_empty() => {
                let start = rng.below(out.len());
                let end = (start + rng.below(128)).min(out.len());
                let piece = out[start..end].to_vec();
                out.splice(at.min(out.len())..at.min(out.len()), piece);
            }
            3 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at.min(out.len())..at.min(out.len()), token.iter().copied());
            }
            _ => out.truncate(at),
        }
    }
    out
}

fn seeds(dirs: &[(&str, &str)]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for (dir, ext) in dirs {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == *ext)
                && std::fs::metadata(&p).map_or(0, |m| m.len()) < 2_000_000
            {
                out.push(std::fs::read(&p).expect("seed"));
            }
        }
    }
    out
}

fn load_json(bytes: &[u8], taxonomy: &Taxonomy) {
    let text = String::from_utf8_lossy(bytes);
    let _ = parse_document("fuzz.json", &text, taxonomy, None);
    let _ = parse_manifest("fuzz.json", &text);
    // As a document or collection file, checked alone and for two manifest
    // entries (one of them matching the seeds' Kaohsiung 106).
    let entry = |year| DocumentRef {
        href: "fuzz.json".into(),
        city: "kaohsiung".into(),
        fiscal_year: FiscalYear(year),
    };
    let (a, b) = (entry(106), entry(107));
    for entries in [&[][..], &[&a, &b][..]] {
        let _ = check_file("fuzz.json", &text, taxonomy, entries, &mut Vec::new());
    }
}

fn import_csv(bytes: &[u8], mapping: &Mapping) {
    let text = String::from_utf8_lossy(bytes);
    let _ = import_budget_table("fuzz.csv", &text, Some(106), Which::Both, mapping);
}

fn run(name: &str, seeds: Vec<Vec<u8>>, target: impl Fn(&[u8])) {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15);
    let mut rng = Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut runs = 0u64;
    std::panic::set_hook(Box::new(|_| {}));
    while Instant::now() < deadline {
        let base = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, base);
        if catch_unwind(AssertUnwindSafe(|| target(&input))).is_err() {
            let _ = std::panic::take_hook();
            let path = root()
                .join("tests/fixtures/fuzz")
                .join(format!("{name}-{:016x}.bin", rng.next()));
            std::fs::write(&path, &input).expect("save crash");
            panic!(
                "{name}: a mutated input panicked; saved to {}",
                path.display()
            );
        }
        runs += 1;
    }
    let _ = std::panic::take_hook();
    println!("fuzz {name}: {runs} inputs in {seconds} s (seed {seed}), no panic");
}

#[test]
#[ignore = "bounded fuzzing: cargo xtask fuzz"]
fn fuzz_loader_and_validator() {
    let taxonomy = taxonomy();
    let seeds = seeds(&[("www/data", "json"), ("tests/fixtures/bad", "json")]);
    run("loader", seeds, |b| load_json(b, &taxonomy));
}

#[test]
#[ignore = "bounded fuzzing: cargo xtask fuzz"]
fn fuzz_csv_importer() {
    let mapping = Mapping::kaohsiung().expect("mapping");
    let seeds = seeds(&[("../shared/data-sources", "csv")]);
    run("importer", seeds, |b| import_csv(b, &mapping));
}

/// Inputs a fuzz run once crashed on stay as regression tests.
#[test]
fn saved_fuzz_inputs_do_not_panic() {
    let taxonomy = taxonomy();
    let mapping = Mapping::kaohsiung().expect("mapping");
    let dir = root().join("tests/fixtures/fuzz");
    for entry in std::fs::read_dir(&dir).expect("fuzz dir").flatten() {
        let path = entry.path();
        let bytes = std::fs::read(&path).expect("input");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("importer") {
            import_csv(&bytes, &mapping);
        } else if name.ends_with(".bin") || name.ends_with(".json") {
            load_json(&bytes, &taxonomy);
        }
    }
    assert!(Path::new(&dir).is_dir());
}
