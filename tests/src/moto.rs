//! The Python venv with moto (and with it boto3 and botocore) that the moto and botocore tests
//! use: created on first use, once, under a file lock so that parallel tests and test
//! binaries do not race, and pinned. `MOTO_VENV` points at an existing one instead. Without
//! `python3` the tests say they did not run (and fail under `CI=true`).

use std::fs::File;
use std::path::PathBuf;
use std::process::Command;

/// What the venv holds; a change here makes the next run build a new venv.
pub const REQUIREMENT: &str = "moto[server]==5.2.5";

/// The venv's directory, with moto installed; `None` (after saying why) when it cannot be made.
pub fn venv(test: &str) -> Option<PathBuf> {
    if let Some(given) = std::env::var_os("MOTO_VENV") {
        let given = PathBuf::from(given);
        return if given.join("bin/moto_server").is_file() {
            Some(given)
        } else {
            crate::not_run(
                test,
                &format!("MOTO_VENV={} has no bin/moto_server", given.display()),
            )
        };
    }
    let target = crate::workspace_root().join("target");
    let venv = target.join("moto-venv");
    let marker = venv.join(format!(
        ".installed {}",
        REQUIREMENT.replace(['[', ']'], "_")
    ));
    if marker.is_file() {
        return Some(venv);
    }
    if Command::new("python3").arg("--version").output().is_err() {
        return crate::not_run(test, "python3 is not installed, so moto cannot be set up");
    }
    std::fs::create_dir_all(&target).expect("create target/");
    let lock = File::create(target.join("moto-venv.lock")).expect("create the venv lock file");
    lock.lock().expect("lock target/moto-venv.lock");
    // Another test may have built it while this one waited for the lock.
    if marker.is_file() {
        return Some(venv);
    }
    let _ = std::fs::remove_dir_all(&venv);
    eprintln!("setting up {} with {REQUIREMENT} (once)", venv.display());
    if let Err(why) = install(&venv) {
        return crate::not_run(test, &why);
    }
    std::fs::write(&marker, REQUIREMENT).expect("write the venv marker");
    Some(venv)
}

/// Creates the venv and installs [`REQUIREMENT`] into it; the error says which step failed.
fn install(venv: &std::path::Path) -> Result<(), String> {
    let venv_arg = venv.display().to_string();
    let pip = venv.join("bin/pip").display().to_string();
    let steps: [(&str, &[&str]); 2] = [
        ("python3", &["-m", "venv", &venv_arg]),
        (
            &pip,
            &[
                "install",
                "--quiet",
                "--disable-pip-version-check",
                REQUIREMENT,
            ],
        ),
    ];
    for (program, args) in steps {
        match Command::new(program).args(args).output() {
            Ok(o) if o.status.success() => {}
            Ok(o) => {
                return Err(format!(
                    "`{program} {}` failed: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&o.stderr)
                ));
            }
            Err(e) => return Err(format!("could not run {program}: {e}")),
        }
    }
    Ok(())
}
