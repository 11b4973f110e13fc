//! A small std-only static file server (HTTP/1.1, GET and HEAD) for `dist/`.
//!
//! [`serve`] binds `127.0.0.1:port` (port 0 picks a free one), answers on a
//! background thread (one thread per connection) and returns a [`Server`]
//! handle: its [`Server::addr`] / [`Server::url`] say where it listens and
//! dropping it stops the server, so a bench or page test can run it beside a
//! browser. [`serve_forever`] is `cargo xtask serve`.
//!
//! Behaviour: `/` and `dir/` serve `index.html`; a directory without the
//! trailing slash redirects to it; paths with a `..` segment (also
//! percent-encoded) or resolving outside the root through a symlink get 403;
//! missing files get 404; other methods get 405. Every response carries
//! `Cache-Control: no-store`; files whose name ends in `csp.html` also get the
//! [`CSP`] header, so a page can check that the widget runs under a strict
//! Content-Security-Policy.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// The Content-Security-Policy sent with `*csp.html`.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
                       style-src 'self'; img-src 'self' data: blob:";

/// Longest request head (request line + headers) accepted.
const MAX_HEAD: u64 = 32 * 1024;
/// Requests served on one kept-alive connection before it is closed.
const MAX_REQUESTS_PER_CONNECTION: usize = 1000;
/// How long an idle connection is kept.
const IDLE_TIMEOUT: Duration = Duration::from_secs(15);

/// A running server; dropping it stops accepting connections.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// The address it listens on (always 127.0.0.1).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr())
    }

    /// Blocks until the server stops (for `cargo xtask serve`: never).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts serving `root` on `127.0.0.1:port` (0: any free port) on a
/// background thread, without logging requests.
pub fn serve(root: &Path, port: u16) -> io::Result<Server> {
    start(root, port, false)
}

/// `cargo xtask serve`: serves `root` in the foreground, logging requests.
pub fn serve_forever(root: &Path, port: u16) -> io::Result<()> {
    let server = start(root, port, true)?;
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| root.display().to_string());
    println!("Serving {name}/ on {}", server.url());
    println!("(Ctrl-C to stop)");
    server.wait();
    Ok(())
}

fn start(root: &Path, port: u16, log: bool) -> io::Result<Server> {
    let root = root
        .canonicalize()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot serve {}: {e}", root.display())))?;
    if !root.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("cannot serve {}: not a directory", root.display()),
        ));
    }
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
    let addr = listener.local_addr()?;
    let stop = Arc::new(AtomicBool::new(false));
    let root = Arc::new(root);
    let thread = {
        let stop = Arc::clone(&stop);
        thread::Builder::new()
            .name(format!("xtask-server-{}", addr.port()))
            .spawn(move || accept_loop(&listener, &root, &stop, log))?
    };
    Ok(Server {
        addr,
        stop,
        thread: Some(thread),
    })
}

fn accept_loop(listener: &TcpListener, root: &Arc<PathBuf>, stop: &AtomicBool, log: bool) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        match stream {
            Ok(stream) => {
                let root = Arc::clone(root);
                let spawned = thread::Builder::new()
                    .name("xtask-server-conn".into())
                    .spawn(move || {
                        if let Err(e) = handle_connection(&stream, &root, log) {
                            if log && !is_disconnect(&e) {
                                eprintln!("server: connection error: {e}");
                            }
                        }
                    });
                if let Err(e) = spawned {
                    eprintln!("server: cannot start a connection thread: {e}");
                }
            }
            Err(e) => {
                eprintln!("server: accept failed: {e}");
                thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

fn is_disconnect(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::BrokenPipe
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::WouldBlock
            | io::ErrorKind::TimedOut
            | io::ErrorKind::UnexpectedEof
    )
}

/// A parsed request head.
struct Request {
    method: String,
    target: String,
    keep_alive: bool,
    content_length: u64,
    chunked: bool,
}

fn handle_connection(stream: &TcpStream, root: &Path, log: bool) -> io::Result<()> {
    // Head and body are written apart: without this a kept-alive request
    // waits ~40 ms for the delayed ACK.
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    stream.set_write_timeout(Some(Duration::from_secs(60)))?;
    let mut reader = BufReader::new(stream);
    let mut writer = stream;
    for _ in 0..MAX_REQUESTS_PER_CONNECTION {
        let request = match read_request(&mut reader) {
            Ok(Some(request)) => request,
            Ok(None) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                let mut response = Response::error(400, "Bad Request");
                response.keep_alive = false;
                return response.send(&mut writer, false);
            }
            Err(e) => return Err(e),
        };
        // A GET or HEAD body is meaningless: skip it, or give up on the
        // connection if its length is unknown.
        let mut keep_alive = request.keep_alive && !request.chunked;
        if request.content_length > 0 {
            io::copy(
                &mut (&mut reader).take(request.content_length),
                &mut io::sink(),
            )?;
        }
        let mut response = respond(root, &request);
        response.keep_alive &= keep_alive;
        keep_alive = response.keep_alive;
        if log {
            println!(
                "{} {} -> {}",
                request.method, request.target, response.status
            );
        }
        response.send(&mut writer, request.method == "HEAD")?;
        if !keep_alive {
            break;
        }
    }
    Ok(())
}

