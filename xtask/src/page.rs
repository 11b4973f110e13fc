//! `cargo xtask test`'s page tests: the release bundle in a real browser.
//!
//! Builds `dist/` (as `cargo xtask dist`) and the npm package, serves `dist/`
//! on a free port with [`server::serve`], and runs Playwright Test
//! (`tests/playwright/`, one spec file per area) against it in Debian's
//! Chromium (never `playwright install`: it would download a browser of its
//! own). Screenshots of every view × language × width go to
//! `target/screenshots/`; a failed test's trace and screenshot to
//! `target/playwright/test-results/`, the HTML report to
//! `target/playwright/html-report/`.
//!
//! The runner gets `BASE_URL` (the server), `PACKAGE_TARBALL`,
//! `SCREENSHOT_DIR` and `NODE_PATH` (the `node_modules` holding
//! @playwright/test and axe-core, installed under
//! `target/tools/playwright-test`). It exits non-zero on any failure, which
//! fails the step.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cmd::{self, Context, Error, Result};
use crate::dist;
use crate::package;
use crate::server;
use crate::tools;

/// The Playwright Test configuration, relative to the repository root.
const CONFIG: &str = "tests/playwright/playwright.config.mjs";

/// Runs the page tests (see the module docs); `filter`: only the tests
/// whose title matches it (Playwright's `--grep`).
pub fn page_tests(root: &Path, filter: Option<&str>) -> Result<()> {
    let dist_dir = prepare(root, CONFIG)?;
    let node_modules = tools::ensure_npm_packages(
        root,
        &cmd::target_dir(root).join("tools").join("playwright-test"),
        &[tools::PLAYWRIGHT_TEST, tools::AXE],
    )?;
    let screenshots = cmd::target_dir(root).join("screenshots");
    fs::create_dir_all(&screenshots).context(|| format!("creating {}", screenshots.display()))?;

    // The npm package, which a test installs and embeds.
    let packed = package::package(root, &dist_dir)?;
    let server =
        server::serve(&dist_dir, 0).context(|| format!("serving {}", dist_dir.display()))?;
    println!("serving {} on {}", dist_dir.display(), server.url());
    // The command-line tool, which checks what the import test downloads.
    let cli = crate::dist::build_cli(root)?;
    let mut runner = cmd::command(node_modules.join(".bin").join("playwright"), root);
    runner
        .env("BASE_URL", server.url())
        .env("BUDGET_COMPARE_CLI", &cli)
        .env("PACKAGE_TARBALL", &packed)
        .env("SCREENSHOT_DIR", &screenshots)
        .env("NODE_PATH", &node_modules)
        .args(["test", "-c", CONFIG]);
    if let Some(filter) = filter {
        runner.args(["--grep", filter]);
    }
    let result = cmd::run(&mut runner);
    drop(server);
    println!("screenshots: {}", screenshots.display());
    result
}

/// What a script that drives Chromium over `dist/` needs first (the page
/// tests, the benchmark): checks that `script` (relative to `root`) is there,
/// installs the browser when missing and builds `dist/`; returns `dist/`.
pub fn prepare(root: &Path, script: &str) -> Result<PathBuf> {
    let path = root.join(script);
    if !path.is_file() {
        return Err(Error::new(format!("{} is missing", path.display())));
    }
    tools::ensure_browser()?;
    // `dist` also makes sure npm (and so node) is there, for wasm-opt.
    dist::dist()
}
