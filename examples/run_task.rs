//! Runs a task on ECS and says what happened; with `--wait`, waits until it runs and prints
//! each state change; with `--wait-stopped`, waits until it stops and prints each
//! container's exit code.
//!
//! ```sh
//! cargo run -p ecs-examples --example run_task -- \
//!     --cluster default --task-definition sleep360:1 \
//!     --launch-type FARGATE --subnets subnet-1,subnet-2 --security-groups sg-1 --wait
//! ```
//!
//! Each option can also come from the environment (`ECS_CLUSTER`, `ECS_TASK_DEFINITION`,
//! `ECS_LAUNCH_TYPE`, `ECS_SUBNETS`, `ECS_SECURITY_GROUPS`, `ECS_COUNT`). Region, credentials
//! and endpoint come from the usual `AWS_*` variables and `~/.aws` files.

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use amazon_ecs::client::Waiters;
use amazon_ecs::types::{AssignPublicIp, AwsVpcConfiguration, LaunchType, NetworkConfiguration};
use amazon_ecs::{Client, Config};
use clap::Parser;

/// Runs a task on Amazon ECS.
#[derive(Debug, Parser)]
#[command(name = "run_task")]
struct Options {
    /// Task definition: FAMILY, FAMILY:REVISION or an ARN.
    #[arg(long, env = "ECS_TASK_DEFINITION")]
    task_definition: String,
    /// Cluster name or ARN (the `default` cluster when not given).
    #[arg(long, env = "ECS_CLUSTER")]
    cluster: Option<String>,
    /// How many copies to start (1 to 10).
    #[arg(long, env = "ECS_COUNT", value_parser = clap::value_parser!(i32).range(1..=10))]
    count: Option<i32>,
    /// EC2, FARGATE, EXTERNAL or MANAGED_INSTANCES.
    #[arg(long, env = "ECS_LAUNCH_TYPE")]
    launch_type: Option<String>,
    /// Subnet IDs for awsvpc tasks, comma-separated.
    #[arg(long, env = "ECS_SUBNETS", value_delimiter = ',')]
    subnets: Vec<String>,
    /// Security group IDs for awsvpc tasks, comma-separated.
    #[arg(long, env = "ECS_SECURITY_GROUPS", value_delimiter = ',')]
    security_groups: Vec<String>,
    /// Wait until the tasks are RUNNING, printing each state change.
    #[arg(long)]
    wait: bool,
    /// Wait until the tasks have STOPPED, then print each container's exit code.
    #[arg(long)]
    wait_stopped: bool,
    /// Give up waiting after this many seconds.
    #[arg(long, default_value_t = 600)]
    max_wait_secs: u64,
    /// Shortest time between polls while waiting, in milliseconds (the model's delay when
    /// not given; shorter is for tests and impatient people).
    #[arg(long)]
    poll_ms: Option<u64>,
}

/// Prints a line whenever a task's `lastStatus` changes between polls.
fn state_printer(
    started: Instant,
) -> impl Fn(&amazon_ecs::operation::describe_tasks::DescribeTasksOutput) {
    let last: Mutex<HashMap<String, String>> = Mutex::default();
    move |output| {
        let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
        for task in output.tasks() {
            let (Some(arn), Some(status)) = (task.task_arn(), task.last_status()) else {
                continue;
            };
            if last.get(arn).map(String::as_str) != Some(status) {
                println!(
                    "[{:>5.1} s] {arn} is {status}",
                    started.elapsed().as_secs_f64()
                );
                last.insert(arn.to_owned(), status.to_owned());
            }
        }
    }
}

