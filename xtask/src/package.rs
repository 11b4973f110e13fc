//! `cargo xtask package`: what a newsroom or a government web team installs
//! instead of building from source.
//!
//! From `dist/` (built first, as `cargo xtask dist`) it makes, in
//! `target/package/`:
//! - `budget-compare/`, an npm package: the loader (`budget-compare.js`, its
//!   `exports` entry), the module and its glue (`pkg/`), the lazily loaded
//!   modules (`pkg-extras/`, `pkg-import/`), the stylesheet, the
//!   iframe page and its script, the JSON Schemas (`schema/`) and the bundled
//!   data set as an example (`data/`), with a `package.json` whose version is
//!   `Cargo.toml`'s, and the README with the docs/ it links to;
//! - `budget-compare-VERSION.tgz`, that package packed by `npm pack` (no
//!   dependencies, no scripts: it needs no network);
//! - `budget-compare-VERSION-dist.tar.gz`, the release archive: all of
//!   `dist/` (the demo pages too), for a site that serves the files as they
//!   are.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cmd::{self, Context, Error, Result};
use crate::dist;

/// What goes into the npm package, relative to `dist/`.
const FILES: [&str; 10] = [
    "budget-compare.js",
    "budget-compare.css",
    "budget-compare-frame.js",
    "embed.html",
    "embed.css",
    "pkg",
    "pkg-extras",
    "pkg-import",
    "schema",
    "data",
];

/// What goes into the npm package from the repository itself: the README
/// and the docs it links to.
const FROM_REPO: [&str; 2] = ["README.md", "docs"];

/// The package's name on npm.
const NAME: &str = "budget-compare";

/// The crate's version, from `Cargo.toml`'s `[package]` table.
fn version(root: &Path) -> Result<String> {
    let manifest = root.join("Cargo.toml");
    let text =
        fs::read_to_string(&manifest).context(|| format!("reading {}", manifest.display()))?;
    text.lines()
        .skip_while(|l| l.trim() != "[package]")
        .find_map(|l| {
            let (key, value) = l.split_once('=')?;
            (key.trim() == "version").then(|| value.trim().trim_matches('"').to_owned())
        })
        .ok_or_else(|| Error::new(format!("{}: no version in [package]", manifest.display())))
}

/// `package.json`: an ES module package whose entry is the loader.
fn package_json(version: &str) -> String {
    let files: Vec<String> = FILES
        .iter()
        .map(|f| format!("\"{f}\""))
        .chain(FROM_REPO.iter().map(|f| format!("\"{f}\"")))
        .collect();
    format!(
        r#"{{
  "name": "{NAME}",
  "version": "{version}",
  "description": "Compare the Labor Bureau budgets and plans of Taichung and Kaohsiung: an embeddable WebAssembly widget",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "main": "./budget-compare.js",
  "exports": {{
    ".": "./budget-compare.js",
    "./budget-compare.css": "./budget-compare.css",
    "./frame": "./budget-compare-frame.js",
    "./embed.html": "./embed.html",
    "./pkg/*": "./pkg/*",
    "./pkg-extras/*": "./pkg-extras/*",
    "./pkg-import/*": "./pkg-import/*",
    "./schema/*": "./schema/*",
    "./data/*": "./data/*",
    "./package.json": "./package.json"
  }},
  "files": [{}],
  "sideEffects": ["./budget-compare.js", "./budget-compare-frame.js", "*.css"],
  "keywords": ["budget", "taiwan", "taichung", "kaohsiung", "webassembly", "chart", "widget"]
}}
"#,
        files.join(", ")
    )
}

/// Copies a file, or a folder with everything under it.
fn copy(from: &Path, to: &Path) -> Result<()> {
    if from.is_dir() {
        dist::copy_tree(from, to).map(|_| ())
    } else {
        fs::copy(from, to)
            .map(|_| ())
            .context(|| format!("copying {} to {}", from.display(), to.display()))
    }
}

/// Removes every `.gz` and `.br` file under `dir`.
fn remove_precompressed(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir).context(|| format!("reading {}", dir.display()))? {
        let path = entry
            .context(|| format!("reading {}", dir.display()))?
            .path();
        if path.is_dir() {
            remove_precompressed(&path)?;
        } else if path.extension().is_some_and(|e| e == "gz" || e == "br") {
            fs::remove_file(&path).context(|| format!("removing {}", path.display()))?;
        }
    }
    Ok(())
}

/// Makes the package and the archive from a built `dist/` (see the module
/// docs); returns the packed package.
pub fn package(root: &Path, dist: &Path) -> Result<PathBuf> {
    let version = version(root)?;
    let out = cmd::target_dir(root).join("package");
    let dir = out.join(NAME);
    if out.exists() {
        fs::remove_dir_all(&out).context(|| format!("removing {}", out.display()))?;
    }
    fs::create_dir_all(&dir).context(|| format!("creating {}", dir.display()))?;
    println!("== xtask package: {NAME}@{version} -> {}", dir.display());
    for file in FILES {
        copy(&dist.join(file), &dir.join(file))?;
    }
    for file in FROM_REPO {
        copy(&root.join(file), &dir.join(file))?;
    }
    // dist/'s precompressed copies stay out of the npm package (a CDN
    // compresses as it serves; they would make it five times larger); the
    // release archive keeps them.
    remove_precompressed(&dir)?;
    fs::write(dir.join("package.json"), package_json(&version))
        .context(|| format!("writing {}", dir.join("package.json").display()))?;
    cmd::run(
        cmd::command("npm", &dir)
            .args(["pack", "--offline", "--pack-destination"])
            .arg(&out),
    )?;
    let tarball = out.join(format!("{NAME}-{version}.tgz"));
    let archive = out.join(format!("{NAME}-{version}-dist.tar.gz"));
    cmd::run(
        cmd::command("tar", root)
            .arg("-czf")
            .arg(&archive)
            .arg("-C")
            .arg(dist)
            .arg("."),
    )?;
    for file in [&tarball, &archive] {
        let size = fs::metadata(file)
            .context(|| format!("{} was not made", file.display()))?
            .len();
        println!(
            "{}: {size} bytes ({:.1} KB)",
            file.display(),
            size as f64 / 1024.0
        );
    }
    Ok(tarball)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_json_names_the_version_and_every_file() {
        let json = package_json("1.2.3");
        assert!(json.contains(r#""version": "1.2.3""#));
        assert!(json.contains(r#""files": ["budget-compare.js", "budget-compare.css", "budget-compare-frame.js", "embed.html", "embed.css", "pkg", "pkg-extras", "pkg-import", "schema", "data", "README.md", "docs"]"#));
        assert!(json.contains(r#"".": "./budget-compare.js""#));
    }

    #[test]
    fn the_version_is_cargos() -> Result<()> {
        let v = version(&cmd::repo_root())?;
        assert!(
            v.split('.').count() == 3 && v.chars().all(|c| c.is_ascii_digit() || c == '.'),
            "{v}"
        );
        Ok(())
    }
}
