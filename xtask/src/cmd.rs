//! Running external commands and the small error type shared by all tasks.
//!
//! Every command that changes something is echoed as `$ program args` before it
//! runs (with the environment variables the task sets, and its directory when
//! that is not the repository root), its output goes straight to the terminal,
//! and a non-zero exit becomes an [`Error`] naming the command.

use std::ffi::OsStr;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// An error message for the user; `main` prints it and exits non-zero.
#[derive(Debug)]
pub struct Error(String);

impl Error {
    pub fn new(msg: impl Into<String>) -> Self {
        Error(msg.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Adds what was being done to an I/O error.
pub trait Context<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T> Context<T> for io::Result<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Error(format!("{}: {e}", what())))
    }
}

/// The repository root: the parent of the xtask crate's manifest directory.
pub fn repo_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    match manifest.parent() {
        Some(parent) => parent.to_path_buf(),
        None => manifest,
    }
}

/// Cargo's target directory (`CARGO_TARGET_DIR` if set, else `<root>/target`).
pub fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("target"),
    }
}

/// A `Command` for the cargo that runs us (`$CARGO`), or `cargo` from `PATH`.
pub fn cargo(root: &Path) -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(program);
    cmd.current_dir(root);
    cmd
}

/// A `Command` for `program` run in `dir`.
pub fn command(program: impl AsRef<OsStr>, dir: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(dir);
    cmd
}

/// A shell-like rendering of `cmd` for messages (program name shortened when it
/// is cargo from `$CARGO`).
pub fn display(cmd: &Command) -> String {
    let mut out = String::new();
    for (key, value) in cmd.get_envs() {
        if let Some(value) = value {
            out.push_str(&format!(
                "{}={} ",
                key.to_string_lossy(),
                quote(&value.to_string_lossy())
            ));
        }
    }
    let program = Path::new(cmd.get_program());
    let is_cargo = std::env::var_os("CARGO").is_some_and(|c| c == cmd.get_program());
    if is_cargo {
        out.push_str("cargo");
    } else {
        out.push_str(&quote(&program.to_string_lossy()));
    }
    for arg in cmd.get_args() {
        out.push(' ');
        out.push_str(&quote(&arg.to_string_lossy()));
    }
    out
}

fn quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn echo(cmd: &Command) {
    let root = repo_root();
    match cmd.get_current_dir() {
        Some(dir) if dir != root => println!("$ (cd {}) {}", dir.display(), display(cmd)),
        _ => println!("$ {}", display(cmd)),
    }
}

fn spawn_error(cmd: &Command, e: io::Error) -> Error {
    let program = cmd.get_program().to_string_lossy().into_owned();
    if e.kind() == io::ErrorKind::NotFound {
        Error(format!(
            "could not run `{program}`: not found (is it installed and on PATH?)"
        ))
    } else {
        Error(format!("could not run `{program}`: {e}"))
    }
}

/// Echoes and runs `cmd` with inherited stdio; fails unless it exits 0.
pub fn run(cmd: &mut Command) -> Result<()> {
    echo(cmd);
    let status = cmd.status().map_err(|e| spawn_error(cmd, e))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error(format!("`{}` failed ({status})", display(cmd))))
    }
}

/// Runs `cmd` like [`run`] (stderr shown) and returns what it printed on
/// stdout.
pub fn output(cmd: &mut Command) -> Result<Vec<u8>> {
    echo(cmd);
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| spawn_error(cmd, e))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(Error(format!("`{}` failed ({})", display(cmd), out.status)))
    }
}

/// Runs `cmd` quietly and returns its stdout when it exits 0, `None` when it
/// cannot be started or fails. For probes such as `tool --version`.
pub fn probe(cmd: &mut Command) -> Option<String> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if out.status.success() {
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        None
    }
}

/// Looks `name` up in `PATH`, then in cargo's bin directory
/// (`$CARGO_HOME/bin`, default `~/.cargo/bin`), which may be missing from
/// `PATH` in a bare CI shell.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo").join("bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_quotes_what_needs_it() {
        let mut cmd = Command::new("echo");
        cmd.arg("plain-arg").arg("two words").arg("it's");
        cmd.env("RUSTDOCFLAGS", "-D warnings");
        assert_eq!(
            display(&cmd),
            r"RUSTDOCFLAGS='-D warnings' echo plain-arg 'two words' 'it'\''s'"
        );
    }

    #[test]
    fn run_reports_failure_and_missing_programs() {
        assert!(run(&mut Command::new("true")).is_ok());
        let failed = run(&mut Command::new("false")).err().map(|e| e.to_string());
        assert!(failed.is_some_and(|m| m.contains("`false` failed")));
        let missing = run(&mut Command::new("surely-not-a-program-xtask"))
            .err()
            .map(|e| e.to_string());
        assert!(missing.is_some_and(|m| m.contains("not found")));
    }
}
