//! `cargo xtask dist`: the release build of the widget into `dist/`.
//!
//! Steps: make sure the tools are there (wasm32 target, wasm-bindgen-cli at the
//! locked version, binaryen's wasm-opt from npm), remove the old `dist/`, build
//! the library for wasm32 in release mode, run `wasm-bindgen --target web` into
//! `dist/pkg`, shrink the module with `wasm-opt -Oz --converge --low-memory-unused`, copy `www/` into `dist/`,
//! prerender the pages' default view and draw the share card with the
//! command-line tool ([`prerender`]), minify the scripts and stylesheets and
//! write precompressed copies (`.gz` by Zopfli, `.br`) beside each asset and
//! print the sizes of what a page downloads.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::cmd::{self, Context, Error, Result};
use crate::tools::{self, WASM_TARGET};

/// The library's crate name as it appears in file names.
const CRATE_FILE_NAME: &str = "budget_compare";

/// The lazily loaded module's name (`pkg-extras/`; the loader imports it).
const EXTRAS_FILE_NAME: &str = "budget_compare_extras";

/// The lazily loaded import module's name (`pkg-import/`: 加入年度 / Add a
/// year, with the spreadsheet readers; the loader imports it).
const IMPORT_FILE_NAME: &str = "budget_compare_import";

/// Size first (`-Oz`), repeated until nothing more shrinks (`--converge`),
/// assuming the low 1 KB of memory is unused (`--low-memory-unused`: Rust
/// puts its 1 MB stack at the bottom of memory, growing down, and its data
/// above; only a stack about to overflow would reach those addresses), which
/// lets wasm-opt fold constant offsets into loads and stores. A function
/// with one caller is inlined into it only when tiny (20 bytes): by default
/// wasm-opt inlines every such function, which built 9–18 KB functions (the
/// data loader's async steps with the whole validation inside) that V8
/// compiled again with its optimizing tier for 40–80 ms each, on one of the
/// two cores, while a large data set was loading. Kept apart, the module is
/// also about 20 KB smaller gzipped (docs/performance.md).
const WASM_OPT_FLAGS: [&str; 4] = [
    "-Oz",
    "--converge",
    "--low-memory-unused",
    "--one-caller-inline-max-function-size=20",
];

/// The wasm features current rustc enables for wasm32-unknown-unknown (they
/// are listed in the module's `target_features` section, which wasm-opt
/// also reads; given explicitly so wasm-opt never falls back to MVP).
const WASM_OPT_FEATURES: [&str; 8] = [
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-call-indirect-overlong",
    "--enable-multivalue",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
];

