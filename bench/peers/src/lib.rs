//! What the benchmarks share: the canned responses, the two clients set up the same way (static
//! credentials, both signing, one region), the same calls, and a loopback HTTP server.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use aws_json_runtime::{BoxFuture, HttpRequest, HttpResponse, HttpTransport, TransportError};

/// The RunTask response both clients parse: one task with two containers, and no failures.
pub fn run_task_body() -> String {
    serde_json::json!({ "tasks": [task(0)], "failures": [] }).to_string()
}

/// A DescribeTasks response with `n` full tasks (10 tasks are about 30 KB).
pub fn describe_tasks_body(n: usize) -> String {
    let tasks: Vec<_> = (0..n).map(task).collect();
    serde_json::json!({ "tasks": tasks, "failures": [] }).to_string()
}

// Over 60 lines: one JSON literal, a task as the service sends it.
fn task(i: usize) -> serde_json::Value {
    let arn = format!(
        "arn:aws:ecs:us-east-1:123456789012:task/bench-cluster/0f4c2e6b8a1d4f7e9c3b{i:012}"
    );
    let container = |name: &str, n: usize| {
        serde_json::json!({
            "containerArn": format!("arn:aws:ecs:us-east-1:123456789012:container/bench-cluster/{i:04}/{name}-5d2a7c1e-3b4f-4e8a-9c6d-{n:012}"),
            "taskArn": arn,
            "name": name,
            "image": format!("123456789012.dkr.ecr.us-east-1.amazonaws.com/{name}:1.24.{n}"),
            "imageDigest": "sha256:9b2c7f1a3e5d8c0b4a6f2e1d3c5b7a9e8f0d2c4b6a8e0f1d3c5b7a9e8f0d2c4b",
            "runtimeId": format!("0f4c2e6b8a1d4f7e9c3b{i:012}-{n}"),
            "lastStatus": "RUNNING",
            "networkBindings": [],
            "networkInterfaces": [{ "attachmentId": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "privateIpv4Address": "10.0.12.34" }],
            "healthStatus": "HEALTHY",
            "managedAgents": [{ "lastStartedAt": 1_700_000_000.123, "name": "ExecuteCommandAgent", "lastStatus": "RUNNING" }],
            "cpu": "256",
            "memory": "512"
        })
    };
    serde_json::json!({
        "attachments": [{
            "id": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
            "type": "ElasticNetworkInterface",
            "status": "ATTACHED",
            "details": [
                { "name": "subnetId", "value": "subnet-0123456789abcdef0" },
                { "name": "networkInterfaceId", "value": "eni-0123456789abcdef0" },
                { "name": "macAddress", "value": "0a:1b:2c:3d:4e:5f" },
                { "name": "privateDnsName", "value": "ip-10-0-12-34.ec2.internal" },
                { "name": "privateIPv4Address", "value": "10.0.12.34" }
            ]
        }],
        "attributes": [{ "name": "ecs.cpu-architecture", "value": "x86_64" }],
        "availabilityZone": "us-east-1a",
        "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/bench-cluster",
        "connectivity": "CONNECTED",
        "connectivityAt": 1_700_000_000.456,
        "containers": [container("app", 1), container("sidecar", 2)],
        "cpu": "512",
        "createdAt": 1_700_000_000.789,
        "desiredStatus": "RUNNING",
        "enableExecuteCommand": true,
        "group": "family:bench",
        "healthStatus": "HEALTHY",
        "lastStatus": "RUNNING",
        "launchType": "FARGATE",
        "memory": "1024",
        "overrides": {
            "containerOverrides": [
                { "name": "app", "environment": [{ "name": "MODE", "value": "bench" }, { "name": "REGION", "value": "us-east-1" }] },
                { "name": "sidecar" }
            ],
            "inferenceAcceleratorOverrides": []
        },
        "platformVersion": "1.4.0",
        "platformFamily": "Linux",
        "pullStartedAt": 1_700_000_001.5,
        "pullStoppedAt": 1_700_000_010.25,
        "startedAt": 1_700_000_012.75,
        "startedBy": "ecs-svc/1234567890123456789",
        "tags": [{ "key": "team", "value": "platform" }, { "key": "env", "value": "bench" }],
        "taskArn": arn,
        "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/bench:42",
        "version": 4,
        "ephemeralStorage": { "sizeInGiB": 20 }
    })
}

/// A transport that answers every request with the same bytes, for our client.
#[derive(Debug, Clone)]
pub struct Canned(Arc<Vec<u8>>);

