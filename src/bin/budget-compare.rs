//! `budget-compare`: validate data files and import published budget tables.
//!
//! ```text
//! budget-compare validate <index.json | document.json ...>
//! budget-compare import <table.csv> [--year N] [--columns this|last|prior-final|both|all]
//!                       [--mapping mapping.json] [--out-dir DIR]
//! budget-compare schema [manifest|taxonomy|reference|document|collection]
//! budget-compare render <index.json> [--view compare|over-time|table] [--cities C] [--years Y]
//!                       [--category C] [--metric M] [--lens function|budgeted]
//!                       [--lang zh-TW|en] [--width PX]
//!                       [--format html|svg|png|card] [--out FILE]
//! ```

use std::path::Path;
use std::process::ExitCode;

use budget_compare::core::dataset::{first_files, load_with};
use budget_compare::core::import::budget_table::{document_file_name, to_json};
use budget_compare::core::import::{import_budget_table, Mapping, Which};
use budget_compare::core::model::Taxonomy;
use budget_compare::core::schema::{kind_schema_json, schema_json, Kind};
use budget_compare::core::validate::{check_file, parse_manifest, parse_taxonomy, Severity};
use budget_compare::ui::options::read_options;
use budget_compare::ui::permalink::{requested, starting_state};
use budget_compare::ui::render::{html_fragment, render as render_view, Rendered};

const USAGE: &str = "usage:
  budget-compare validate <index.json>            check a data set (manifest and every file it names)
  budget-compare validate --taxonomy <taxonomy.json> <document.json>...
                                                  check document files (one document
                                                  or a collection of several each)
  budget-compare import <table.csv> [--year N] [--columns this|last|prior-final|both|all]
                        [--mapping mapping.json] [--out-dir DIR]
                                                  convert a 歲出機關別預算表 CSV into documents
                                                  (default columns: both; mapping: the
                                                  repository's table for the city it names)
  budget-compare schema [KIND]                    print the data contract's JSON Schema: any
                                                  file, or one kind (manifest, taxonomy,
                                                  reference, document, collection)
  budget-compare render <index.json> [--view compare|over-time|table] [--cities C] [--years Y]
                        [--category C] [--metric M] [--lens function|budgeted]
                        [--lang zh-TW|en] [--width PX]
                        [--format html|svg|png|card] [--out FILE]
                                                  draw a view of a data set as the widget
                                                  first shows it (the options are the
                                                  widget's data-* attributes): an HTML
                                                  fragment for the widget's element (default),
                                                  the chart as SVG or PNG, or a 1200×630
                                                  share card (PNG); to FILE or stdout";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("validate") => validate(&args[1..]),
        Some("import") => import(&args[1..]),
        Some("render") => render(&args[1..]),
        Some("schema") => match args.get(1).map(String::as_str) {
            None => {
                print!("{}", schema_json());
                Ok(true)
            }
            Some(id) => Kind::from_id(id)
                .map(|kind| {
                    print!("{}", kind_schema_json(kind));
                    true
                })
                .ok_or(format!(
                    "schema: expected manifest, taxonomy, reference, document or collection, found {id:?}"
                )),
        },
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| e.to_string())
}

/// Prints every diagnostic; `Ok(true)` when there is no error.
fn validate(args: &[String]) -> Result<bool, String> {
    let (taxonomy_path, files) = match args {
        [flag, taxonomy, files @ ..] if flag == "--taxonomy" => (Some(taxonomy), files),
        files => (None, files),
    };
    if files.is_empty() {
        return Err(USAGE.to_owned());
    }
    let mut errors = 0usize;
    let mut warnings = 0usize;
    let mut report = |d: &dyn std::fmt::Display, severity: Severity| {
        match severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
        let label = if severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        println!("{label}: {d}");
    };
    match taxonomy_path {
        None => {
            for manifest in files {
                match load_with(manifest, read) {
                    Ok(ds) => {
                        for d in &ds.diagnostics {
                            report(d, d.severity());
                        }
                        println!(
                            "{manifest}: {} documents usable, {} refused",
                            ds.documents.len(),
                            ds.failed.len()
                        );
                    }
                    Err(ds) => ds.iter().for_each(|d| report(d, Severity::Error)),
                }
            }
        }
        Some(path) => {
            let name = file_name(path);
            let taxonomy: Taxonomy = match read(path) {
                Ok(text) => parse_taxonomy(&name, &text).map_err(|ds| join(&ds))?,
                Err(e) => return Err(format!("{name}: could not be read: {e}")),
            };
            for path in files {
                let name = file_name(path);
                let mut diagnostics = Vec::new();
                match read(path) {
                    Ok(text) => {
                        check_file(&name, &text, &taxonomy, &[], &mut diagnostics);
                    }
                    Err(reason) => report(
                        &format!("{name}: could not be read: {reason}"),
                        Severity::Error,
                    ),
                }
                diagnostics.iter().for_each(|d| report(d, d.severity()));
            }
        }
    }
    println!("{errors} errors, {warnings} warnings");
    Ok(errors == 0)
}

fn join(items: &[impl ToString]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_owned())
}

