//! IAM Identity Center: list every instance, following `next_marker` page by page.
//!
//! ```text
//! cargo run --example identity_center                       # built-in simulator (5 instances)
//! cargo run --example identity_center -- --limit 100
//! cargo run --example identity_center -- --endpoint https://identitycenter.<region>.myhuaweicloud.com --token ...
//! ```

mod common;

use cloudwire_examples::services::identity_center::ListInstances;
use cloudwire_examples::simulator::Simulator;
use common::{Args, Target};
use std::error::Error;
use std::process::ExitCode;

const USAGE: &str = "\
usage: identity_center [--endpoint URL] [--token TOKEN] [--limit N]

Lists all Identity Center instances, N per page (1 to 100; default 2, so that
paging shows). Without an endpoint (flag or CLOUDWIRE_ENDPOINT) it starts the
built-in simulator; with one, credentials are needed (--token or CLOUDWIRE_TOKEN, else AK/SK from
HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK).";

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse(USAGE, &["limit"]);
    common::exit_code(run(&args).await)
}

async fn run(args: &Args) -> Result<bool, Box<dyn Error>> {
    let limit = args.parsed::<u32>("limit")?.unwrap_or(2);
    let target = Target::connect(args, Simulator::builder().instances(5)).await?;
    let mut request = ListInstances {
        limit: Some(limit),
        marker: None,
    };
    let mut count = 0;
    for page_number in 1.. {
        let page = target.client.send(&request).await?;
        let n = page.page_info.current_count;
        println!(
            "page {page_number}: {n} instance{} (request ID {})",
            if n == 1 { "" } else { "s" },
            page.request_id.as_ref().map_or("(none)", |id| id.as_str())
        );
        for instance in &page.instances {
            count += 1;
            let alias = instance.alias.as_deref().unwrap_or("no alias");
            println!(
                "  {}  {}  {alias}",
                instance.instance_id, instance.identity_store_id
            );
            println!("      {}", instance.instance_urn);
        }
        match page.page_info.next_marker {
            Some(marker) => request.marker = Some(marker),
            None => break,
        }
    }
    println!("{count} instances in all");
    target.finish().await;
    Ok(true)
}
