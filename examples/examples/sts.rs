//! STS: obtain temporary credentials by assuming an agency.
//!
//! ```text
//! cargo run --example sts                                   # built-in simulator
//! cargo run --example sts -- --endpoint https://sts.myhuaweicloud.com --token ... \
//!     --agency-urn iam::<account_id>:agency:<agency_name> --duration 900
//! ```

mod common;

use cloudwire_examples::services::sts::AssumeAgency;
use cloudwire_examples::simulator::Simulator;
use common::{Args, Target};
use std::error::Error;
use std::process::ExitCode;

const USAGE: &str = "\
usage: sts [--endpoint URL] [--token TOKEN] [--agency-urn URN] [--session NAME]
           [--duration SECONDS] [--source-identity ID]

Assumes the agency URN (iam::<account_id>:agency:<agency_name>) for a session
(default name: cloudwire-example) of SECONDS (900 to 43200; STS's default is
3600) and prints the credentials, secrets redacted. Without an endpoint (flag
or CLOUDWIRE_ENDPOINT) it starts the built-in simulator; with one, a token
(--token or CLOUDWIRE_TOKEN, else AK/SK from HUAWEICLOUD_SDK_AK and
HUAWEICLOUD_SDK_SK) and --agency-urn are needed.";

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse(
        USAGE,
        &["agency-urn", "session", "duration", "source-identity"],
    );
    common::exit_code(run(&args).await)
}

async fn run(args: &Args) -> Result<bool, Box<dyn Error>> {
    let duration_seconds = args.parsed::<u32>("duration")?;
    let target = Target::connect(args, Simulator::builder()).await?;
    let agency_urn = target.value(args, "agency-urn", |sim| sim.agencies()[0].urn())?;
    let assume = AssumeAgency {
        duration_seconds,
        source_identity: args.get("source-identity").map(str::to_owned),
        ..AssumeAgency::new(
            agency_urn,
            args.get("session").unwrap_or("cloudwire-example"),
        )
    };

    let assumed = target.client.send(&assume).await?;
    let credentials = &assumed.credentials;
    println!("assumed {}", assume.agency_urn);
    println!("  acting as          {}", assumed.assumed_agency.urn);
    println!("  assumed agency ID  {}", assumed.assumed_agency.id);
    if let Some(source) = &assumed.source_identity {
        println!("  source identity    {source}");
    }
    println!("  access key ID      {}", credentials.access_key_id);
    // `Secret` prints as `***`: logging credentials cannot leak them.
    println!("  secret access key  {}", credentials.secret_access_key);
    println!(
        "  security token     {} ({} characters)",
        credentials.security_token,
        credentials.security_token.expose().len()
    );
    println!("  expires            {}", credentials.expiration);
    println!(
        "  request ID         {}",
        assumed
            .request_id
            .as_ref()
            .map_or("(none)", |id| id.as_str())
    );
    target.finish().await;
    Ok(true)
}
