//! IAM: create a user, then try to create it again and show the error.
//!
//! ```text
//! cargo run --example iam                                   # built-in simulator
//! cargo run --example iam -- --endpoint https://iam.myhuaweicloud.com --token ... --domain-id d78cbac1...
//! ```

mod common;

use cloudwire_examples::services::iam::{CreateUser, NewUser};
use cloudwire_examples::simulator::Simulator;
use common::{Args, Target};
use std::error::Error;
use std::process::ExitCode;

const USAGE: &str = "\
usage: iam [--endpoint URL] [--token TOKEN] [--domain-id ID] [--name NAME] [--email EMAIL]

Creates the IAM user NAME (default: a new name each run) in the account ID,
then creates it again to show the error IAM answers with. Without an endpoint
(flag or CLOUDWIRE_ENDPOINT) it starts the built-in simulator; with one, a token
(--token or CLOUDWIRE_TOKEN, else AK/SK from HUAWEICLOUD_SDK_AK and
HUAWEICLOUD_SDK_SK) and --domain-id are needed.";

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse(USAGE, &["domain-id", "name", "email"]);
    common::exit_code(run(&args).await)
}

async fn run(args: &Args) -> Result<bool, Box<dyn Error>> {
    let target = Target::connect(args, Simulator::builder()).await?;
    let domain_id = target.value(args, "domain-id", |sim| {
        sim.agencies()[0].account_id().to_owned()
    })?;
    let name = match args.get("name") {
        Some(name) => name.to_owned(),
        None => common::unique_name("cloudwire-ex"),
    };
    let create = CreateUser {
        user: NewUser {
            email: args.get("email").map(str::to_owned),
            description: Some("created by the cloudwire iam example".into()),
            ..NewUser::new(name, domain_id)
        },
    };

    let created = target.client.send(&create).await?;
    let user = &created.user;
    println!("created user {} (HTTP 201)", user.name);
    println!("  id           {}", user.id);
    println!("  domain       {}", user.domain_id);
    println!("  enabled      {}", user.enabled);
    println!(
        "  access mode  {}",
        user.access_mode.as_deref().unwrap_or("-")
    );
    println!("  created at   {}", user.create_time);
    println!(
        "  request ID   {}",
        created
            .request_id
            .as_ref()
            .map_or("(none)", |id| id.as_str())
    );

    println!("creating it again:");
    let expected = match target.client.send(&create).await {
        Ok(_) => {
            println!("  unexpected: created twice");
            false
        }
        Err(err) => {
            println!("  {err}");
            err.as_api().is_some()
        }
    };
    target.finish().await;
    Ok(expected)
}
