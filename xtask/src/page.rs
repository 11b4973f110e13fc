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
use crate::package;
use crate::server;
use crate::tools;

/// The test script, relative to the repository root.
const SCRIPT: &str = "tests/page/run.mjs";

/// Runs the page tests (see the module docs).
pub fn page_tests(root: &Path) -> Result<()> {
    let dist_dir = prepare(root, SCRIPT)?;
    let node_modules = tools::ensure_npm_packages(
        root,
        &cmd::target_dir(root).join("tools").join("playwright"),
        &[tools::PLAYWRIGHT, tools::AXE],
    )?;
    let screenshots = cmd::target_dir(root).join("screenshots");
    fs::create_dir_all(&screenshots).context(|| format!("creating {}", screenshots.display()))?;

    // The npm package, which a test installs and embeds.
    let packed = package::package(root, &dist_dir)?;
    let server =
        server::serve(&dist_dir, 0).context(|| format!("serving {}", dist_dir.display()))?;
    println!("serving {} on {}", dist_dir.display(), server.url());
    let result = cmd::run(
        cmd::command("node", root)
            .env("BASE_URL", server.url())
            .env("PACKAGE_TARBALL", &packed)
            .env("SCREENSHOT_DIR", &screenshots)
            .env("NODE_PATH", &node_modules)
            .arg(SCRIPT),
    );
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
