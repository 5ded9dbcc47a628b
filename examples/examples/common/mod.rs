//! What the examples share: flags parsed by hand, and the target they call
//! (a real endpoint, or the built-in simulator when none is given).

// Each example uses a part of this module.
#![allow(dead_code)]

use cloudwire::Client;
use cloudwire::auth::{AkSk, Credentials, Token};
use cloudwire_examples::simulator::{
    DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, Simulator, SimulatorBuilder,
};
use std::collections::HashMap;
use std::error::Error;
use std::process::ExitCode;

/// Flags every example takes.
const COMMON_FLAGS: &[&str] = &["endpoint", "token"];

/// `--name value` / `--name=value` flags, checked against a list.
pub struct Args {
    values: HashMap<String, String>,
}

impl Args {
    /// Parses the command line. `--help` prints `usage` and exits 0; a
    /// mistake prints it to stderr and exits 2.
    pub fn parse(usage: &str, flags: &[&str]) -> Args {
        match Args::try_parse(std::env::args().skip(1), flags) {
            Ok(Some(args)) => args,
            Ok(None) => {
                println!("{usage}");
                std::process::exit(0);
            }
            Err(message) => {
                eprintln!("error: {message}\n\n{usage}");
                std::process::exit(2);
            }
        }
    }

    /// `Ok(None)` for `--help`.
    fn try_parse(
        argv: impl Iterator<Item = String>,
        flags: &[&str],
    ) -> Result<Option<Args>, String> {
        let mut values = HashMap::new();
        let mut argv = argv.peekable();
        while let Some(arg) = argv.next() {
            if arg == "--help" || arg == "-h" {
                return Ok(None);
            }
            let Some(flag) = arg.strip_prefix("--") else {
                return Err(format!("unexpected argument `{arg}`"));
            };
            let (name, value) = match flag.split_once('=') {
                Some((name, value)) => (name.to_owned(), value.to_owned()),
                None => {
                    let value = argv
                        .next()
                        .ok_or_else(|| format!("`--{flag}` needs a value"))?;
                    (flag.to_owned(), value)
                }
            };
            if !COMMON_FLAGS.contains(&name.as_str()) && !flags.contains(&name.as_str()) {
                return Err(format!("unknown flag `--{name}`"));
            }
            if values.insert(name.clone(), value).is_some() {
                return Err(format!("`--{name}` is given twice"));
            }
        }
        Ok(Some(Args { values }))
    }

    /// A flag's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// A flag's value, else an environment variable's (when set and not empty).
    pub fn get_or_env(&self, name: &str, var: &str) -> Option<String> {
        self.get(name)
            .map(str::to_owned)
            .or_else(|| std::env::var(var).ok().filter(|v| !v.is_empty()))
    }

    /// A flag parsed with `FromStr`, with an error that names the flag.
    pub fn parsed<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, String> {
        self.get(name)
            .map(|text| {
                text.parse::<T>()
                    .map_err(|_| format!("`--{name} {text}` is not valid"))
            })
            .transpose()
    }

    /// `--endpoint` or `CLOUDWIRE_ENDPOINT`.
    pub fn endpoint(&self) -> Option<String> {
        self.get_or_env("endpoint", "CLOUDWIRE_ENDPOINT")
    }
}

/// Where the calls go: a client, and the simulator behind it when there is one.
pub struct Target {
    /// A client for the endpoint: AK/SK-signed, or with a token.
    pub client: Client,
    /// The built-in simulator, kept running while the example needs it.
    pub simulator: Option<Simulator>,
}

impl Target {
    /// The endpoint given on the command line or in the environment, else a
    /// simulator started from `simulator` (its token then needs no flag).
    pub async fn connect(
        args: &Args,
        simulator: SimulatorBuilder,
    ) -> Result<Target, Box<dyn Error>> {
        let Some(endpoint) = args.endpoint() else {
            let sim = simulator.start().await?;
            println!(
                "using the built-in simulator at {}, requests signed with AK/SK",
                sim.url()
            );
            // The simulator verifies signatures as the real gateway does.
            let credentials = Credentials::new(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY);
            let client = Client::builder()
                .endpoint(sim.url())
                .auth(AkSk::new(credentials))
                .build()?;
            return Ok(Target {
                client,
                simulator: Some(sim),
            });
        };
        let builder = Client::builder().endpoint(endpoint.as_str());
        let client = match args.get_or_env("token", "CLOUDWIRE_TOKEN") {
            Some(token) => builder.auth(Token::new(token)).build()?,
            None => {
                // HUAWEICLOUD_SDK_AK, _SK and optional _SECURITY_TOKEN, _PROJECT_ID, _DOMAIN_ID.
                let credentials = Credentials::from_env().map_err(|e| {
                    format!("a real endpoint needs credentials: give `--token TOKEN` (or CLOUDWIRE_TOKEN), or set the SDK's variables ({e})")
                })?;
                builder.auth(AkSk::new(credentials)).build()?
            }
        };
        println!("using {endpoint}");
        Ok(Target {
            client,
            simulator: None,
        })
    }

    /// A value that the simulator provides (the default) unless a flag gives
    /// it; with a real endpoint the flag is required.
    pub fn value(
        &self,
        args: &Args,
        flag: &str,
        from_simulator: impl FnOnce(&Simulator) -> String,
    ) -> Result<String, String> {
        match (args.get(flag), &self.simulator) {
            (Some(value), _) => Ok(value.to_owned()),
            (None, Some(sim)) => Ok(from_simulator(sim)),
            (None, None) => Err(format!("with a real endpoint, give `--{flag}`")),
        }
    }

    /// Stops the simulator, if there is one.
    pub async fn finish(self) {
        if let Some(sim) = self.simulator {
            sim.shutdown().await;
        }
    }
}

/// Runs an example's body and turns its outcome into an exit code: 0 when it
/// went as expected, 1 when not or when it failed.
pub fn exit_code(outcome: Result<bool, Box<dyn Error>>) -> ExitCode {
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// `prefix-<seconds since 1970><process ID>` in hex: a new name each run, at
/// most 32 characters for a prefix of up to 12.
pub fn unique_name(prefix: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("{prefix}-{now:x}{:x}", std::process::id() & 0xFF_FFFF)
}