/// Reads one request head; `None` on a clean end of stream before it.
fn read_request(reader: &mut impl BufRead) -> io::Result<Option<Request>> {
    let bad = |msg: &str| io::Error::new(io::ErrorKind::InvalidData, msg.to_string());
    let mut limited = reader.take(MAX_HEAD);
    let mut line = String::new();
    // Tolerate empty lines before the request line (RFC 9112 2.2).
    loop {
        line.clear();
        if limited.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        if !line.trim().is_empty() {
            break;
        }
    }
    if !line.ends_with('\n') {
        return Err(bad("request head too long"));
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("malformed request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(bad("unsupported HTTP version"));
    }
    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        keep_alive: version == "HTTP/1.1",
        content_length: 0,
        chunked: false,
    };
    loop {
        line.clear();
        if limited.read_line(&mut line)? == 0 || !line.ends_with('\n') {
            return Err(bad("incomplete request head"));
        }
        let header = line.trim_end();
        if header.is_empty() {
            return Ok(Some(request));
        }
        let Some((name, value)) = header.split_once(':') else {
            return Err(bad("malformed header"));
        };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "connection" if value.contains("close") => request.keep_alive = false,
            "connection" if value.contains("keep-alive") => request.keep_alive = true,
            "content-length" => {
                request.content_length = value.parse().map_err(|_| bad("bad Content-Length"))?;
            }
            "transfer-encoding" => request.chunked = true,
            _ => {}
        }
    }
}

/// What to send back.
struct Response {
    status: u16,
    reason: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Body,
    keep_alive: bool,
}

enum Body {
    Bytes(Vec<u8>),
    File(File, u64),
}

impl Response {
    fn error(status: u16, reason: &'static str) -> Self {
        Response {
            status,
            reason,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: Body::Bytes(format!("{status} {reason}\n").into_bytes()),
            keep_alive: true,
        }
    }

    fn send(self, out: &mut impl Write, head_only: bool) -> io::Result<()> {
        let length = match &self.body {
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::File(_, len) => *len,
        };
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, self.reason);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {length}\r\nCache-Control: no-store\r\n\
             X-Content-Type-Options: nosniff\r\nConnection: {}\r\n\r\n",
            if self.keep_alive {
                "keep-alive"
            } else {
                "close"
            }
        ));
        out.write_all(head.as_bytes())?;
        if !head_only {
            match self.body {
                Body::Bytes(bytes) => out.write_all(&bytes)?,
                Body::File(file, len) => {
                    let copied = io::copy(&mut file.take(len), out)?;
                    if copied != len {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "file shrank while being sent",
                        ));
                    }
                }
            }
        }
        out.flush()
    }
}

fn respond(root: &Path, request: &Request) -> Response {
    if request.method != "GET" && request.method != "HEAD" {
        let mut response = Response::error(405, "Method Not Allowed");
        response.headers.push(("Allow", "GET, HEAD".into()));
        return response;
    }
    let (path, query) = match split_target(&request.target) {
        Some(parts) => parts,
        None => return Response::error(400, "Bad Request"),
    };
    match resolve(root, &path) {
        Resolved::File(file) => file_response(&file),
        Resolved::Redirect => {
            let mut response = Response::error(301, "Moved Permanently");
            let location = format!("{}/{query}", request_path(&request.target));
            response.headers.push(("Location", location));
            response
        }
        Resolved::Forbidden => Response::error(403, "Forbidden"),
        Resolved::NotFound => Response::error(404, "Not Found"),
    }
}

/// The raw path of a request target (before `?` / `#`), without any
/// `scheme://authority` of an absolute-form target.
fn request_path(target: &str) -> &str {
    let target = match target.find("://") {
        Some(i) => {
            let rest = &target[i + 3..];
            rest.find('/').map_or("/", |j| &rest[j..])
        }
        None => target,
    };
    let end = target.find(['?', '#']).unwrap_or(target.len());
    &target[..end]
}

