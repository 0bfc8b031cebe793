//! A fresh process's first call with aws-sdk-ecs: `aws_config::load_defaults`, `Client::new`,
//! one RunTask. Started by `coldstart`, which times it and reads what it prints.

ecs_bench::cold_start_program!(peer_from_env, peer_run_task);
