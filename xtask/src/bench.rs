//! `cargo xtask bench`: sizes and timings of the release bundle in headless
//! Chromium, beside two peer chart libraries. Not part of `cargo xtask test`.
//!
//! Steps: make sure Chromium is there and build `dist/`, as the page tests
//! do ([`page::prepare`]), install into `target/tools/` what the script
//! needs ([`ensure_npm_packages`]: npm's `playwright-core` at the page
//! tests' version into `target/tools/playwright`, and the peers `echarts`
//! and `chart.js` at pinned versions into `target/tools/peers`, and
//! Lighthouse into `target/tools/lighthouse`), take the
//! command-line validator `target/debug/budget-compare` (which `dist`
//! builds, [`dist::build_cli`]), serve `dist/` on a free port
//! with [`server::serve`] and run `node tests/bench/run.mjs` against it.
//!
//! The script gets `BASE_URL`, `NODE_PATH` (playwright-core), `PEERS` (the
//! peers' `node_modules`), `LIGHTHOUSE` (Lighthouse's), `REPORT` (`target/bench/report.json`), `DIST_DIR`
//! and `VALIDATOR`. It writes a synthetic data set into `dist/bench-data/`,
//! its own pages into `dist/bench/` and the peer pages into
//! `dist/bench-peers/` (all gone at the next `cargo xtask dist`), prints the
//! table and writes the JSON report with every figure, plus screenshots and
//! two Chromium traces, into `target/bench/`; it exits non-zero when it
//! could not measure something.

use std::fs;
use std::path::Path;
use std::time::SystemTime;

use crate::cmd::{self, Context, Error, Result};
use crate::dist;
use crate::page;
use crate::server;
use crate::tools::{ensure_npm_packages, NpmPackage, PLAYWRIGHT};

/// The peer chart libraries, at exact versions.
const PEERS: [NpmPackage; 2] = [
    NpmPackage {
        name: "echarts",
        version: "6.1.0",
    },
    NpmPackage {
        name: "chart.js",
        version: "4.6.1",
    },
];

/// Lighthouse, for the host article page and the demo page (its Node API,
/// against the bench's own headless Chromium; nothing leaves the machine).
/// 12.x: 13 needs Node 22.19, the machines have Node 20.
const LIGHTHOUSE: NpmPackage = NpmPackage {
    name: "lighthouse",
    version: "12.8.2",
};

/// The benchmark script, relative to the repository root.
const SCRIPT: &str = "tests/bench/run.mjs";

/// Runs the benchmark (see the module docs).
pub fn bench(root: &Path) -> Result<()> {
    let dist_dir = page::prepare(root, SCRIPT)?;
    println!("== xtask bench: checking tools");
    let tools_dir = cmd::target_dir(root).join("tools");
    let playwright = ensure_npm_packages(root, &tools_dir.join("playwright"), &[PLAYWRIGHT])?;
    let peers = ensure_npm_packages(root, &tools_dir.join("peers"), &PEERS)?;
    let lighthouse = ensure_npm_packages(root, &tools_dir.join("lighthouse"), &[LIGHTHOUSE])?;
    // Built by `dist` for the prerendered pages; a no-op build here.
    let validator = dist::build_cli(root)?;

    let out = cmd::target_dir(root).join("bench");
    fs::create_dir_all(&out).context(|| format!("creating {}", out.display()))?;
    let report = out.join("report.json");

    let server =
        server::serve(&dist_dir, 0).context(|| format!("serving {}", dist_dir.display()))?;
    println!(
        "== xtask bench: serving {} on {}",
        dist_dir.display(),
        server.url()
    );
    let started = SystemTime::now();
    let result = cmd::run(
        cmd::command("node", root)
            .env("BASE_URL", server.url())
            .env("NODE_PATH", &playwright)
            .env("PEERS", &peers)
            .env("LIGHTHOUSE", &lighthouse)
            .env("REPORT", &report)
            .env("DIST_DIR", &dist_dir)
            .env("VALIDATOR", &validator)
            .arg(SCRIPT),
    );
    drop(server);
    result?;
    let fresh = fs::metadata(&report)
        .and_then(|m| m.modified())
        .is_ok_and(|modified| modified >= started);
    if !fresh {
        return Err(Error::new(format!(
            "{SCRIPT} finished but did not write {}",
            report.display()
        )));
    }
    println!("xtask bench: done, report in {}", report.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{LIGHTHOUSE, PEERS, PLAYWRIGHT};

    #[test]
    fn versions_are_exact() {
        for p in PEERS.iter().chain([&PLAYWRIGHT, &LIGHTHOUSE]) {
            assert!(
                p.version.split('.').count() == 3
                    && p.version.chars().all(|c| c.is_ascii_digit() || c == '.'),
                "{}@{} is not an exact version",
                p.name,
                p.version
            );
        }
    }
}
