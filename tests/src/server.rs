//! A scripted HTTP/1.1 server on 127.0.0.1 for client tests: it records every request and
//! answers each with the next scripted reply, including broken ones (resets, truncated
//! bodies, stalls) that a real server only produces on a bad day.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A well-formed response; the connection stays open.
    Response {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Bytes written as they are, then the connection is closed.
    Raw(Vec<u8>),
    /// Wait, then answer (a client with a shorter attempt timeout gives up first).
    Delay(Duration, Box<Reply>),
    /// These bytes (a head and part of a body), then nothing for this long on an open
    /// connection, then the connection closes: a stalled stream.
    Stall(Vec<u8>, Duration),
}

impl Reply {
    /// A JSON response with `status`.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Response {
            status,
            headers: vec![
                ("Content-Type".into(), "application/x-amz-json-1.1".into()),
                ("x-amzn-RequestId".into(), format!("req-{status}")),
            ],
            body: body.as_bytes().to_vec(),
        }
    }
    /// An awsJson error response with `__type` set to `code`.
    pub fn error(status: u16, code: &str, message: &str) -> Reply {
        Reply::json(
            status,
            &serde_json::json!({ "__type": code, "message": message }).to_string(),
        )
    }
    /// Adds a header to a `Response`.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Response { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
    /// Headers promising `promised` bytes, then fewer, then a closed connection.
    pub fn truncated(body: &str, promised: usize) -> Reply {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {promised}\r\n\r\n"
        );
        Reply::Raw([head.as_bytes(), body.as_bytes()].concat())
    }
    /// A connection closed in the middle of the status line.
    pub fn reset() -> Reply {
        Reply::Raw(b"HTTP/1.1 2".to_vec())
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Lower-case names, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

/// The server; it stops when dropped.
pub struct TestServer {
    url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestServer {
    /// Starts a server that answers with `replies` in order (then 599s).
    pub async fn start(replies: Vec<Reply>) -> TestServer {
        Self::start_with(replies, None).await
    }

    /// The same over TLS: connections are accepted with `tls` (a server certificate valid for
    /// 127.0.0.1), and the URL is `https://127.0.0.1:PORT`.
    pub async fn start_tls(replies: Vec<Reply>, tls: Arc<rustls::ServerConfig>) -> TestServer {
        Self::start_with(replies, Some(tokio_rustls::TlsAcceptor::from(tls))).await
    }

    async fn start_with(replies: Vec<Reply>, tls: Option<tokio_rustls::TlsAcceptor>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let scheme = if tls.is_some() { "https" } else { "http" };
        let url = format!("{scheme}://{}", listener.local_addr().expect("local addr"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(std::collections::VecDeque::from(replies)));
        let recorded = requests.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (recorded, script) = (recorded.clone(), script.clone());
                match tls.clone() {
                    None => {
                        tokio::spawn(serve(stream, recorded, script));
                    }
                    Some(acceptor) => {
                        tokio::spawn(async move {
                            // A failed handshake is the client's to report.
                            if let Ok(stream) = acceptor.accept(stream).await {
                                serve(stream, recorded, script).await;
                            }
                        });
                    }
                }
            }
        });
        TestServer {
            url,
            requests,
            task,
        }
    }

    /// `http://127.0.0.1:PORT` (`https://` for [`TestServer::start_tls`]).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    script: Arc<Mutex<std::collections::VecDeque<Reply>>>,
) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        recorded.lock().unwrap().push(request);
        let reply = script
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| Reply::json(599, "{\"__type\":\"TestServerOutOfReplies\"}"));
        if !write_reply(&mut stream, reply).await {
            return;
        }
    }
}

/// Writes `reply`; false when the connection must close.
async fn write_reply<S: AsyncWrite + Unpin>(stream: &mut S, reply: Reply) -> bool {
    match reply {
        Reply::Response {
            status,
            headers,
            body,
        } => {
            let mut head = format!(
                "HTTP/1.1 {status} Status\r\nContent-Length: {}\r\n",
                body.len()
            );
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes()).await.is_ok() && stream.write_all(&body).await.is_ok()
        }
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
            false
        }
        Reply::Delay(d, inner) => {
            tokio::time::sleep(d).await;
            Box::pin(write_reply(stream, *inner)).await
        }
        Reply::Stall(bytes, d) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            tokio::time::sleep(d).await;
            let _ = stream.shutdown().await;
            false
        }
    }
}

async fn read_request<S: AsyncRead + Unpin>(
    stream: &mut S,
    buffer: &mut Vec<u8>,
) -> Option<Recorded> {
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, path) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[head_end..head_end + length].to_vec();
    buffer.drain(..head_end + length);
    Some(Recorded {
        method,
        path,
        headers,
        body,
    })
}
