//! `cargo xtask`: the project's build, serve and check tasks, std-only.
//!
//! Run `cargo xtask help` for the list of subcommands. The alias lives in
//! `.cargo/config.toml` (`xtask = "run --quiet --package xtask --"`).
//!
//! Modules:
//! - [`cmd`]: running external commands, printing each one, and the error type;
//! - [`tools`]: idempotent installation of the tools the tasks need;
//! - [`dist`]: the release build into `dist/`, with the prerendered pages;
//! - [`server`]: a small static HTTP/1.1 server (also usable from other tasks);
//! - [`package`]: the npm package and the release archive;
//! - [`page`]: page tests of the built demo page in Chromium (playwright-core);
//! - [`bench`](mod@bench): sizes and timings of the release bundle beside two peer
//!   chart libraries (`cargo xtask bench`, not part of `test`);
//! - [`test`](mod@test): every check CI runs.

mod bench;
mod cmd;
mod dist;
mod package;
mod page;
mod server;
mod test;
mod tools;

use std::process::ExitCode;

use cmd::{Error, Result};

const USAGE: &str = "\
Usage: cargo xtask <command> [options]

Commands:
  dist                 Release build of the widget into dist/ (wasm-bindgen + wasm-opt,
                       plus a copy of www/ with the default view prerendered into
                       index.html and embed.html by `budget-compare render`, and the
                       share card share.png); installs missing tools first.
  serve [--port N]     Run `dist`, then serve dist/ on http://127.0.0.1:N/ (default 8080;
                       0 picks a free port).
  package              `dist`, then target/package/: the npm package (budget-compare/,
                       packed as budget-compare-VERSION.tgz by `npm pack`) and the
                       release archive of dist/ (budget-compare-VERSION-dist.tar.gz).
  page [FILTER]        Only the page tests: `dist`, then Playwright Test (tests/playwright/)
                       in Chromium, the tests whose title matches FILTER if given;
                       screenshots go to target/screenshots/, failures' traces to
                       target/playwright/.
  bench                `dist`, then measure it in headless Chromium: sizes (raw, gzip,
                       brotli), navigation to first chart, view changes, a large
                       synthetic data set, and the same chart on ECharts and Chart.js;
                       prints a table, writes target/bench/report.json. Not part of
                       `test`.
  fuzz [--seconds N]   Bounded mutation fuzzing of the loader/validator and the CSV
                       importer, N seconds each (default 60); a panicking input is
                       saved to tests/fixtures/fuzz/ (replayed by `test`). Not part
                       of `test`.
  test                 Run every check in order (fmt, clippy native and wasm32, doc,
                       native tests, browser tests, page tests, data validation);
                       stops at the first failure. Page screenshots go to
                       target/screenshots/.
  help                 Show this message.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Dispatches on the subcommand name.
fn run(args: &[String]) -> Result<()> {
    let Some((command, rest)) = args.split_first() else {
        print!("{USAGE}");
        return Ok(());
    };
    match command.as_str() {
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        "dist" => {
            no_extra_args("dist", rest)?;
            dist::dist().map(|_| ())
        }
        "serve" => {
            let port = parse_serve_args(rest)?;
            let dist_dir = dist::dist()?;
            server::serve_forever(&dist_dir, port)
                .map_err(|e| Error::new(format!("server on port {port}: {e}")))
        }
        "package" => {
            no_extra_args("package", rest)?;
            let dist_dir = dist::dist()?;
            package::package(&cmd::repo_root(), &dist_dir).map(|_| ())
        }
        "page" => {
            let filter = match rest {
                [] => None,
                [filter] => Some(filter.as_str()),
                _ => {
                    return Err(Error::new(format!(
                        "`page` takes one filter at most\n\n{USAGE}"
                    )))
                }
            };
            page::page_tests(&cmd::repo_root(), filter)
        }
        "bench" => {
            no_extra_args("bench", rest)?;
            bench::bench(&cmd::repo_root())
        }
        "fuzz" => {
            let seconds = match rest {
                [] => 60,
                [flag, n] if flag == "--seconds" => n.parse().map_err(|_| {
                    Error::new(format!("--seconds: expected a whole number, found `{n}`"))
                })?,
                _ => {
                    return Err(Error::new(format!(
                        "usage: cargo xtask fuzz [--seconds N]\n\n{USAGE}"
                    )))
                }
            };
            fuzz(&cmd::repo_root(), seconds)
        }
        "test" => {
            no_extra_args("test", rest)?;
            test::test()
        }
        other => Err(Error::new(format!("unknown command `{other}`\n\n{USAGE}"))),
    }
}

/// Runs the `#[ignore]`d fuzz targets of `tests/fuzz.rs` for `seconds` each,
/// under the `fuzz` profile (Cargo.toml).
fn fuzz(root: &std::path::Path, seconds: u64) -> Result<()> {
    cmd::run(
        cmd::cargo(root)
            .env("FUZZ_SECONDS", seconds.to_string())
            .args([
                "test",
                "--profile",
                "fuzz",
                "--package",
                "budget-compare",
                "--test",
                "fuzz",
                "--",
            ])
            .args(["--ignored", "--nocapture", "--test-threads", "1"]),
    )
}

fn no_extra_args(command: &str, rest: &[String]) -> Result<()> {
    match rest.first() {
        None => Ok(()),
        Some(arg) => Err(Error::new(format!(
            "`{command}` takes no arguments (got `{arg}`)\n\n{USAGE}"
        ))),
    }
}

/// Parses `[--port N]` / `[--port=N]`; the default port is 8080.
fn parse_serve_args(rest: &[String]) -> Result<u16> {
    let mut port = 8080;
    let mut iter = rest.iter();
    while let Some(arg) = iter.next() {
        let value = if arg == "--port" || arg == "-p" {
            iter.next()
                .ok_or_else(|| Error::new("`--port` needs a value"))?
                .as_str()
        } else if let Some(v) = arg.strip_prefix("--port=") {
            v
        } else {
            return Err(Error::new(format!(
                "unknown option for `serve`: `{arg}`\n\n{USAGE}"
            )));
        };
        port = value
            .parse()
            .map_err(|_| Error::new(format!("invalid port `{value}` (expected 0-65535)")))?;
    }
    Ok(port)
}

#[cfg(test)]
mod tests {
    use super::parse_serve_args;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn serve_port_parsing() {
        assert_eq!(parse_serve_args(&args(&[])).ok(), Some(8080));
        assert_eq!(
            parse_serve_args(&args(&["--port", "9000"])).ok(),
            Some(9000)
        );
        assert_eq!(parse_serve_args(&args(&["--port=0"])).ok(), Some(0));
        assert!(parse_serve_args(&args(&["--port"])).is_err());
        assert!(parse_serve_args(&args(&["--port", "70000"])).is_err());
        assert!(parse_serve_args(&args(&["--bogus"])).is_err());
    }
}
