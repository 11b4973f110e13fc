//! Idempotent installation of the tools the tasks need.
//!
//! Each `ensure_*` function first checks whether the tool is already there at
//! the right version, prints `ok: ...` and does nothing if so; otherwise it
//! installs it (rustup, `cargo install`, npm or apt-get) and checks again.

use std::fs;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use crate::cmd::{self, Context, Error, Result};

/// The wasm target triple.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The binaryen release from npm that provides `wasm-opt`; Debian's binaryen
/// and the `wasm-opt` crate are too old for current wasm-bindgen output.
const BINARYEN_VERSION: &str = "132.0.0";
/// esbuild from npm minifies the shipped JavaScript and CSS.
const ESBUILD_VERSION: &str = "0.25.0";

/// The npm `playwright-core` release the page tests and the benchmark drive
/// Chromium with (both from `target/tools/playwright`).
pub const PLAYWRIGHT: NpmPackage = NpmPackage {
    name: "playwright-core",
    version: "1.64.1",
};

/// The page tests' runner, Playwright Test, at playwright-core's version
/// (from `target/tools/playwright-test`; it drives Debian's Chromium and
/// never downloads a browser).
pub const PLAYWRIGHT_TEST: NpmPackage = NpmPackage {
    name: "@playwright/test",
    version: "1.64.1",
};

/// The accessibility rule engine the page tests run in every view.
pub const AXE: NpmPackage = NpmPackage {
    name: "axe-core",
    version: "4.14.1",
};

/// Zopfli (compiled to WebAssembly, from npm) writes `dist/`'s `.gz`
/// copies: a deflate encoder that searches much harder than `gzip -9` for
/// the same format, so any gzip reader takes them (4% smaller for the
/// module, docs/performance.md).
pub const ZOPFLI: NpmPackage = NpmPackage {
    name: "@gfx/zopfli",
    version: "1.0.15",
};

/// What the browser tests need from Debian.
const BROWSER_PACKAGES: [&str; 3] = ["chromium", "chromium-driver", "fonts-noto-cjk"];
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Adds the wasm32 rustup target unless `rustup target list --installed`
/// already lists it.
pub fn ensure_wasm_target(root: &Path) -> Result<()> {
    let installed =
        cmd::probe(cmd::command("rustup", root).args(["target", "list", "--installed"]));
    if installed.is_some_and(|list| list.lines().any(|l| l.trim() == WASM_TARGET)) {
        println!("ok: rustup target {WASM_TARGET} is installed");
        return Ok(());
    }
    println!("rustup target {WASM_TARGET} is missing; adding it");
    cmd::run(cmd::command("rustup", root).args(["target", "add", WASM_TARGET]))
}

/// Adds the rustfmt and clippy rustup components when `cargo fmt` or
/// `cargo clippy` is missing.
pub fn ensure_fmt_and_clippy(root: &Path) -> Result<()> {
    let has = |sub: &str| cmd::probe(cmd::cargo(root).args([sub, "--version"])).is_some();
    if has("fmt") && has("clippy") {
        println!("ok: cargo fmt and cargo clippy are installed");
        return Ok(());
    }
    println!("cargo fmt or cargo clippy is missing; adding the rustup components");
    cmd::run(cmd::command("rustup", root).args(["component", "add", "rustfmt", "clippy"]))
}

/// The version of the `wasm-bindgen` package in `Cargo.lock`: the `version`
/// line of the `[[package]]` entry whose name is exactly `wasm-bindgen`.
pub fn locked_wasm_bindgen_version(root: &Path) -> Result<String> {
    let path = root.join("Cargo.lock");
    let text = fs::read_to_string(&path).context(|| format!("reading {}", path.display()))?;
    parse_locked_version(&text, "wasm-bindgen").ok_or_else(|| {
        Error::new(format!(
            "no `wasm-bindgen` package in {} (run `cargo generate-lockfile`?)",
            path.display()
        ))
    })
}

fn parse_locked_version(lock: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line != name_line {
            continue;
        }
        for line in lines.by_ref() {
            if line.starts_with("[[") || line.is_empty() {
                break;
            }
            if let Some(rest) = line.strip_prefix("version = \"") {
                return rest.strip_suffix('"').map(str::to_string);
            }
        }
    }
    None
}

/// The installed `wasm-bindgen` and `wasm-bindgen-test-runner`.
pub struct WasmBindgen {
    pub bindgen: PathBuf,
    pub test_runner: PathBuf,
}

