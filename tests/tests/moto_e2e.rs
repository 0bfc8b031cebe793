//! End to end against moto, a local ECS-compatible server: the client and the `run_task`
//! example run a real task. Needs moto installed in a venv (`.ci/run` does it; see README);
//! without it the test says it did not run.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use amazon_ecs::operation::run_task::RunTaskError;
use amazon_ecs::types::{AwsVpcConfiguration, LaunchType, NetworkConfiguration};
use amazon_ecs::{Client, Config, Credentials};

struct Moto {
    child: Child,
    url: String,
    venv: PathBuf,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_moto() -> Option<Moto> {
    let venv = std::env::var_os("MOTO_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| ecs_tests::workspace_root().join("target/moto-venv"));
    let server = venv.join("bin/moto_server");
    if !server.is_file() {
        return ecs_tests::not_run(
            "moto end-to-end test",
            &format!(
                "{} not found (install moto[server] into target/moto-venv, as .ci/run does)",
                server.display()
            ),
        );
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(&server)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start moto_server");
    let moto = Moto {
        child,
        url: format!("http://127.0.0.1:{port}"),
        venv,
    };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "moto did not start listening within 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(moto)
}

struct Fixture {
    cluster: String,
    task_definition: String,
    subnet: String,
    security_group: String,
}

fn prepare(moto: &Moto) -> Fixture {
    let output = Command::new(moto.venv.join("bin/python"))
        .arg(ecs_tests::workspace_root().join("tests/moto/setup.py"))
        .arg(&moto.url)
        .output()
        .expect("run tests/moto/setup.py");
    assert!(
        output.status.success(),
        "setup.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("setup.py prints JSON");
    let s = |k: &str| v[k].as_str().unwrap().to_owned();
    Fixture {
        cluster: s("cluster"),
        task_definition: s("task_definition"),
        subnet: s("subnet"),
        security_group: s("security_group"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn run_describe_and_stop_a_task_on_moto() {
    let Some(moto) = start_moto() else { return };
    let fx = prepare(&moto);
    let client = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("testing", "testing", None, None, "e2e"))
            .endpoint_url(&moto.url)
            .build(),
    );
    let network = NetworkConfiguration::builder()
        .awsvpc_configuration(
            AwsVpcConfiguration::builder()
                .subnets(&fx.subnet)
                .security_groups(&fx.security_group)
                .build()
                .unwrap(),
        )
        .build();
    let run = client
        .run_task()
        .cluster(&fx.cluster)
        .task_definition(&fx.task_definition)
        .launch_type(LaunchType::Fargate)
        .network_configuration(network)
        .count(2)
        .started_by("e2e-test")
        .send()
        .await
        .expect("RunTask on moto");
    let tasks = run.tasks.expect("tasks");
    assert_eq!(tasks.len(), 2);
    let arn = tasks[0].task_arn.clone().expect("task ARN");
    assert!(arn.starts_with("arn:aws:ecs:us-east-1:"), "{arn}");

    // (moto does not report unknown task ARNs as MISSING failures, so only known ones are asked.)
    let described = client
        .describe_tasks()
        .cluster(&fx.cluster)
        .tasks(&arn)
        .send()
        .await
        .unwrap();
    let found = described.tasks.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].started_by.as_deref(), Some("e2e-test"));
    assert_eq!(found[0].task_arn.as_deref(), Some(arn.as_str()));
    // moto moves a task through its lifecycle a step on each describe; any status will do.
    assert!(found[0].last_status.is_some());

    let stopped = client
        .stop_task()
        .cluster(&fx.cluster)
        .task(&arn)
        .reason("e2e done")
        .send()
        .await
        .unwrap();
    let task = stopped.task.unwrap();
    assert_eq!(task.desired_status.as_deref(), Some("STOPPED"));
    assert_eq!(task.stopped_reason.as_deref(), Some("e2e done"));

    let err = client
        .run_task()
        .cluster("no-such-cluster")
        .task_definition(&fx.task_definition)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.as_service_error(),
            Some(RunTaskError::ClusterNotFoundException(_))
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("RunTask failed: ClusterNotFoundException"),
        "{err}"
    );
}

#[test]
fn run_task_example_runs_a_task_on_moto() {
    let Some(moto) = start_moto() else { return };
    let fx = prepare(&moto);
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO"))
            .args([
                "run",
                "--quiet",
                "-p",
                "ecs-examples",
                "--example",
                "run_task",
                "--",
            ])
            .args(extra)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_ENDPOINT_URL_ECS", &moto.url)
            .env("ECS_SUBNETS", &fx.subnet)
            .env("ECS_SECURITY_GROUPS", &fx.security_group)
            .current_dir(ecs_tests::workspace_root())
            .output()
            .expect("cargo run the example")
    };
    let ok = run(&[
        "--cluster",
        &fx.cluster,
        "--task-definition",
        &fx.task_definition,
        "--launch-type",
        "FARGATE",
    ]);
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success(),
        "example failed: {stdout}\n{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(
        stdout.starts_with(&format!(
            "Started task arn:aws:ecs:us-east-1:123456789012:task/{}/",
            fx.cluster
        )),
        "{stdout}"
    );

    let bad = run(&[
        "--cluster",
        "no-such-cluster",
        "--task-definition",
        &fx.task_definition,
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.starts_with("error: RunTask failed: ClusterNotFoundException"),
        "{stderr}"
    );
}
