//! `cargo xtask test`: every check CI runs, in order, stopping at the first
//! failure.
//!
//! The browser tests run `cargo test --target wasm32-unknown-unknown` through
//! `wasm-bindgen-test-runner` and Debian's chromedriver + Chromium. The
//! runner reads extra WebDriver capabilities from the JSON file named by
//! `WASM_BINDGEN_TEST_WEBDRIVER_JSON` (default `./webdriver.json`); we
//! generate one under `target/xtask/` with the Chromium flags this machine
//! needs (it runs as root), so nothing is written into the repository.
//!
//! The page tests ([`crate::page`]) then build `dist/`, serve it and drive the
//! demo page in Chromium with Playwright Test (`tests/playwright/`),
//! leaving screenshots in `target/screenshots/`.
//!
//! Ends with a line like `xtask-test: 8 passed, 0 failed`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::cmd::{self, Context, Error, Result};
use crate::page;
use crate::tools::{self, CHROMEDRIVER, CHROMIUM, WASM_TARGET};

/// Chromium flags for headless runs as root in a container.
const CHROMIUM_ARGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// Seconds each wasm test may take (`WASM_BINDGEN_TEST_TIMEOUT`).
const WASM_TEST_TIMEOUT_SECS: &str = "120";

/// One named check.
struct Step {
    name: &'static str,
    run: fn(&Path) -> Result<()>,
}

const STEPS: [Step; 8] = [
    Step {
        name: "fmt",
        run: fmt,
    },
    Step {
        name: "clippy (native)",
        run: clippy_native,
    },
    Step {
        name: "clippy (wasm32)",
        run: clippy_wasm,
    },
    Step {
        name: "doc",
        run: doc,
    },
    Step {
        name: "tests (native)",
        run: tests_native,
    },
    Step {
        name: "tests (browser, wasm32)",
        run: tests_browser,
    },
    Step {
        name: "page tests",
        run: |root| page::page_tests(root, None),
    },
    Step {
        name: "data validation",
        run: data_validation,
    },
];

/// Runs every step; prints the closing summary line either way.
pub fn test() -> Result<()> {
    let root = cmd::repo_root();
    let total = STEPS.len();
    let start = Instant::now();
    let mut passed = 0;
    for (i, step) in STEPS.iter().enumerate() {
        println!("\n== xtask test [{}/{total}]: {}", i + 1, step.name);
        let step_start = Instant::now();
        match (step.run)(&root) {
            Ok(()) => {
                passed += 1;
                println!(
                    "== xtask test: {} passed ({:.0} s)",
                    step.name,
                    step_start.elapsed().as_secs_f64()
                );
            }
            Err(e) => {
                eprintln!("\n== xtask test: step `{}` FAILED: {e}", step.name);
                let skipped = total - passed - 1;
                println!("xtask-test: {passed} passed, 1 failed, {skipped} skipped");
                return Err(Error::new(format!("step `{}` failed", step.name)));
            }
        }
    }
    println!(
        "\nall checks passed in {:.0} s",
        start.elapsed().as_secs_f64()
    );
    println!("xtask-test: {passed} passed, 0 failed");
    Ok(())
}

fn fmt(root: &Path) -> Result<()> {
    tools::ensure_fmt_and_clippy(root)?;
    cmd::run(cmd::cargo(root).args(["fmt", "--all", "--check"]))
}

fn clippy_native(root: &Path) -> Result<()> {
    cmd::run(cmd::cargo(root).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}

fn clippy_wasm(root: &Path) -> Result<()> {
    tools::ensure_wasm_target(root)?;
    cmd::run(cmd::cargo(root).args([
        "clippy",
        "--package",
        "budget-compare",
        "--lib",
        "--tests",
        "--target",
        WASM_TARGET,
        "--",
        "-D",
        "warnings",
    ]))?;
    // The lazily loaded modules (src/extras.rs, src/importer.rs), each in
    // its own target directory as `cargo xtask dist` builds it.
    for feature in ["extras", "import"] {
        cmd::run(
            cmd::cargo(root)
                .args([
                    "clippy",
                    "--package",
                    "budget-compare",
                    "--lib",
                    "--features",
                    feature,
                    "--target",
                    WASM_TARGET,
                    "--target-dir",
                ])
                .arg(cmd::target_dir(root).join(feature))
                .args(["--", "-D", "warnings"]),
        )?;
    }
    Ok(())
}

fn doc(root: &Path) -> Result<()> {
    cmd::run(cmd::cargo(root).env("RUSTDOCFLAGS", "-D warnings").args([
        "doc",
        "--no-deps",
        "--workspace",
    ]))
}

fn tests_native(root: &Path) -> Result<()> {
    // The PNG renderings (`budget-compare render`) draw their text in the
    // system's Noto Sans CJK, one of the browser packages.
    tools::ensure_browser()?;
    cmd::run(cmd::cargo(root).args(["test", "--workspace"]))
}

fn tests_browser(root: &Path) -> Result<()> {
    tools::ensure_wasm_target(root)?;
    tools::ensure_browser()?;
    let wasm_bindgen = tools::ensure_wasm_bindgen(root)?;
    let webdriver_json = write_webdriver_json(root)?;
    cmd::run(
        cmd::cargo(root)
            .env("CHROMEDRIVER", CHROMEDRIVER)
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                &wasm_bindgen.test_runner,
            )
            .env("WASM_BINDGEN_TEST_TIMEOUT", WASM_TEST_TIMEOUT_SECS)
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json)
            .args([
                "test",
                "--package",
                "budget-compare",
                "--target",
                WASM_TARGET,
                "--test",
                "browser",
            ]),
    )
}

/// Writes `target/xtask/webdriver.json`: the Chromium binary and flags, in
/// the `goog:chromeOptions` capability that wasm-bindgen-test-runner merges
/// into its session request.
fn write_webdriver_json(root: &Path) -> Result<PathBuf> {
    let dir = cmd::target_dir(root).join("xtask");
    fs::create_dir_all(&dir).context(|| format!("creating {}", dir.display()))?;
    let path = dir.join("webdriver.json");
    fs::write(&path, webdriver_json()).context(|| format!("writing {}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(path)
}

fn webdriver_json() -> String {
    let args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| format!("\"{a}\"")).collect();
    format!(
        "{{\n  \"goog:chromeOptions\": {{\n    \"binary\": \"{CHROMIUM}\",\n    \"args\": [{}]\n  }}\n}}\n",
        args.join(", ")
    )
}

fn data_validation(root: &Path) -> Result<()> {
    let mut cmd: Command = cmd::cargo(root);
    cmd.args([
        "run",
        "--quiet",
        "--package",
        "budget-compare",
        "--bin",
        "budget-compare",
        "--",
        "validate",
        "www/data/index.json",
    ]);
    cmd::run(&mut cmd)
}

#[cfg(test)]
mod tests {
    use super::webdriver_json;

    #[test]
    fn webdriver_json_shape() {
        let json = webdriver_json();
        assert!(json.contains("\"goog:chromeOptions\": {"));
        assert!(json.contains("\"binary\": \"/usr/bin/chromium\""));
        assert!(json.contains("\"--no-sandbox\", \"--disable-gpu\""));
        assert_eq!(json.matches('{').count(), json.matches('}').count());
        assert_eq!(json.matches('[').count(), json.matches(']').count());
    }
}