/// Makes sure wasm-bindgen-cli is installed at exactly the version locked in
/// `Cargo.lock`. Waits for a `cargo install wasm-bindgen-cli` already running
/// on this machine instead of starting a second one. Installs without
/// `--locked`: the CLI's own lock file does not build here.
pub fn ensure_wasm_bindgen(root: &Path) -> Result<WasmBindgen> {
    let want = locked_wasm_bindgen_version(root)?;
    let mut installed_once = false;
    loop {
        let found = installed_wasm_bindgen();
        let runner = cmd::find_program("wasm-bindgen-test-runner");
        match (&found, runner) {
            (Some((bindgen, version)), Some(test_runner)) if *version == want => {
                println!("ok: wasm-bindgen {want} ({})", bindgen.display());
                return Ok(WasmBindgen {
                    bindgen: bindgen.clone(),
                    test_runner,
                });
            }
            _ => {}
        }
        if let Some(pid) = running_cargo_install("wasm-bindgen-cli") {
            wait_for_process(pid, "cargo install wasm-bindgen-cli")?;
            continue;
        }
        if installed_once {
            return Err(Error::new(format!(
                "wasm-bindgen-cli {want} was installed but `wasm-bindgen --version` does not \
                 report it or wasm-bindgen-test-runner is missing (found: {}); is another \
                 wasm-bindgen earlier on PATH?",
                describe(&found)
            )));
        }
        println!(
            "wasm-bindgen {want} is needed (Cargo.lock), found: {}; installing",
            describe(&found)
        );
        let mut install = cmd::cargo(root);
        install.args(["install", "wasm-bindgen-cli", "--version", &want]);
        if found.as_ref().is_some_and(|(_, version)| *version == want) {
            // Right version but no wasm-bindgen-test-runner: reinstall.
            install.arg("--force");
        }
        cmd::run(&mut install)?;
        installed_once = true;
    }
}

fn describe(found: &Option<(PathBuf, String)>) -> String {
    match found {
        Some((path, version)) => format!("{version} at {}", path.display()),
        None => "none".to_string(),
    }
}

/// `wasm-bindgen`'s path and version (from `wasm-bindgen 0.2.130`).
fn installed_wasm_bindgen() -> Option<(PathBuf, String)> {
    let path = cmd::find_program("wasm-bindgen")?;
    let out = cmd::probe(std::process::Command::new(&path).arg("--version"))?;
    let version = out.split_whitespace().nth(1)?.to_string();
    Some((path, version))
}

/// The pid of a running `cargo install <krate>` other than ourselves (Linux
/// `/proc`; elsewhere always `None`).
fn running_cargo_install(krate: &str) -> Option<u32> {
    let me = std::process::id();
    let entries = fs::read_dir("/proc").ok()?;
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        let Ok(raw) = fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let args: Vec<String> = raw
            .split(|&b| b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        let is_cargo = args
            .first()
            .is_some_and(|a| a == "cargo" || a.ends_with("/cargo"));
        let installs = args.iter().any(|a| a == "install");
        let names_it = args.iter().any(|a| a == krate);
        if is_cargo && installs && names_it {
            return Some(pid);
        }
    }
    None
}

/// Polls until process `pid` is gone (at most 45 minutes).
fn wait_for_process(pid: u32, what: &str) -> Result<()> {
    let start = Instant::now();
    let limit = Duration::from_secs(45 * 60);
    println!("`{what}` is already running (pid {pid}); waiting for it to finish");
    let mut last_note = Instant::now();
    while process_alive(pid) {
        if start.elapsed() > limit {
            return Err(Error::new(format!(
                "gave up after {} min waiting for `{what}` (pid {pid})",
                limit.as_secs() / 60
            )));
        }
        if last_note.elapsed() > Duration::from_secs(60) {
            println!(
                "  still waiting for `{what}` (pid {pid}, {} s)",
                start.elapsed().as_secs()
            );
            last_note = Instant::now();
        }
        thread::sleep(Duration::from_secs(2));
    }
    println!("`{what}` (pid {pid}) finished");
    Ok(())
}

/// Whether `pid` still runs (exists and is not a zombie), from `/proc`.
fn process_alive(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // `pid (comm) state ...`; comm may itself contain `)`.
    let state = stat
        .rfind(')')
        .and_then(|i| stat[i + 1..].split_whitespace().next());
    !matches!(state, Some("Z" | "X") | None)
}

/// Installs binaryen from npm into `target/tools/binaryen` unless its
/// `wasm-opt` is already there at the right version; returns its path.
pub fn ensure_wasm_opt(root: &Path) -> Result<PathBuf> {
    let major = BINARYEN_VERSION
        .split('.')
        .next()
        .unwrap_or(BINARYEN_VERSION);
    ensure_npm_tool(root, "binaryen", BINARYEN_VERSION, "wasm-opt", &|version| {
        version.contains(&format!("version {major}"))
    })
}

/// esbuild (npm, pinned) for minifying `dist/`'s scripts and stylesheets:
/// installed into target/tools/esbuild when missing or another version.
pub fn ensure_esbuild(root: &Path) -> Result<PathBuf> {
    ensure_npm_tool(root, "esbuild", ESBUILD_VERSION, "esbuild", &|version| {
        version.trim() == ESBUILD_VERSION
    })
}