/// Runs the whole release build; returns the `dist/` directory.
pub fn dist() -> Result<PathBuf> {
    let root = cmd::repo_root();
    let dist = root.join("dist");
    let pkg = dist.join("pkg");
    let www = root.join("www");

    println!("== xtask dist: checking tools");
    tools::ensure_wasm_target(&root)?;
    let wasm_bindgen = tools::ensure_wasm_bindgen(&root)?;
    let wasm_opt = tools::ensure_wasm_opt(&root)?;
    let esbuild = tools::ensure_esbuild(&root)?;
    if !www.is_dir() {
        return Err(Error::new(format!(
            "{} is missing: nothing to put beside the wasm module",
            www.display()
        )));
    }

    println!("== xtask dist: removing {}", dist.display());
    match fs::remove_dir_all(&dist) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            return Err(Error::new(format!("removing {}: {e}", dist.display())))
        }
        _ => {}
    }

    let tools = (wasm_bindgen.bindgen.as_path(), wasm_opt.as_path());
    let module = build_module(&root, tools, None, &pkg, CRATE_FILE_NAME)?;
    // The lazily loaded module: the same crate with the `extras` feature
    // (src/extras.rs instead of src/embed.rs), in a target directory of its
    // own so neither build undoes the other's.
    let extras = dist.join("pkg-extras");
    let extras_module = build_module(&root, tools, Some("extras"), &extras, EXTRAS_FILE_NAME)?;
    // The import module (feature `import`, src/importer.rs), the same way.
    let import = dist.join("pkg-import");
    let import_module = build_module(&root, tools, Some("import"), &import, IMPORT_FILE_NAME)?;

    println!(
        "== xtask dist: copying {} -> {}",
        www.display(),
        dist.display()
    );
    let copied = copy_tree(&www, &dist)?;
    println!("copied {copied} files");
    prerender(&root, &dist)?;

    // The readable sources stay in www/; what ships is minified.
    println!("== xtask dist: minifying scripts and stylesheets (esbuild)");
    let shipped: Vec<PathBuf> = list_files(&dist)?
        .into_iter()
        .filter(|p| matches!(extension(p).as_str(), "js" | "css"))
        .collect();
    for file in &shipped {
        let before = file_size(file)?;
        cmd::run(
            cmd::command(&esbuild, &root)
                .arg(file)
                .args(["--minify", "--allow-overwrite", "--log-level=warning"])
                .arg(format!("--outfile={}", file.display())),
        )?;
        println!("{}: {before} -> {} bytes", file.display(), file_size(file)?);
    }

    precompress(&root, &dist)?;

    println!(
        "== xtask dist: sizes (what a page downloads): gzip -9 as a server compressing on the fly \
         at its best sends it, .gz and .br the precompressed copies above"
    );
    let mut files = vec![module, pkg.join(format!("{CRATE_FILE_NAME}.js"))];
    files.extend(
        list_files(&dist)?
            .into_iter()
            .filter(|p| !p.starts_with(&pkg) && !p.starts_with(&extras) && !p.starts_with(&import))
            .filter(|p| matches!(extension(p).as_str(), "js" | "mjs" | "css")),
    );
    print_sizes(&dist, &files)?;
    println!(
        "== xtask dist: the lazily loaded module (Over time, Plans, Table, About, the exports: \
         fetched when the reader's pointer or focus comes to the tabs)"
    );
    let lazy = [extras_module, extras.join(format!("{EXTRAS_FILE_NAME}.js"))];
    print_sizes(&dist, &lazy)?;
    println!("== xtask dist: the lazily loaded import module (when a reader opens \"加入年度 / Add a year\")");
    let lazy = [import_module, import.join(format!("{IMPORT_FILE_NAME}.js"))];
    print_sizes(&dist, &lazy)?;
    println!("== xtask dist: the prerendered pages and the share card (beside the above)");
    let pages: Vec<PathBuf> = PRERENDERED
        .iter()
        .map(|p| dist.join(p))
        .chain([dist.join(SHARE_CARD)])
        .collect();
    print_sizes(&dist, &pages)?;
    println!("xtask dist: done, output in {}", dist.display());
    Ok(dist)
}

/// The kinds of file `dist/` keeps a gzip and a brotli copy of.
const COMPRESSED: [&str; 7] = ["wasm", "js", "mjs", "css", "json", "html", "svg"];

/// Writes `FILE.gz` (gzip format, by Zopfli, [`tools::ZOPFLI`]) and
/// `FILE.br` (brotli, quality 11, by node's zlib) beside every asset of
/// [`COMPRESSED`] kinds, for servers that send precompressed files (nginx
/// `gzip_static` / `brotli_static`, Caddy `precompressed`).
fn precompress(root: &Path, dist: &Path) -> Result<()> {
    println!("== xtask dist: precompressed copies (.gz by Zopfli, .br) beside each asset");
    let node_modules = tools::ensure_npm_packages(
        root,
        &cmd::target_dir(root).join("tools").join("zopfli"),
        &[tools::ZOPFLI],
    )?;
    let files: Vec<PathBuf> = list_files(dist)?
        .into_iter()
        .filter(|p| COMPRESSED.contains(&extension(p).as_str()))
        .collect();
    // One file at a time: Zopfli takes about 3 ms per KB on this machine.
    const COMPRESS: &str = "const z = require('zlib'), fs = require('fs'), { gzip } = require('@gfx/zopfli');\
        (async () => { for (const f of process.argv.slice(1)) {\
        const data = fs.readFileSync(f);\
        const gz = await new Promise((ok, no) => gzip(data, { numiterations: 15 }, (e, out) => (e ? no(e) : ok(out))));\
        if (!z.gunzipSync(gz).equals(data)) throw new Error(`${f}.gz does not decompress to ${f}`);\
        fs.writeFileSync(f + '.gz', gz);\
        fs.writeFileSync(f + '.br', z.brotliCompressSync(data, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }));\
        } })().catch((e) => { console.error(e); process.exit(1); });";
    cmd::run(
        cmd::command("node", root)
            .env("NODE_PATH", &node_modules)
            .args(["-e", COMPRESS])
            .args(&files),
    )?;
    println!("{} files, each with a .gz and a .br beside it", files.len());
    Ok(())
}