impl HttpTransport for Canned {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let body = self.0.as_ref().clone();
        Box::pin(async move {
            Ok(HttpResponse::new(200, body)
                .with_header("content-type", "application/x-amz-json-1.1")
                .with_header("x-amzn-requestid", "bench-request-id"))
        })
    }
}

/// Our client, answering every call with `body` from memory.
pub fn ours_in_memory(body: &str) -> amazon_ecs::Client {
    ours(Some(Canned(Arc::new(body.as_bytes().to_vec()))), None)
}

/// Our client against `endpoint` over HTTP (the default transport).
pub fn ours_over_http(endpoint: &str) -> amazon_ecs::Client {
    ours(None, Some(endpoint))
}

fn ours(transport: Option<Canned>, endpoint: Option<&str>) -> amazon_ecs::Client {
    let mut config = amazon_ecs::Config::builder()
        .region("us-east-1")
        .credentials(amazon_ecs::config::Credentials::new(
            "AKIDBENCHMARK",
            "bench/secret+key",
            None,
            None,
            "bench",
        ));
    if let Some(t) = transport {
        config = config.transport(t);
    }
    if let Some(e) = endpoint {
        config = config.endpoint_url(e);
    }
    amazon_ecs::Client::from_conf(config.build())
}

/// aws-sdk-ecs, answering every call with `body` from memory.
pub fn peer_in_memory(body: &str) -> aws_sdk_ecs::Client {
    let body = body.to_owned();
    let http = aws_smithy_http_client::test_util::infallible_client_fn(move |_req| {
        http::Response::builder()
            .status(200)
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amzn-requestid", "bench-request-id")
            .body(aws_smithy_types::body::SdkBody::from(body.clone()))
            .expect("a valid response")
    });
    aws_sdk_ecs::Client::from_conf(peer_config().http_client(http).build())
}

/// aws-sdk-ecs against `endpoint` over HTTP (its default client).
pub fn peer_over_http(endpoint: &str) -> aws_sdk_ecs::Client {
    aws_sdk_ecs::Client::from_conf(peer_config().endpoint_url(endpoint).build())
}

fn peer_config() -> aws_sdk_ecs::config::Builder {
    aws_sdk_ecs::Config::builder()
        .behavior_version(aws_sdk_ecs::config::BehaviorVersion::latest())
        .region(aws_sdk_ecs::config::Region::new("us-east-1"))
        .credentials_provider(aws_credential_types::Credentials::new(
            "AKIDBENCHMARK",
            "bench/secret+key",
            None,
            None,
            "bench",
        ))
}

/// The environment both clients are built from by [`ours_from_env`] and [`peer_from_env`]:
/// static credentials and a region in variables, no shared files, no instance metadata, and
/// `endpoint` (if any) as `AWS_ENDPOINT_URL`.
pub fn bench_env(endpoint: Option<&str>) -> Vec<(&'static str, String)> {
    let mut vars = vec![
        ("AWS_ACCESS_KEY_ID", "AKIDBENCHMARK".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "bench/secret+key".to_owned()),
        ("AWS_REGION", "us-east-1".to_owned()),
        ("AWS_CONFIG_FILE", "/nonexistent/aws-config".to_owned()),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/aws-credentials".to_owned(),
        ),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
    ];
    if let Some(e) = endpoint {
        vars.push(("AWS_ENDPOINT_URL", e.to_owned()));
    }
    vars
}

/// Our client as a program makes it: `Config::from_env` and `Client::new`.
pub async fn ours_from_env() -> amazon_ecs::Client {
    let config = amazon_ecs::Config::from_env()
        .await
        .expect("the bench environment is valid");
    amazon_ecs::Client::new(&config)
}

/// aws-sdk-ecs as a program makes it: `aws_config::load_defaults` and `Client::new`.
pub async fn peer_from_env() -> aws_sdk_ecs::Client {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    aws_sdk_ecs::Client::new(&config)
}

/// A global allocator that counts allocations and the bytes live, for `allocs` and the
/// cold-start programs (`#[global_allocator] static A: Counting = Counting;`).
pub struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicI64 = AtomicI64::new(0);

impl Counting {
    /// Allocations (including reallocations) so far.
    pub fn allocations() -> u64 {
        ALLOCS.load(Ordering::Relaxed)
    }
    /// Bytes asked for so far.
    pub fn bytes() -> u64 {
        BYTES.load(Ordering::Relaxed)
    }
    /// Bytes allocated and not yet freed.
    pub fn live() -> i64 {
        LIVE.load(Ordering::Relaxed)
    }
}