/// A subcommand's one file argument and its `--flag value` pairs (every
/// flag takes a value), in order.
fn arguments(args: &[String]) -> Result<(String, Vec<(String, String)>), String> {
    let mut file = None;
    let mut flags = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg.starts_with("--") {
            let value = it.next().ok_or(format!("{arg} needs a value\n{USAGE}"))?;
            flags.push((arg.clone(), value.clone()));
        } else if file.is_none() {
            file = Some(arg.clone());
        } else {
            return Err(format!("unexpected argument {arg:?}\n{USAGE}"));
        }
    }
    Ok((file.ok_or(USAGE)?, flags))
}

fn import(args: &[String]) -> Result<bool, String> {
    let (csv, flags) = arguments(args)?;
    let mut year = None;
    let mut which = Which::Both;
    let mut mapping_path = None;
    let mut out_dir = ".".to_owned();
    for (flag, v) in flags {
        match flag.as_str() {
            "--year" => {
                year =
                    Some(v.parse().map_err(|_| {
                        format!("--year: expected a ROC year like 106, found {v:?}")
                    })?);
            }
            "--columns" => {
                which = match v.as_str() {
                    "this" => Which::ThisYear,
                    "last" => Which::LastYear,
                    "prior-final" => Which::PriorFinal,
                    "both" => Which::Both,
                    "all" => Which::All,
                    other => {
                        return Err(format!(
                        "--columns: expected this, last, prior-final, both or all, found {other:?}"
                    ))
                    }
                }
            }
            "--mapping" => mapping_path = Some(v),
            "--out-dir" => out_dir = v,
            _ => return Err(format!("unexpected argument {flag:?}\n{USAGE}")),
        }
    }
    let text = read(&csv).map_err(|e| format!("{csv}: could not be read: {e}"))?;
    let mapping = match &mapping_path {
        Some(p) => Mapping::from_json(&file_name(p), &read(p).map_err(|e| format!("{p}: {e}"))?),
        None => Mapping::for_table(&text),
    }
    .map_err(|e| e.to_string())?;
    let imported = import_budget_table(&file_name(&csv), &text, year, which, &mapping)
        .map_err(|e| e.to_string())?;
    for w in &imported.warnings {
        eprintln!("warning: {w}");
    }
    for doc in &imported.documents {
        let path = Path::new(&out_dir).join(document_file_name(doc));
        std::fs::write(&path, to_json(doc)).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(true)
}

/// `render`: the view the widget would start in with these options, drawn.
fn render(args: &[String]) -> Result<bool, String> {
    let (manifest, flags) = arguments(args)?;
    let mut given: Vec<(String, String)> = Vec::new();
    let (mut width, mut format, mut out) = (720u32, "html".to_owned(), None);
    for (flag, v) in flags {
        match flag.as_str() {
            "--width" => {
                width = v
                    .parse()
                    .ok()
                    .filter(|w| (280..=4000).contains(w))
                    .ok_or(format!("--width: expected 280 to 4000 (px), found {v:?}"))?;
            }
            "--format" => format = v,
            "--out" => out = Some(v),
            option @ ("--view" | "--cities" | "--years" | "--category" | "--metric" | "--lens"
            | "--lang") => {
                given.push((option[2..].to_owned(), v));
            }
            _ => return Err(format!("unexpected argument {flag:?}\n{USAGE}")),
        }
    }
    let options = read_options(&|name| {
        given
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    });
    if !options.problems.is_empty() {
        return Err(join(&options.problems));
    }
    let ds = load_with(&manifest, read).map_err(|ds| join(&ds))?;
    if let Some(first) = ds.document_errors().next() {
        return Err(format!("{manifest}: a document was refused: {first}"));
    }
    let state = starting_state(&ds, options.lang, &options.hash);
    let mut rendered = render_view(&ds, &state, width)?;
    // The manifest was read and checked by the load above.
    let text = read(&manifest)?;
    let parsed = parse_manifest(&file_name(&manifest), &text).map_err(|ds| join(&ds))?;
    rendered.files = first_files(&parsed, &requested(&options.hash));
    let bytes = match format.as_str() {
        "html" => html_fragment(&rendered)?.into_bytes(),
        "svg" => rendered.chart.text.clone().into_bytes(),
        "png" => png(&rendered, false)?,
        "card" => png(&rendered, true)?,
        other => {
            return Err(format!(
                "--format: expected html, svg, png or card, found {other:?}"
            ))
        }
    };
    match out {
        Some(path) => {
            std::fs::write(&path, &bytes).map_err(|e| format!("{path}: {e}"))?;
            eprintln!("wrote {path} ({} bytes)", bytes.len());
        }
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| format!("stdout: {e}"))?;
        }
    }
    Ok(true)
}

/// The chart (or the share card) as PNG.
#[cfg(not(target_arch = "wasm32"))]
fn png(rendered: &Rendered, card: bool) -> Result<Vec<u8>, String> {
    let raster = budget_compare::ui::render::png::Rasterizer::new()?;
    if card {
        raster.card(rendered)
    } else {
        raster.chart(rendered)
    }
}

/// PNG rendering is native only (resvg is not built for WebAssembly).
#[cfg(target_arch = "wasm32")]
fn png(_: &Rendered, _: bool) -> Result<Vec<u8>, String> {
    Err("render: PNG output needs a native build of budget-compare".to_owned())
}