/// The percent-decoded path and the raw `?query` (may be empty); `None` when
/// the path does not start with `/` or does not decode to UTF-8.
fn split_target(target: &str) -> Option<(String, String)> {
    let path = request_path(target);
    if !path.starts_with('/') {
        return None;
    }
    let query = target
        .find('?')
        .map(|i| {
            let q = &target[i..];
            q[..q.find('#').unwrap_or(q.len())].to_string()
        })
        .unwrap_or_default();
    Some((percent_decode(path)?, query))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

enum Resolved {
    File(PathBuf),
    Redirect,
    Forbidden,
    NotFound,
}

/// Maps a decoded URL path onto a file under `root` (already canonical).
fn resolve(root: &Path, path: &str) -> Resolved {
    if path.contains(['\0', '\\']) {
        return Resolved::Forbidden;
    }
    let mut file = root.to_path_buf();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Resolved::Forbidden,
            name => {
                // A segment must be one plain path component (no drive
                // prefixes or roots on any platform).
                let mut components = Path::new(name).components();
                match (components.next(), components.next()) {
                    (Some(Component::Normal(_)), None) => file.push(name),
                    _ => return Resolved::Forbidden,
                }
            }
        }
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            return Resolved::Redirect;
        }
        file.push("index.html");
    }
    match file.canonicalize() {
        Ok(real) if !real.starts_with(root) => Resolved::Forbidden,
        Ok(real) if real.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

fn file_response(path: &Path) -> Response {
    let opened = File::open(path).and_then(|f| {
        let len = f.metadata()?.len();
        Ok((f, len))
    });
    let Ok((file, len)) = opened else {
        return Response::error(404, "Not Found");
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut headers = vec![("Content-Type", content_type(path).to_string())];
    if name.ends_with("csp.html") {
        headers.push(("Content-Security-Policy", CSP.to_string()));
    }
    Response {
        status: 200,
        reason: "OK",
        headers,
        body: Body::File(file, len),
        keep_alive: true,
    }
}

/// The Content-Type for a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// Sends raw `request` and returns the whole response (the request asks
    /// the server to close the connection).
    fn exchange(server: &Server, request: &str) -> io::Result<String> {
        let mut stream = TcpStream::connect(server.addr())?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        stream.write_all(request.as_bytes())?;
        let mut out = Vec::new();
        stream.read_to_end(&mut out)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    fn get(server: &Server, path: &str) -> io::Result<String> {
        exchange(
            server,
            &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        )
    }

    #[test]
    fn serves_files_and_rejects_the_rest() -> io::Result<()> {
        let base = std::env::temp_dir().join(format!("xtask-server-{}", std::process::id()));
        let root = base.join("dist");
        fs::create_dir_all(root.join("data"))?;
        fs::write(root.join("index.html"), "<h1>home</h1>")?;
        fs::write(root.join("csp.html"), "<h1>csp</h1>")?;
        fs::write(root.join("data").join("a b.json"), "{}")?;
        fs::write(root.join("m.wasm"), b"\0asm")?;
        fs::write(base.join("secret.txt"), "no")?;

        let server = serve(&root, 0)?;
        assert_ne!(server.addr().port(), 0);

        let home = get(&server, "/")?;
        assert!(home.starts_with("HTTP/1.1 200 OK\r\n"), "{home}");
        assert!(home.contains("Content-Type: text/html; charset=utf-8\r\n"));
        assert!(home.contains("Cache-Control: no-store\r\n"));
        assert!(home.ends_with("<h1>home</h1>"));
        assert!(!home.contains("Content-Security-Policy"));

        let csp = get(&server, "/csp.html?x=1")?;
        assert!(csp.contains(&format!("Content-Security-Policy: {CSP}\r\n")));

        let json = get(&server, "/data/a%20b.json")?;
        assert!(
            json.contains("Content-Type: application/json\r\n"),
            "{json}"
        );
        let wasm = get(&server, "/m.wasm")?;
        assert!(wasm.contains("Content-Type: application/wasm\r\n"));
        assert!(wasm.contains("Content-Length: 4\r\n"));

        let dir = get(&server, "/data?q")?;
        assert!(dir.starts_with("HTTP/1.1 301"), "{dir}");
        assert!(dir.contains("Location: /data/?q\r\n"));

        assert!(get(&server, "/nope.js")?.starts_with("HTTP/1.1 404"));
        assert!(get(&server, "/../secret.txt")?.starts_with("HTTP/1.1 403"));
        assert!(get(&server, "/data/%2e%2e/%2E%2E/secret.txt")?.starts_with("HTTP/1.1 403"));
        assert!(get(&server, "/data/..%2f..%2fsecret.txt")?.starts_with("HTTP/1.1 403"));

        let head = exchange(
            &server,
            "HEAD /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )?;
        assert!(head.contains("Content-Length: 13\r\n"));
        assert!(head.ends_with("\r\n\r\n"), "{head}");

        let post = exchange(
            &server,
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi",
        )?;
        assert!(post.starts_with("HTTP/1.1 405"));
        assert!(exchange(&server, "nonsense\r\n\r\n")?.starts_with("HTTP/1.1 400"));

        // Two requests on one kept-alive connection.
        let both = exchange(
            &server,
            "GET /m.wasm HTTP/1.1\r\nHost: x\r\n\r\n\
             GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )?;
        assert_eq!(both.matches("HTTP/1.1 200 OK").count(), 2, "{both}");

        drop(server);
        fs::remove_dir_all(&base)?;
        Ok(())
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a.MJS")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.css")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("a.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("a.png")), "image/png");
        assert_eq!(content_type(Path::new("a.csv")), "text/csv; charset=utf-8");
        assert_eq!(
            content_type(Path::new("a.txt")),
            "text/plain; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
