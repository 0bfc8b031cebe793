//! Ordinary RunTask / DescribeTasks / StopTask code, written against the official
//! `aws-sdk-ecs` API. Nothing here may use anything only our crate has.

use std::time::Duration;

use aws_sdk_ecs::config::retry::RetryConfig;
use aws_sdk_ecs::config::timeout::TimeoutConfig;
use aws_sdk_ecs::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_ecs::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_ecs::operation::RequestId;
use aws_sdk_ecs::operation::describe_tasks::DescribeTasksOutput;
use aws_sdk_ecs::operation::run_task::{RunTaskError, RunTaskOutput};
use aws_sdk_ecs::operation::stop_task::StopTaskOutput;
use aws_sdk_ecs::types::{
    AssignPublicIp, AwsVpcConfiguration, ContainerOverride, KeyValuePair, LaunchType,
    NetworkConfiguration, Tag, Task, TaskField, TaskOverride,
};
use aws_sdk_ecs::{Client, Error};

/// A client for `endpoint` with static credentials, built as the official documentation
/// builds one for a local endpoint: the same source compiles against both crates.
pub fn client_for(endpoint: &str, operation_timeout: Option<Duration>) -> Client {
    let mut timeouts = TimeoutConfig::builder();
    if let Some(limit) = operation_timeout {
        timeouts = timeouts.operation_timeout(limit);
    }
    let config = aws_sdk_ecs::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(
            Credentials::builder()
                .access_key_id("AKIDCOMPAT")
                .secret_access_key("compat-secret")
                .provider_name("compat")
                .build(),
        )
        .endpoint_url(endpoint)
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(2)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
        .timeout_config(timeouts.build())
        .build();
    Client::from_conf(config)
}

/// What a caller keeps of a started task.
#[derive(Debug, Clone, PartialEq)]
pub struct Started {
    pub task_arns: Vec<String>,
    pub failures: Vec<(String, String)>,
}

/// Starts `count` Fargate tasks in a VPC with one container override; every builder
/// error and service error flows into the service-wide `Error` through `?`.
pub async fn start(
    client: &Client,
    cluster: &str,
    task_definition: &str,
    subnet: &str,
    count: i32,
) -> Result<Started, Error> {
    let vpc = AwsVpcConfiguration::builder()
        .subnets(subnet)
        .security_groups("sg-0123")
        .assign_public_ip(AssignPublicIp::Enabled)
        .build()?;
    let network = NetworkConfiguration::builder()
        .awsvpc_configuration(vpc)
        .build();
    let overrides = TaskOverride::builder()
        .container_overrides(
            ContainerOverride::builder()
                .name("app")
                .command("echo")
                .command("hello")
                .environment(KeyValuePair::builder().name("MODE").value("compat").build())
                .build(),
        )
        .build();
    let request = client
        .run_task()
        .cluster(cluster)
        .task_definition(task_definition)
        .launch_type(LaunchType::Fargate)
        .count(count)
        .network_configuration(network)
        .overrides(overrides)
        .tags(Tag::builder().key("team").value("platform").build())
        .started_by("compat-test");
    assert_eq!(request.get_cluster().as_deref(), Some(cluster));
    let output: RunTaskOutput = request.send().await?;
    Ok(Started {
        task_arns: output
            .tasks()
            .iter()
            .filter_map(|t| t.task_arn())
            .map(str::to_owned)
            .collect(),
        failures: output
            .failures()
            .iter()
            .map(|f| {
                (
                    f.arn().unwrap_or_default().to_owned(),
                    f.reason().unwrap_or_default().to_owned(),
                )
            })
            .collect(),
    })
}

/// One line per task and container, read through accessors only.
pub fn summarize(task: &Task) -> Vec<String> {
    let mut lines = vec![format!(
        "{} {} -> {} launch={} cpu={} created={} version={} exec={} tags={}",
        task.task_arn().unwrap_or("?"),
        task.last_status().unwrap_or("?"),
        task.desired_status().unwrap_or("?"),
        task.launch_type().map(|l| l.as_str()).unwrap_or("?"),
        task.cpu().unwrap_or("?"),
        task.created_at().map(|t| t.secs()).unwrap_or_default(),
        task.version(),
        task.enable_execute_command(),
        task.tags()
            .iter()
            .map(|t| format!("{}={}", t.key().unwrap_or(""), t.value().unwrap_or("")))
            .collect::<Vec<_>>()
            .join(","),
    )];
    for c in task.containers() {
        lines.push(format!(
            "  {} {} exit={:?} reason={}",
            c.name().unwrap_or("?"),
            c.last_status().unwrap_or("?"),
            c.exit_code(),
            c.reason().unwrap_or("-"),
        ));
    }
    lines
}

