//! A fresh process's first call with our client: `Config::from_env`, `Client::new`, one
//! RunTask. Started by `coldstart`, which times it and reads what it prints.

ecs_bench::cold_start_program!(ours_from_env, ours_run_task);
