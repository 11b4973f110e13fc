//! `cargo xtask bench`: sizes and timings of the release bundle in headless
//! Chromium, beside two peer chart libraries. Not part of `cargo xtask test`.
//!
//! Steps: make sure Chromium is there ([`tools::ensure_browser`]), build
//! `dist/` ([`dist::dist`]), install into `target/tools/` what the script
//! needs (npm's `playwright-core` at the page tests' version into
//! `target/tools/playwright`, and the peers `echarts` and `chart.js` at
//! pinned versions into `target/tools/peers`), make sure the command-line
//! validator `target/debug/budget-compare` exists (built with `cargo build
//! --bin budget-compare` when it is missing), serve `dist/` on a free port
//! with [`server::serve`] and run `node tests/bench/run.mjs` against it.
//!
//! The script gets `BASE_URL`, `NODE_PATH` (playwright-core), `PEERS` (the
//! peers' `node_modules`), `REPORT` (`target/bench/report.json`), `DIST_DIR`
//! and `VALIDATOR`. It writes a synthetic data set into `dist/bench-data/`,
//! its own pages into `dist/bench/` and the peer pages into
//! `dist/bench-peers/` (all gone at the next `cargo xtask dist`), prints the
//! table and writes the JSON report with every figure, plus screenshots and
//! two Chromium traces, into `target/bench/`; it exits non-zero when it
//! could not measure something.

use crate::page::package_version;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::cmd::{self, Context, Error, Result};
use crate::dist;
use crate::server;
use crate::tools;

/// The npm `playwright-core` release; the same as the page tests'
/// (`page.rs`), so both share `target/tools/playwright`.
const PLAYWRIGHT: NpmPackage = NpmPackage {
    name: "playwright-core",
    version: "1.64.1",
};

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

/// The benchmark script, relative to the repository root.
const SCRIPT: &str = "tests/bench/run.mjs";

/// An npm package at an exact version.
#[derive(Clone, Copy)]
struct NpmPackage {
    name: &'static str,
    version: &'static str,
}

/// Runs the benchmark (see the module docs).
pub fn bench(root: &Path) -> Result<()> {
    let script = root.join(SCRIPT);
    if !script.is_file() {
        return Err(Error::new(format!("{} is missing", script.display())));
    }
    tools::ensure_browser()?;
    // `dist` also makes sure npm (and so node) is there, for wasm-opt.
    let dist_dir = dist::dist()?;
    println!("== xtask bench: checking tools");
    let tools_dir = cmd::target_dir(root).join("tools");
    let playwright = ensure_npm_packages(root, &tools_dir.join("playwright"), &[PLAYWRIGHT])?;
    let peers = ensure_npm_packages(root, &tools_dir.join("peers"), &PEERS)?;
    let validator = ensure_validator(root)?;

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

/// Installs `packages` from npm into `prefix` (`npm install --prefix`)
/// unless each is already there at its exact version; returns the
/// `node_modules` folder.
fn ensure_npm_packages(root: &Path, prefix: &Path, packages: &[NpmPackage]) -> Result<PathBuf> {
    let node_modules = prefix.join("node_modules");
    let installed = |p: &NpmPackage| {
        let manifest = node_modules.join(p.name).join("package.json");
        fs::read_to_string(manifest)
            .ok()
            .and_then(|text| package_version(&text))
    };
    let wanted: Vec<String> = packages
        .iter()
        .map(|p| format!("{}@{}", p.name, p.version))
        .collect();
    let missing: Vec<String> = packages
        .iter()
        .filter(|p| installed(p).as_deref() != Some(p.version))
        .map(|p| {
            format!(
                "{}@{} (found: {})",
                p.name,
                p.version,
                installed(p).unwrap_or_else(|| "none".into())
            )
        })
        .collect();
    if missing.is_empty() {
        println!("ok: {} ({})", wanted.join(", "), node_modules.display());
        return Ok(node_modules);
    }
    println!(
        "needed in {}: {}; installing from npm",
        node_modules.display(),
        missing.join(", ")
    );
    if cmd::find_program("node").is_none() || cmd::find_program("npm").is_none() {
        return Err(Error::new(
            "node and npm are needed for the benchmark; install Debian's `npm` package",
        ));
    }
    fs::create_dir_all(prefix).context(|| format!("creating {}", prefix.display()))?;
    cmd::run(
        cmd::command("npm", root)
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--save-exact",
                "--prefix",
            ])
            .arg(prefix)
            .args(&wanted),
    )?;
    for p in packages {
        let found = installed(p);
        if found.as_deref() != Some(p.version) {
            return Err(Error::new(format!(
                "npm installed {}@{} but {} says {}",
                p.name,
                p.version,
                node_modules.join(p.name).join("package.json").display(),
                found.unwrap_or_else(|| "no version".into())
            )));
        }
    }
    Ok(node_modules)
}

/// `target/debug/budget-compare`, built when it is missing (the benchmark
/// validates its synthetic data set with it).
fn ensure_validator(root: &Path) -> Result<PathBuf> {
    let name = format!("budget-compare{}", std::env::consts::EXE_SUFFIX);
    let path = cmd::target_dir(root).join("debug").join(name);
    if path.is_file() {
        println!("ok: {}", path.display());
        return Ok(path);
    }
    println!("{} is missing; building it", path.display());
    cmd::run(cmd::cargo(root).args(["build", "--bin", "budget-compare"]))?;
    if path.is_file() {
        Ok(path)
    } else {
        Err(Error::new(format!(
            "`cargo build --bin budget-compare` did not produce {}",
            path.display()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::{PEERS, PLAYWRIGHT};
    use crate::page::package_version;

    #[test]
    fn reads_the_top_level_version() {
        let json = "{\n  \"name\": \"chart.js\",\n  \"engines\": {\n    \"version\": \"x\"\n  },\n  \"version\": \"4.6.1\",\n}";
        assert_eq!(package_version(json).as_deref(), Some("4.6.1"));
        assert_eq!(package_version("{}"), None);
    }

    #[test]
    fn versions_are_exact() {
        for p in PEERS.iter().chain([&PLAYWRIGHT]) {
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