/// Describes tasks with their tags.
pub async fn describe(
    client: &Client,
    cluster: &str,
    arns: &[String],
) -> Result<Vec<String>, Error> {
    let output: DescribeTasksOutput = client
        .describe_tasks()
        .cluster(cluster)
        .set_tasks(Some(arns.to_vec()))
        .include(TaskField::Tags)
        .send()
        .await?;
    let mut lines: Vec<String> = output.tasks().iter().flat_map(summarize).collect();
    for f in output.failures() {
        lines.push(format!(
            "failure {} {}",
            f.arn().unwrap_or("?"),
            f.reason().unwrap_or("?")
        ));
    }
    Ok(lines)
}

/// Stops a task and returns the desired status the service reports.
pub async fn stop(client: &Client, cluster: &str, arn: &str) -> Result<Option<String>, Error> {
    let output: StopTaskOutput = client
        .stop_task()
        .cluster(cluster)
        .task(arn)
        .reason("stopped by the compat test")
        .send()
        .await?;
    Ok(output
        .task()
        .and_then(|t| t.desired_status())
        .map(str::to_owned))
}

/// How a caller tells the failures of `RunTask` apart.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Started(usize),
    NoSuchCluster {
        message: Option<String>,
        status: Option<u16>,
    },
    Invalid {
        code: Option<String>,
        message: Option<String>,
    },
    OtherService {
        code: Option<String>,
        retryable_server: bool,
        request_id: Option<String>,
    },
    Timeout,
    Dispatch,
    Other(String),
}

/// Matches the `SdkError` variants and the operation error's `is_*` methods.
pub async fn classify(client: &Client, cluster: &str) -> Outcome {
    let result = client
        .run_task()
        .cluster(cluster)
        .task_definition("sleep:1")
        .send()
        .await;
    match result {
        Ok(output) => Outcome::Started(output.tasks().len()),
        Err(SdkError::ServiceError(context)) => {
            let status = Some(context.raw().status().as_u16());
            let err: &RunTaskError = context.err();
            if err.is_cluster_not_found_exception() {
                Outcome::NoSuchCluster {
                    message: err.message().map(str::to_owned),
                    status,
                }
            } else if err.is_invalid_parameter_exception() {
                Outcome::Invalid {
                    code: err.code().map(str::to_owned),
                    message: err.meta().message().map(str::to_owned),
                }
            } else {
                Outcome::OtherService {
                    code: err.code().map(str::to_owned),
                    retryable_server: err.is_server_exception(),
                    request_id: err.request_id().map(str::to_owned),
                }
            }
        }
        Err(SdkError::TimeoutError(_)) => Outcome::Timeout,
        Err(SdkError::DispatchFailure(_)) => Outcome::Dispatch,
        Err(other) => Outcome::Other(format!("{}", DisplayErrorContext(&other))),
    }
}

/// `into_service_error()` gives the operation error whatever happened.
pub async fn service_error_code(client: &Client, cluster: &str) -> Option<String> {
    let err = client
        .run_task()
        .cluster(cluster)
        .task_definition("sleep:1")
        .send()
        .await
        .err()?;
    let code_on_sdk_error = err.code().map(str::to_owned);
    let service = err.into_service_error();
    let code = match &service {
        RunTaskError::ClusterNotFoundException(e) => {
            format!("cluster not found: {}", e.message().unwrap_or(""))
        }
        RunTaskError::AccessDeniedException(_) => "access denied".to_owned(),
        other => other.code().unwrap_or("(none)").to_owned(),
    };
    assert_eq!(code_on_sdk_error.as_deref(), service.code());
    Some(code)
}

/// The service-wide `Error`, as `?` produces it, matched by variant.
pub async fn start_or_explain(client: &Client, cluster: &str) -> String {
    match start(client, cluster, "sleep:1", "subnet-1", 1).await {
        Ok(started) => format!("started {}", started.task_arns.len()),
        Err(Error::ClusterNotFoundException(e)) => {
            format!("no cluster: {}", e.message().unwrap_or(""))
        }
        Err(Error::ServerException(_)) => "server error".to_owned(),
        Err(e) => format!("other: {:?} {:?}", e.code(), e.message()),
    }
}

/// Waits with the `TasksRunning` waiter and returns the tasks' last statuses.
pub async fn wait_running(
    client: &Client,
    cluster: &str,
    arns: &[String],
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    use aws_sdk_ecs::client::Waiters;
    let final_poll = client
        .wait_until_tasks_running()
        .cluster(cluster)
        .set_tasks(Some(arns.to_vec()))
        .wait(Duration::from_secs(60))
        .await?;
    let output = final_poll.into_result()?;
    Ok(output
        .tasks()
        .iter()
        .filter_map(|t| t.last_status())
        .map(str::to_owned)
        .collect())
}

/// Every task ARN of a cluster, through the ListTasks paginator.
pub async fn list_all(client: &Client, cluster: &str) -> Result<Vec<String>, Error> {
    let arns = client
        .list_tasks()
        .cluster(cluster)
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await?;
    Ok(arns)
}