async fn wait_for(
    client: &Client,
    o: &Options,
    arns: &[String],
    stopped: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let max_wait = Duration::from_secs(o.max_wait_secs);
    let print = state_printer(started);
    let on_poll = move |result: &Result<_, _>| {
        if let Ok(output) = result {
            print(output);
        }
    };
    let output = if stopped {
        let mut waiter = client
            .wait_until_tasks_stopped()
            .set_cluster(o.cluster.clone())
            .set_tasks(Some(arns.to_vec()))
            .on_poll(on_poll);
        if let Some(ms) = o.poll_ms {
            waiter = waiter
                .min_delay(Duration::from_millis(ms))
                .max_delay(Duration::from_millis(ms * 4));
        }
        waiter.wait(max_wait).await?.into_result()?
    } else {
        let mut waiter = client
            .wait_until_tasks_running()
            .set_cluster(o.cluster.clone())
            .set_tasks(Some(arns.to_vec()))
            .on_poll(on_poll);
        if let Some(ms) = o.poll_ms {
            waiter = waiter
                .min_delay(Duration::from_millis(ms))
                .max_delay(Duration::from_millis(ms * 4));
        }
        waiter.wait(max_wait).await?.into_result()?
    };
    let what = if stopped { "stopped" } else { "running" };
    println!(
        "All {} task(s) {what} after {:.1} s.",
        arns.len(),
        started.elapsed().as_secs_f64()
    );
    if stopped {
        for task in output.tasks() {
            for c in task.containers() {
                let code = c.exit_code().map_or("none".to_owned(), |c| c.to_string());
                let reason = c.reason().map(|r| format!(" ({r})")).unwrap_or_default();
                println!(
                    "  {} container {}: exit code {code}{reason}",
                    task.task_arn().unwrap_or("?"),
                    c.name().unwrap_or("?")
                );
            }
        }
    }
    Ok(())
}

async fn run(o: Options) -> Result<bool, Box<dyn std::error::Error>> {
    let client = Client::new(&Config::from_env().await?);
    let mut request = client
        .run_task()
        .set_cluster(o.cluster.clone())
        .task_definition(&o.task_definition)
        .set_count(o.count);
    if let Some(launch_type) = &o.launch_type {
        let launch_type = LaunchType::from(launch_type.to_ascii_uppercase().as_str());
        if let LaunchType::Unknown(other) = &launch_type {
            eprintln!("note: launch type {other} is not one this program knows; sending it anyway");
        }
        request = request.launch_type(launch_type);
    }
    if !o.subnets.is_empty() {
        let vpc = AwsVpcConfiguration::builder()
            .set_subnets(Some(o.subnets.clone()))
            .set_security_groups((!o.security_groups.is_empty()).then(|| o.security_groups.clone()))
            .assign_public_ip(AssignPublicIp::Disabled)
            .build()?;
        request = request.network_configuration(
            NetworkConfiguration::builder()
                .awsvpc_configuration(vpc)
                .build(),
        );
    }
    let output = request.send().await?;
    let cluster = o.cluster.as_deref().unwrap_or("default");
    if output.tasks().is_empty() && output.failures().is_empty() {
        println!("ECS started no task and reported no failure.");
    }
    for task in output.tasks() {
        let arn = task.task_arn().unwrap_or("(no ARN)");
        let status = task.last_status().unwrap_or("unknown");
        println!("Started task {arn} on cluster {cluster} (status {status}).");
    }
    for failure in output.failures() {
        let what = failure.arn().unwrap_or("a resource");
        let reason = failure.reason().unwrap_or("no reason given");
        match failure.detail() {
            Some(detail) => println!("Could not start a task on {what}: {reason} ({detail})."),
            None => println!("Could not start a task on {what}: {reason}."),
        }
    }
    let arns: Vec<String> = output
        .tasks()
        .iter()
        .filter_map(|t| t.task_arn())
        .map(str::to_owned)
        .collect();
    if !arns.is_empty() {
        if o.wait {
            wait_for(&client, &o, &arns, false).await?;
        }
        if o.wait_stopped {
            wait_for(&client, &o, &arns, true).await?;
        }
    }
    Ok(output.failures().is_empty() && !arns.is_empty())
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = Options::parse();
    match run(options).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            // Each cause once: an error's message often already holds its cause's.
            let mut shown = error.to_string();
            eprintln!("error: {shown}");
            let mut source = error.source();
            while let Some(cause) = source {
                let text = cause.to_string();
                if !shown.contains(&text) {
                    eprintln!("  caused by: {text}");
                    shown.push_str(&text);
                }
                source = cause.source();
            }
            ExitCode::FAILURE
        }
    }
}