/// Installs `package@version` from npm into `target/tools/PACKAGE` unless
/// its program `bin` is already there and `is_right` accepts what its
/// `--version` prints; returns the program's path.
fn ensure_npm_tool(
    root: &Path,
    package: &str,
    version: &str,
    bin: &str,
    is_right: &dyn Fn(&str) -> bool,
) -> Result<PathBuf> {
    let prefix = cmd::target_dir(root).join("tools").join(package);
    let program = prefix.join("node_modules").join(".bin").join(bin);
    let works = |p: &Path| {
        p.is_file()
            && cmd::probe(std::process::Command::new(p).arg("--version"))
                .is_some_and(|v| is_right(&v))
    };
    if works(&program) {
        println!("ok: {bin} from {package}@{version} ({})", program.display());
        return Ok(program);
    }
    println!(
        "{bin} is missing at {} or not the right version; installing {package}@{version} from npm",
        program.display()
    );
    if cmd::find_program("npm").is_none() {
        println!("npm is missing (needed for {package})");
        apt_install(&["npm"])?;
    }
    fs::create_dir_all(&prefix).context(|| format!("creating {}", prefix.display()))?;
    cmd::run(
        cmd::command("npm", root)
            .arg("i")
            .arg("--prefix")
            .arg(&prefix)
            .arg(format!("{package}@{version}")),
    )?;
    if works(&program) {
        Ok(program)
    } else {
        Err(Error::new(format!(
            "npm installed {package}@{version} but {} is missing or not that version",
            program.display()
        )))
    }
}

/// An npm package at an exact version.
#[derive(Clone, Copy)]
pub struct NpmPackage {
    /// Its npm name.
    pub name: &'static str,
    /// An exact version.
    pub version: &'static str,
}

/// Installs `packages` from npm into `prefix` (`npm install --prefix`)
/// unless each is already there at its exact version; returns the
/// `node_modules` folder.
pub fn ensure_npm_packages(root: &Path, prefix: &Path, packages: &[NpmPackage]) -> Result<PathBuf> {
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
            "node and npm are needed for the npm packages of the page tests and the benchmark; install Debian's `npm` package",
        ));
    }
    fs::create_dir_all(prefix).context(|| format!("creating {}", prefix.display()))?;
    cmd::run(
        cmd::command("npm", root)
            // Playwright's packages never fetch a browser: Debian's is used.
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
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

/// The top-level `"version"` of a package.json as npm writes it (two-space
/// indent, one key per line).
pub(crate) fn package_version(package_json: &str) -> Option<String> {
    package_json.lines().find_map(|line| {
        let rest = line.strip_prefix("  \"version\"")?.trim_start();
        let value = rest.strip_prefix(':')?.trim().trim_end_matches(',');
        Some(value.strip_prefix('"')?.strip_suffix('"')?.to_string())
    })
}

/// Makes sure Chromium, chromedriver and a CJK font (for the charts' labels)
/// are installed, from Debian's packages.
pub fn ensure_browser() -> Result<()> {
    let missing = missing_browser_parts();
    if missing.is_empty() {
        println!("ok: {CHROMIUM}, {CHROMEDRIVER} and the Noto Sans CJK fonts are installed");
        return Ok(());
    }
    println!("missing for the browser tests: {}", missing.join(", "));
    apt_install(&BROWSER_PACKAGES)?;
    let missing = missing_browser_parts();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::new(format!(
            "still missing after installing {}: {}",
            BROWSER_PACKAGES.join(" "),
            missing.join(", ")
        )))
    }
}

fn missing_browser_parts() -> Vec<&'static str> {
    let mut missing = Vec::new();
    if !Path::new(CHROMIUM).is_file() {
        missing.push(CHROMIUM);
    }
    if !Path::new(CHROMEDRIVER).is_file() {
        missing.push(CHROMEDRIVER);
    }
    let fonts = cmd::probe(&mut std::process::Command::new("fc-list")).unwrap_or_default();
    if !fonts.to_lowercase().contains("noto sans cjk") {
        missing.push("fonts-noto-cjk (fc-list finds no \"Noto Sans CJK\")");
    }
    missing
}

/// `apt-get update` + `apt-get install -y PACKAGES` when running as root;
/// otherwise an error that gives the command to run.
fn apt_install(packages: &[&str]) -> Result<()> {
    let list = packages.join(" ");
    if !is_root() {
        return Err(Error::new(format!(
            "not running as root, so not installing packages; run:\n  \
             sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y {list}"
        )));
    }
    let here = Path::new("/");
    cmd::run(
        cmd::command("apt-get", here)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .arg("update"),
    )?;
    cmd::run(
        cmd::command("apt-get", here)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y"])
            .args(packages),
    )
}

fn is_root() -> bool {
    cmd::probe(std::process::Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

#[cfg(test)]
mod tests {
    use super::{package_version, parse_locked_version};

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen-futures"
version = "0.4.80"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.999"
"#;

    #[test]
    fn finds_the_exact_package() {
        assert_eq!(
            parse_locked_version(LOCK, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            parse_locked_version(LOCK, "wasm-bindgen-futures").as_deref(),
            Some("0.4.80")
        );
        assert_eq!(parse_locked_version(LOCK, "wasm"), None);
    }

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