/// A pinned behavior version, and how versions compare, as programs that pin one use them.
pub fn pinned_behavior_version() -> (BehaviorVersion, bool) {
    let pinned = BehaviorVersion::v2026_01_12();
    (pinned, BehaviorVersion::latest().is_at_least(pinned))
}

/// The request id of a successful call, read from its output, as programs log it.
pub async fn stop_request_id(
    client: &Client,
    cluster: &str,
    arn: &str,
) -> Result<Option<String>, Error> {
    use aws_sdk_ecs::operation::RequestId as _;
    let output = client.stop_task().cluster(cluster).task(arn).send().await?;
    Ok(output.request_id().map(str::to_owned))
}

/// A client in adaptive retry mode with stalled-stream protection, set in place on the
/// builder as some programs do.
pub fn adaptive_client(endpoint: &str) -> Client {
    let mut builder = aws_sdk_ecs::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(
            Credentials::builder()
                .access_key_id("AKIDCOMPAT")
                .secret_access_key("compat-secret")
                .provider_name("compat")
                .build(),
        )
        .endpoint_url(endpoint);
    builder.set_retry_config(Some(
        RetryConfig::adaptive()
            .with_max_attempts(3)
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(5)),
    ));
    builder.set_stalled_stream_protection(Some(
        aws_sdk_ecs::config::StalledStreamProtectionConfig::enabled()
            .grace_period(Duration::from_secs(5))
            .build(),
    ));
    Client::from_conf(builder.build())
}

/// Retries `RunTask` errors whose code is in `codes`, as the official builder's documentation
/// writes a classifier: through `output_or_error()`, `as_operation_error()` and a downcast.
#[derive(Debug)]
pub struct RetryCodes {
    pub codes: &'static [&'static str],
}

impl aws_sdk_ecs::config::retry::ClassifyRetry for RetryCodes {
    fn classify_retry(
        &self,
        ctx: &aws_sdk_ecs::config::interceptors::InterceptorContext,
    ) -> aws_sdk_ecs::config::retry::RetryAction {
        use aws_sdk_ecs::config::retry::RetryAction;
        let error = match ctx.output_or_error() {
            Some(Err(error)) => error,
            Some(Ok(_)) | None => return RetryAction::NoActionIndicated,
        };
        let code = error
            .as_operation_error()
            .and_then(|e| e.downcast_ref::<RunTaskError>())
            .and_then(|e| e.code());
        match code {
            Some(code) if self.codes.contains(&code) => RetryAction::transient_error(),
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "RetryCodes"
    }
}

/// Never retries, whatever the built-in classifiers say: `RetryForbidden` ends the decision.
#[derive(Debug)]
pub struct NeverRetry;

impl aws_sdk_ecs::config::retry::ClassifyRetry for NeverRetry {
    fn classify_retry(
        &self,
        _ctx: &aws_sdk_ecs::config::interceptors::InterceptorContext,
    ) -> aws_sdk_ecs::config::retry::RetryAction {
        aws_sdk_ecs::config::retry::RetryAction::RetryForbidden
    }

    fn name(&self) -> &'static str {
        "NeverRetry"
    }
}

/// A client of `endpoint` with `classifier` added to the built-in ones (3 attempts).
pub fn client_with_classifier(
    endpoint: &str,
    classifier: impl aws_sdk_ecs::config::retry::ClassifyRetry + 'static,
) -> Client {
    let base = client_for(endpoint, None);
    let mut builder = base.config().to_builder().retry_classifier(classifier);
    builder.set_retry_config(Some(
        RetryConfig::standard()
            .with_max_attempts(3)
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(5)),
    ));
    Client::from_conf(builder.build())
}

/// Adds a tracing header to every request before it is signed, as programs do with an
/// interceptor.
#[derive(Debug)]
pub struct TraceHeader(pub &'static str);

impl aws_sdk_ecs::config::Intercept for TraceHeader {
    fn name(&self) -> &'static str {
        "TraceHeader"
    }

    fn modify_before_signing(
        &self,
        context: &mut aws_sdk_ecs::config::interceptors::BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &aws_sdk_ecs::config::RuntimeComponents,
        _cfg: &mut aws_sdk_ecs::config::ConfigBag,
    ) -> Result<(), aws_sdk_ecs::error::BoxError> {
        context
            .request_mut()
            .headers_mut()
            .insert("x-trace-id", self.0);
        Ok(())
    }
}

/// A client of `endpoint` with `interceptor`.
pub fn client_with_interceptor(
    endpoint: &str,
    interceptor: impl aws_sdk_ecs::config::Intercept + 'static,
) -> Client {
    let base = client_for(endpoint, None);
    Client::from_conf(base.config().to_builder().interceptor(interceptor).build())
}