// SAFETY: every method forwards to the system allocator with the same arguments; the counters
// are only atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        LIVE.fetch_add(layout.size() as i64, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as i64, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        LIVE.fetch_add(new_size as i64 - layout.size() as i64, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// What a cold-start program measures about itself: the heap its client holds once built and
/// once idle after its call (its connection pooled), and the process's peak resident memory.
/// `coldstart` reads the line [`ColdStart::report`] prints.
pub struct ColdStart {
    before: i64,
    built: i64,
}

impl ColdStart {
    /// Before the client is built.
    pub fn begin() -> Self {
        ColdStart {
            before: Counting::live(),
            built: 0,
        }
    }
    /// The client is built.
    pub fn built(&mut self) {
        self.built = Counting::live() - self.before;
    }
    /// The call is done and the client still alive: prints the figures.
    pub fn report(self) {
        let idle = Counting::live() - self.before;
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let peak_kb = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .expect("VmHWM in /proc/self/status (Linux)");
        println!("cold built {} idle {idle} peak_kb {peak_kb}", self.built);
    }
}

/// A cold-start program: the counting allocator, then `main` builds a client with `$build`,
/// makes one RunTask with `$call` and prints what [`ColdStart`] measured.
#[macro_export]
macro_rules! cold_start_program {
    ($build:ident, $call:ident) => {
        #[global_allocator]
        static GLOBAL: $crate::Counting = $crate::Counting;

        #[tokio::main(flavor = "current_thread")]
        async fn main() {
            let mut measure = $crate::ColdStart::begin();
            let client = $crate::$build().await;
            measure.built();
            assert_eq!($crate::$call(&client).await, 1, "RunTask returns one task");
            measure.report();
        }
    };
}

/// The same calling code for both crates (their APIs are the same), so both send the same
/// input: a typical Fargate RunTask with networking, an override and a tag, and a DescribeTasks
/// of ten tasks.
macro_rules! calls {
    ($krate:ident, $run_task:ident, $describe_tasks:ident) => {
        #[doc = concat!("A typical RunTask on `", stringify!($krate), "`.")]
        pub async fn $run_task(client: &$krate::Client) -> usize {
            use $krate::types::*;
            let out = client
                .run_task()
                .cluster("bench-cluster")
                .task_definition("bench:42")
                .count(1)
                .launch_type(LaunchType::Fargate)
                .network_configuration(
                    NetworkConfiguration::builder()
                        .awsvpc_configuration(
                            AwsVpcConfiguration::builder()
                                .subnets("subnet-0123456789abcdef0")
                                .security_groups("sg-0123456789abcdef0")
                                .assign_public_ip(AssignPublicIp::Disabled)
                                .build()
                                .expect("subnets set"),
                        )
                        .build(),
                )
                .overrides(
                    TaskOverride::builder()
                        .container_overrides(
                            ContainerOverride::builder()
                                .name("app")
                                .environment(
                                    KeyValuePair::builder().name("MODE").value("bench").build(),
                                )
                                .build(),
                        )
                        .build(),
                )
                .tags(Tag::builder().key("team").value("platform").build())
                .send()
                .await
                .expect("RunTask");
            out.tasks().len()
        }

        #[doc = concat!("DescribeTasks of `n` tasks on `", stringify!($krate), "`.")]
        pub async fn $describe_tasks(client: &$krate::Client, n: usize) -> usize {
            let out = client
                .describe_tasks()
                .cluster("bench-cluster")
                .set_tasks(Some((0..n).map(|i| format!("task-{i}")).collect()))
                .send()
                .await
                .expect("DescribeTasks");
            out.tasks().len()
        }
    };
}

calls!(amazon_ecs, ours_run_task, ours_describe_tasks);
calls!(aws_sdk_ecs, peer_run_task, peer_describe_tasks);

/// A loopback HTTP/1.1 server that answers every request, on every kept-alive connection,
/// with `body`. Returns its `http://127.0.0.1:port` URL.
pub async fn loopback_server(body: String) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let response = Arc::new(
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\nx-amzn-requestid: bench\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    );
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = Vec::with_capacity(16 * 1024);
                let mut chunk = [0u8; 8192];
                loop {
                    // One request: headers, then content-length bytes of body.
                    let (head_end, length) = loop {
                        if let Some(end) = find(&buf, b"\r\n\r\n") {
                            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                            let length = head
                                .lines()
                                .find_map(|l| l.strip_prefix("content-length:"))
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(0);
                            break (end + 4, length);
                        }
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    };
                    while buf.len() < head_end + length {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    buf.drain(..head_end + length);
                    if socket.write_all(&response).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
