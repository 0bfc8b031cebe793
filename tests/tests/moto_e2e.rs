//! End to end against moto, a local ECS-compatible server: the client, the waiters, the
//! paginator and the `run_task` example run real tasks. The moto venv is set up on first use
//! (`ecs_tests::moto`); without Python the tests say they did not run.

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
    let venv = ecs_tests::moto::venv("moto end-to-end test")?;
    let server = venv.join("bin/moto_server");
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

    // moto moves a task one state on each DescribeTasks, so it reaches STOPPED by itself.
    let waited = run(&[
        "--cluster",
        &fx.cluster,
        "--task-definition",
        &fx.task_definition,
        "--launch-type",
        "FARGATE",
        "--wait-stopped",
        "--poll-ms",
        "50",
    ]);
    let stdout = String::from_utf8_lossy(&waited.stdout);
    assert!(
        waited.status.success(),
        "example --wait-stopped failed: {stdout}\n{}",
        String::from_utf8_lossy(&waited.stderr)
    );
    assert!(
        stdout.contains(" is STOPPED\n"),
        "each state change is printed: {stdout}"
    );
    assert!(stdout.contains("All 1 task(s) stopped after "), "{stdout}");
    assert!(stdout.contains(" container sleep: exit code "), "{stdout}");

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

/// Sets how many DescribeTasks reads each task state lasts on moto (its state manager).
fn task_states_last(moto: &Moto, reads: u32) {
    use std::io::{Read, Write};
    let body = format!(
        r#"{{"model_name": "ecs::task", "transition": {{"progression": "manual", "times": {reads}}}}}"#
    );
    let host = moto.url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).expect("connect to moto");
    write!(
        stream,
        "POST /moto-api/state-manager/set-transition HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(
        response.starts_with("HTTP/1.1 2"),
        "set-transition failed: {response}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn waiters_and_the_paginator_on_moto() {
    use amazon_ecs::client::Waiters;

    let Some(moto) = start_moto() else { return };
    let fx = prepare(&moto);
    let client = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("testing", "testing", None, None, "e2e"))
            .endpoint_url(&moto.url)
            .build(),
    );
    // Tasks stay RUNNING while we look at them.
    task_states_last(&moto, 1000);
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
        .count(3)
        .send()
        .await
        .expect("RunTask on moto");
    let arns: Vec<String> = run
        .tasks()
        .iter()
        .filter_map(|t| t.task_arn())
        .map(str::to_owned)
        .collect();
    assert_eq!(arns.len(), 3);
    let quick = Duration::from_millis(50);
    let running = client
        .wait_until_tasks_running()
        .cluster(&fx.cluster)
        .set_tasks(Some(arns.clone()))
        .min_delay(quick)
        .max_delay(quick * 4)
        .wait(Duration::from_secs(30))
        .await
        .expect("the tasks run");
    let output = running.into_result().unwrap();
    assert!(
        output
            .tasks()
            .iter()
            .all(|t| t.last_status() == Some("RUNNING"))
    );

    let mut listed: Vec<String> = client
        .list_tasks()
        .cluster(&fx.cluster)
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .expect("ListTasks pages");
    listed.sort();
    let mut expected = arns.clone();
    expected.sort();
    assert_eq!(listed, expected);

    // One read per state: a task moto is not asked to stop walks to STOPPED by itself.
    task_states_last(&moto, 1);
    let stopped = client
        .wait_until_tasks_stopped()
        .cluster(&fx.cluster)
        .tasks(&arns[0])
        .min_delay(quick)
        .max_delay(quick * 4)
        .wait(Duration::from_secs(30))
        .await
        .expect("the first task stops by itself");
    let output = stopped.into_result().unwrap();
    assert_eq!(output.tasks()[0].last_status(), Some("STOPPED"));

    for arn in &arns[1..] {
        client
            .stop_task()
            .cluster(&fx.cluster)
            .task(arn)
            .send()
            .await
            .unwrap();
    }
    client
        .wait_until_tasks_stopped()
        .cluster(&fx.cluster)
        .set_tasks(Some(arns[1..].to_vec()))
        .min_delay(quick)
        .max_delay(quick * 4)
        .wait(Duration::from_secs(30))
        .await
        .expect("the stopped tasks are STOPPED");
}
