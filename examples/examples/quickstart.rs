//! cloudwire in one run: list Identity Center instances page by page, create
//! an IAM user, assume an STS agency, and show what an error looks like.
//!
//! ```text
//! cargo run --example quickstart                  # against the built-in simulator
//! cargo run --example quickstart -- --endpoint https://gateway.example --token ... \
//!     --domain-id d78cbac1... --agency-urn iam::<account_id>:agency:<agency_name>
//! ```
//!
//! Exits 0 when every step behaved as expected (the last one is meant to fail).

mod common;

use cloudwire::Client;
use cloudwire::config::{Config, Env};
use cloudwire_examples::services::{iam, identity_center, sts};
use cloudwire_examples::simulator::Simulator;
use common::{Args, Target};
use std::error::Error;
use std::process::ExitCode;

/// The region the simulator stands for.
const REGION: &str = "cn-north-4";

const USAGE: &str = "\
usage: quickstart [--endpoint URL] [--token TOKEN] [--domain-id ID] [--agency-urn URN]
                  [--identity-center-endpoint URL] [--iam-endpoint URL] [--sts-endpoint URL]

Without an endpoint (flag or CLOUDWIRE_ENDPOINT) it starts the built-in simulator
and configures the clients from the SDK's variables, which it sets for it.
With one, credentials (--token or CLOUDWIRE_TOKEN, else AK/SK from
HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK), the account to create the user in
(--domain-id) and an agency to assume (--agency-urn) are needed; the per-service
endpoints default to --endpoint.";

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse(
        USAGE,
        &[
            "domain-id",
            "agency-urn",
            "identity-center-endpoint",
            "iam-endpoint",
            "sts-endpoint",
        ],
    );
    common::exit_code(run(&args).await)
}

async fn run(args: &Args) -> Result<bool, Box<dyn Error>> {
    let target = Target::connect(args, Simulator::builder()).await?;
    let domain_id = target.value(args, "domain-id", |sim| {
        sim.agencies()[0].account_id().to_owned()
    })?;
    let agency_urn = target.value(args, "agency-urn", |sim| sim.agencies()[0].urn())?;
    let (identity_center, iam, sts) = match &target.simulator {
        // Configured as the official SDKs are: endpoints from the region
        // catalogue, credentials from the default chain, the domain ID from
        // IAM. The variables are the ones a user would export; the example
        // sets them for the simulator (HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK
        // and HUAWEICLOUD_SDK_REGION_<SERVICE>_CN_NORTH_4).
        Some(sim) => {
            let config = Config::with_env(Env::from_vars(sim.env_vars(REGION)));
            println!(
                "configured as the SDKs are, for {REGION}: endpoints from HUAWEICLOUD_SDK_REGION_<SERVICE>_CN_NORTH_4, \
                 AK/SK from the default chain (HUAWEICLOUD_SDK_AK/_SK), X-Domain-Id looked up from IAM"
            );
            let client = |service| config.global_client(Client::builder(), service, REGION);
            (client("identitycenter")?, client("iam")?, client("sts")?)
        }
        // One pool and one credential for all three services, each on its own base URL.
        None => {
            let service = |flag: &str| -> Result<Client, Box<dyn Error>> {
                Ok(match args.get(flag) {
                    Some(url) => target.client.with_endpoint(url)?,
                    None => target.client.clone(),
                })
            };
            (
                service("identity-center-endpoint")?,
                service("iam-endpoint")?,
                service("sts-endpoint")?,
            )
        }
    };

    println!("\n1. Identity Center: list instances, 2 per page");
    let mut request = identity_center::ListInstances {
        limit: Some(2),
        marker: None,
    };
    let (mut pages, mut count) = (0, 0);
    loop {
        let page = identity_center.send(&request).await?;
        pages += 1;
        for instance in &page.instances {
            count += 1;
            println!(
                "   {}  (identity store {})",
                instance.instance_id, instance.identity_store_id
            );
        }
        match page.page_info.next_marker {
            Some(marker) => request.marker = Some(marker),
            None => break,
        }
    }
    println!("   {count} instances in {pages} pages");

    println!("\n2. IAM: create a user");
    let name = common::unique_name("cloudwire-qs");
    let created = iam
        .send(iam::CreateUser {
            user: iam::NewUser {
                description: Some("created by the cloudwire quickstart".into()),
                ..iam::NewUser::new(name, domain_id)
            },
        })
        .await?;
    let user = &created.user;
    println!(
        "   created {} (id {}, at {})",
        user.name, user.id, user.create_time
    );
    println!("   request ID {}", display_id(created.request_id.as_ref()));

    println!("\n3. STS: assume {agency_urn}");
    let assumed = sts
        .send(sts::AssumeAgency::new(agency_urn.as_str(), "quickstart"))
        .await?;
    let credentials = &assumed.credentials;
    println!("   acting as {}", assumed.assumed_agency.urn);
    println!(
        "   access key {}, secret key {}, expires {}",
        credentials.access_key_id, credentials.secret_access_key, credentials.expiration
    );

    // Temporary credentials sign like permanent ones, plus their security token.
    let temporary = assumed.credentials.clone().into_credentials()?;
    let as_agency = Client::builder()
        .endpoint(identity_center.endpoint())
        .auth(cloudwire::auth::AkSk::new(temporary))
        .build()?;
    let page = as_agency
        .send(identity_center::ListInstances {
            limit: Some(1),
            marker: None,
        })
        .await?;
    println!(
        "   with them, listed {} instance (request ID {})",
        page.instances.len(),
        display_id(page.request_id.as_ref())
    );

    println!("\n4. An error, on purpose: assume an agency that does not exist");
    let account = agency_urn
        .strip_prefix("iam::")
        .and_then(|rest| rest.split(':').next())
        .unwrap_or_default();
    let missing = sts::agency_urn(account, "cloudwire-no-such-agency");
    let expected = match sts
        .send(sts::AssumeAgency::new(missing, "quickstart"))
        .await
    {
        Ok(_) => {
            println!("   unexpected: the agency exists");
            false
        }
        Err(err) => {
            println!("   {err}");
            println!(
                "   code {}, message {:?}, request ID {}",
                err.code().unwrap_or("(none)"),
                err.message().unwrap_or_default(),
                display_id(err.request_id())
            );
            // Anything but a service's answer (no connection, say) is not what we meant to show.
            err.as_api().is_some()
        }
    };

    target.finish().await;
    println!(
        "\n{}",
        if expected {
            "done"
        } else {
            "something did not go as expected"
        }
    );
    Ok(expected)
}

fn display_id(id: Option<&cloudwire::RequestId>) -> &str {
    id.map_or("(none)", |id| id.as_str())
}
