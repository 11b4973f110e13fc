//! `cargo xtask test`'s page tests: the release bundle in a real browser.
//!
//! Builds `dist/` (as `cargo xtask dist`), serves it on a free port with
//! [`server::serve`], and runs `node tests/page/run.mjs` against it: that
//! script drives Debian's Chromium through npm's `playwright-core` (never
//! `playwright install`: it would download a browser of its own), checks the
//! demo page (permalink, exports, language) and saves a screenshot of every
//! view × language × width into `target/screenshots/`.
//!
//! The script gets `BASE_URL` (the server), `SCREENSHOT_DIR` and `NODE_PATH`
//! (the `node_modules` holding playwright-core, installed under
//! `target/tools/playwright`). It ends with `page tests: N passed, M failed`
//! and exits non-zero on any failure, which fails the step.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cmd::{self, Context, Error, Result};
use crate::dist;
use crate::server;
use crate::tools;

/// The npm `playwright-core` release the page tests use.
const PLAYWRIGHT_VERSION: &str = "1.64.1";

/// The test script, relative to the repository root.
const SCRIPT: &str = "tests/page/run.mjs";

/// Runs the page tests (see the module docs).
pub fn page_tests(root: &Path) -> Result<()> {
    let script = root.join(SCRIPT);
    if !script.is_file() {
        return Err(Error::new(format!("{} is missing", script.display())));
    }
    tools::ensure_browser()?;
    // `dist` also makes sure npm (and so node) is there, for wasm-opt.
    let dist_dir = dist::dist()?;
    let node_modules = ensure_playwright(root)?;
    let screenshots = cmd::target_dir(root).join("screenshots");
    fs::create_dir_all(&screenshots).context(|| format!("creating {}", screenshots.display()))?;

    let server =
        server::serve(&dist_dir, 0).context(|| format!("serving {}", dist_dir.display()))?;
    println!("serving {} on {}", dist_dir.display(), server.url());
    let result = cmd::run(
        cmd::command("node", root)
            .env("BASE_URL", server.url())
            .env("SCREENSHOT_DIR", &screenshots)
            .env("NODE_PATH", &node_modules)
            .arg(SCRIPT),
    );
    drop(server);
    println!("screenshots: {}", screenshots.display());
    result
}

/// Installs `playwright-core@PLAYWRIGHT_VERSION` from npm into
/// `target/tools/playwright` unless it is already there at that version;
/// returns the `node_modules` folder to put on `NODE_PATH`.
fn ensure_playwright(root: &Path) -> Result<PathBuf> {
    let prefix = cmd::target_dir(root).join("tools").join("playwright");
    let node_modules = prefix.join("node_modules");
    let manifest = node_modules.join("playwright-core").join("package.json");
    let installed = || {
        fs::read_to_string(&manifest)
            .ok()
            .and_then(|text| package_version(&text))
    };
    if installed().as_deref() == Some(PLAYWRIGHT_VERSION) {
        println!(
            "ok: playwright-core {PLAYWRIGHT_VERSION} ({})",
            node_modules.display()
        );
        return Ok(node_modules);
    }
    println!(
        "playwright-core {PLAYWRIGHT_VERSION} is needed in {}, found: {}; installing from npm",
        node_modules.display(),
        installed().unwrap_or_else(|| "none".into())
    );
    if cmd::find_program("node").is_none() || cmd::find_program("npm").is_none() {
        return Err(Error::new(
            "node and npm are needed for the page tests; install Debian's `npm` package",
        ));
    }
    fs::create_dir_all(&prefix).context(|| format!("creating {}", prefix.display()))?;
    cmd::run(
        cmd::command("npm", root)
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(format!("playwright-core@{PLAYWRIGHT_VERSION}")),
    )?;
    match installed() {
        Some(v) if v == PLAYWRIGHT_VERSION => Ok(node_modules),
        found => Err(Error::new(format!(
            "npm installed playwright-core@{PLAYWRIGHT_VERSION} but {} says {}",
            manifest.display(),
            found.unwrap_or_else(|| "no version".into())
        ))),
    }
}

/// The top-level `"version"` of a package.json as npm writes it (two-space
/// indent, one key per line).
pub(crate) fn package_version(package_json: &str) -> Option<String> {
    package_json.lines().find_map(|line| {
        let rest = line.strip_prefix("  \"version\"")?.trim_start();
        let value = rest.strip_prefix(':')?.trim().trim_end_matches(',');
        Some(value.strip_prefix('"')?.strip_suffix('"')?.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::package_version;

    #[test]
    fn reads_the_top_level_version() {
        let json = r#"{
  "name": "playwright-core",
  "engines": {
    "version": "nested"
  },
  "version": "1.64.1",
  "main": "index.js"
}"#;
        assert_eq!(package_version(json).as_deref(), Some("1.64.1"));
        assert_eq!(
            package_version("{\n  \"version\": \"2.0.0\"\n}").as_deref(),
            Some("2.0.0")
        );
        assert_eq!(package_version("{}"), None);
    }
}