/// Builds the library for wasm32 in release mode (with `feature`, in a
/// target directory of its own), runs wasm-bindgen into `out` as `name` and
/// shrinks the module with wasm-opt; returns the module's path.
fn build_module(
    root: &Path,
    (wasm_bindgen, wasm_opt): (&Path, &Path),
    feature: Option<&str>,
    out: &Path,
    name: &str,
) -> Result<PathBuf> {
    println!(
        "== xtask dist: building the library for {WASM_TARGET} (release{})",
        feature.map_or_else(String::new, |f| format!(", feature {f}"))
    );
    let mut target_dir = cmd::target_dir(root);
    let mut build = cmd::cargo(root);
    build.args([
        "build",
        "--release",
        "--package",
        "budget-compare",
        "--lib",
        "--target",
        WASM_TARGET,
    ]);
    if let Some(feature) = feature {
        target_dir = target_dir.join(feature);
        build
            .args(["--features", feature])
            .arg("--target-dir")
            .arg(&target_dir);
    }
    cmd::run(&mut build)?;
    let built = target_dir
        .join(WASM_TARGET)
        .join("release")
        .join(format!("{CRATE_FILE_NAME}.wasm"));

    println!("== xtask dist: wasm-bindgen -> {}", out.display());
    cmd::run(
        cmd::command(wasm_bindgen, root)
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(out)
            .args(["--out-name", name])
            .arg(&built),
    )?;

    let module = out.join(format!("{name}_bg.wasm"));
    let before = file_size(&module)?;
    println!(
        "== xtask dist: wasm-opt {} {}",
        WASM_OPT_FLAGS.join(" "),
        module.display()
    );
    let optimized = out.join(format!("{name}_bg.opt.wasm"));
    cmd::run(
        cmd::command(wasm_opt, root)
            .args(WASM_OPT_FLAGS)
            .args(WASM_OPT_FEATURES)
            .args(["--strip-producers", "--strip-target-features"])
            .arg(&module)
            .arg("-o")
            .arg(&optimized),
    )?;
    fs::rename(&optimized, &module).context(|| format!("replacing {}", module.display()))?;
    println!("wasm-opt: {before} -> {} bytes", file_size(&module)?);
    Ok(module)
}

/// The pages that carry a prerendered view, each in place of a comment
/// `<!-- budget-compare render ARGS -->` (ARGS: the command's, relative to
/// `dist/`, e.g. `data/index.json --lang zh-TW --width 900`).
const PRERENDERED: [&str; 2] = ["index.html", "embed.html"];

/// The share card the pages' `og:image` / `twitter:image` name.
const SHARE_CARD: &str = "share.png";

/// The comment a prerendered view replaces.
const MARK: (&str, &str) = ("<!-- budget-compare render ", " -->");

/// Builds the command-line tool for the host (`cargo build --bin
/// budget-compare`, debug: it shares the tests' build) and returns its path.
pub fn build_cli(root: &Path) -> Result<PathBuf> {
    cmd::run(cmd::cargo(root).args(["build", "--bin", "budget-compare"]))?;
    let path = cmd::target_dir(root)
        .join("debug")
        .join(format!("budget-compare{}", std::env::consts::EXE_SUFFIX));
    if path.is_file() {
        Ok(path)
    } else {
        Err(Error::new(format!(
            "`cargo build --bin budget-compare` did not produce {}",
            path.display()
        )))
    }
}

/// Writes the prerendered views into [`PRERENDERED`] and draws the share
/// card, with the command-line tool (`budget-compare render`, built for the
/// host: rendering never goes into the module). When `SITE_URL` is set
/// (`https://example.org/budget/`), the pages' `og:image` and
/// `twitter:image` name the card by that absolute URL, as Facebook and X
/// require; otherwise by its relative name.
fn prerender(root: &Path, dist: &Path) -> Result<()> {
    println!("== xtask dist: prerendering the pages' default views (budget-compare render)");
    let cli = build_cli(root)?;
    for page in PRERENDERED {
        let path = dist.join(page);
        let html = fs::read_to_string(&path).context(|| format!("reading {}", path.display()))?;
        let (before, rest) = html.split_once(MARK.0).ok_or_else(|| {
            Error::new(format!(
                "{}: no `{}…{}` to replace",
                path.display(),
                MARK.0,
                MARK.1
            ))
        })?;
        let (args, after) = rest
            .split_once(MARK.1)
            .ok_or_else(|| Error::new(format!("{}: `{}` is not closed", path.display(), MARK.0)))?;
        let fragment = cmd::output(
            cmd::command(&cli, dist)
                .arg("render")
                .args(args.split_whitespace()),
        )?;
        let fragment = String::from_utf8(fragment)
            .map_err(|e| Error::new(format!("budget-compare render: not UTF-8: {e}")))?;
        let site = std::env::var("SITE_URL").unwrap_or_default();
        let card = format!("{}{SHARE_CARD}", site);
        let html = format!("{before}{fragment}{after}").replace(
            &format!("content=\"{SHARE_CARD}\""),
            &format!("content=\"{card}\""),
        );
        fs::write(&path, html).context(|| format!("writing {}", path.display()))?;
        println!("{}: the default view prerendered", path.display());
    }
    cmd::run(cmd::command(&cli, dist).args([
        "render",
        "data/index.json",
        "--format",
        "card",
        "--out",
        SHARE_CARD,
    ]))?;
    // The README's picture of the widget, kept up to date with the code.
    cmd::run(
        cmd::command(&cli, dist)
            .args([
                "render",
                "data/index.json",
                "--lang",
                "zh-TW",
                "--width",
                "900",
                "--format",
                "png",
                "--out",
            ])
            .arg(root.join(README_PICTURE)),
    )
}

/// The picture of the widget the README shows (`budget-compare render
/// --format png` of the default view), redrawn by every `dist`.
const README_PICTURE: &str = "docs/widget.png";

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn file_size(path: &Path) -> Result<u64> {
    Ok(fs::metadata(path)
        .context(|| format!("reading {}", path.display()))?
        .len())
}

/// Copies every file under `from` into `to`, keeping the tree; returns the
/// number of files copied.
pub fn copy_tree(from: &Path, to: &Path) -> Result<usize> {
    let mut count = 0;
    for file in list_files(from)? {
        let relative = file.strip_prefix(from).map_err(|_| {
            Error::new(format!(
                "{} is not under {}",
                file.display(),
                from.display()
            ))
        })?;
        let dest = to.join(relative);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).context(|| format!("creating {}", parent.display()))?;
        }
        fs::copy(&file, &dest)
            .context(|| format!("copying {} to {}", file.display(), dest.display()))?;
        count += 1;
    }
    Ok(count)
}

/// Every file under `dir` (following symlinks), sorted.
fn list_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries =
            fs::read_dir(&current).context(|| format!("reading {}", current.display()))?;
        for entry in entries {
            let path = entry
                .context(|| format!("reading {}", current.display()))?
                .path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Size of `gzip -9 -c FILE`'s output.
fn gzip_size(path: &Path) -> Result<u64> {
    let mut gzip = Command::new("gzip");
    gzip.arg("-9").arg("-c").arg(path).stdin(Stdio::null());
    let out = gzip.output().map_err(|e| {
        Error::new(format!(
            "could not run `gzip` (needed for the size report): {e}"
        ))
    })?;
    if !out.status.success() {
        return Err(Error::new(format!(
            "`gzip -9 -c {}` failed ({})",
            path.display(),
            out.status
        )));
    }
    Ok(out.stdout.len() as u64)
}

fn print_sizes(base: &Path, files: &[PathBuf]) -> Result<()> {
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            f.strip_prefix(base)
                .unwrap_or(f)
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let width = names.iter().map(String::len).max().unwrap_or(0).max(5);
    println!(
        "  {:<width$} {:>10} {:>10} {:>10} {:>10}",
        "file", "bytes", "gzip -9", ".gz", ".br"
    );
    let mut totals = [0; 4];
    for (file, name) in files.iter().zip(&names) {
        // The precompressed copies beside the file (0 where there are none).
        let beside = |ext: &str| {
            let mut copy = file.clone().into_os_string();
            copy.push(ext);
            fs::metadata(copy).map_or(0, |m| m.len())
        };
        let row = [
            file_size(file)?,
            gzip_size(file)?,
            beside(".gz"),
            beside(".br"),
        ];
        for (total, n) in totals.iter_mut().zip(row) {
            *total += n;
        }
        let [raw, gz, zopfli, br] = row;
        println!("  {name:<width$} {raw:>10} {gz:>10} {zopfli:>10} {br:>10}");
    }
    let [raw, gz, zopfli, br] = totals;
    println!(
        "  {:<width$} {raw:>10} {gz:>10} {zopfli:>10} {br:>10}",
        "total"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_tree_keeps_the_layout() -> Result<()> {
        let base = std::env::temp_dir().join(format!("xtask-copy-{}", std::process::id()));
        let (from, to) = (base.join("www"), base.join("dist"));
        fs::create_dir_all(from.join("data"))?;
        fs::write(from.join("index.html"), "<p>hi</p>")?;
        fs::write(from.join("data").join("a.json"), "{}")?;
        assert_eq!(copy_tree(&from, &to)?, 2);
        assert_eq!(fs::read_to_string(to.join("index.html"))?, "<p>hi</p>");
        assert_eq!(fs::read_to_string(to.join("data").join("a.json"))?, "{}");
        assert!(gzip_size(&to.join("index.html"))? > 0);
        fs::remove_dir_all(&base)?;
        Ok(())
    }
}
