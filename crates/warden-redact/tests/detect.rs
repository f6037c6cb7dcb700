//! Every built-in rule family detects a realistic fake credential in a
//! realistic context, with the right rule id and the exact secret span.

mod common;

use base64::Engine;
use common::Rng;
use warden_redact::{ScanOptions, Scanner};

struct Case {
    rule: &'static str,
    text: String,
    secret: String,
}

fn c(rule: &'static str, prefix: &str, secret: String, suffix: &str) -> Case {
    Case {
        rule,
        text: format!("{prefix}{secret}{suffix}"),
        secret,
    }
}

fn cases() -> Vec<Case> {
    let mut r = Rng::new(0x005E_ED0F_3A2D_E11A);
    let pem = |r: &mut Rng, label: &str| {
        format!(
            "-----BEGIN {label}-----\n{}-----END {label}-----",
            r.pem_body(12)
        )
    };
    let b64 = base64::engine::general_purpose::STANDARD;
    vec![
        // AWS
        c("aws-access-key-id", "[default]\naws_access_key_id = ", format!("AKIA{}", r.base32(16)), "\n"),
        c("aws-access-key-id", "export AWS_ACCESS_KEY_ID=", format!("ASIA{}", r.base32(16)), "\n"),
        c("aws-secret-access-key", "aws_secret_access_key = ", r.b64(40), "\nregion = us-east-1\n"),
        c("aws-secret-access-key", r#"{"AccessKeyId": "x", "SecretAccessKey": ""#, r.b64(40), r#"", "Expiration": "2030"}"#),
        c("aws-session-token", r#""SessionToken": ""#, format!("IQoJb3JpZ2lu{}", r.b64(320)), r#"","#),
        // Google
        c("gcp-api-key", "const firebaseConfig = { apiKey: \"", format!("AIza{}", r.urlsafe(35)), "\" };"),
        c("gcp-service-account-key-id", r#"{"type": "service_account", "private_key_id": ""#, r.hex(40), r#"", "client_email": "a@b.iam.gserviceaccount.com"}"#),
        c("gcp-oauth-client-secret", "GOOGLE_CLIENT_SECRET=", format!("GOCSPX-{}", r.urlsafe(28)), "\n"),
        c("gcp-oauth-access-token", "Authorization: Bearer ", format!("ya29.{}", r.urlsafe(150)), "\r\n"),
        c("gcp-oauth-refresh-token", r#"{"refresh_token": ""#, format!("1//0{}", r.urlsafe(100)), r#""}"#),
        // Azure
        c("azure-storage-account-key", "DefaultEndpointsProtocol=https;AccountName=acct01;AccountKey=", format!("{}==", r.b64(86)), ";EndpointSuffix=core.windows.net"),
        c("azure-shared-access-key", "Endpoint=sb://ns1.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=", format!("{}=", r.b64(43)), ""),
        c("azure-sas-token", "curl 'https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&spr=https&sig=", format!("{}%3D", r.alnum(43)), "'"),
        c("azure-ad-client-secret", "AZURE_CLIENT_SECRET=", format!("{}8Q~{}", r.alnum(3), r.alnum(34)), "\n"),
        // GitHub
        c("github-pat", "git clone https://", format!("ghp_{}", r.alnum(36)), "@github.com/acme/app.git"),
        c("github-oauth-token", "token: ", format!("gho_{}", r.alnum(36)), "\n"),
        c("github-user-to-server-token", "GH_TOKEN=", format!("ghu_{}", r.alnum(36)), ""),
        c("github-app-token", "x-access-token:", format!("ghs_{}", r.alnum(36)), "@"),
        c("github-refresh-token", "refresh=", format!("ghr_{}", r.alnum(76)), ";"),
        c("github-fine-grained-pat", "GITHUB_TOKEN=", format!("github_pat_{}_{}", r.alnum(22), r.alnum(59)), "\n"),
        // GitLab
        c("gitlab-pat", "PRIVATE-TOKEN: ", format!("glpat-{}", r.urlsafe(20)), "\n"),
        c("gitlab-pipeline-trigger-token", "-F token=", format!("glptt-{}", r.hex(40)), " -F ref=main"),
        c("gitlab-runner-token", "token = \"", format!("glrt-{}", r.urlsafe(20)), "\""),
        c("gitlab-oauth-app-secret", "secret: ", format!("gloas-{}", r.hex(64)), "\n"),
        // Atlassian
        c("bitbucket-app-password", "BITBUCKET_APP_PASSWORD=", format!("ATBB{}", r.alnum(32)), "\n"),
        c("atlassian-api-token", "JIRA_API_TOKEN=", format!("ATATT3xFfGF0{}={}", r.urlsafe(170), r.hex(8).to_uppercase()), "\n"),
        // Slack
        c("slack-bot-token", "SLACK_BOT_TOKEN=", format!("xoxb-{}-{}-{}", r.digits(11), r.digits(13), r.alnum(24)), "\n"),
        c("slack-user-token", "\"token\": \"", format!("xoxp-{}-{}-{}-{}", r.digits(11), r.digits(12), r.digits(13), r.hex(32)), "\""),
        c("slack-app-token", "SLACK_APP_TOKEN=", format!("xapp-1-A{}-{}-{}", r.upper_alnum(10), r.digits(13), r.hex(64)), "\n"),
        c("slack-webhook-url", "curl -X POST https://", format!("hooks.slack.com/services/T{}/B{}/{}", r.upper_alnum(8), r.upper_alnum(10), r.alnum(24)), " -d @msg.json"),
        // Discord, Telegram, Twilio, e-mail providers
        c("discord-bot-token", "DISCORD_TOKEN=", format!("M{}.{}.{}", r.alnum(25), r.urlsafe(6), r.urlsafe(38)), "\n"),
        c("discord-webhook-url", "url = \"https://", format!("discord.com/api/webhooks/{}/{}", r.digits(18), r.urlsafe(68)), "\""),
        c("telegram-bot-token", "https://api.telegram.org/bot", format!("{}:AA{}", r.digits(10), r.urlsafe(33)), "/sendMessage"),
        c("twilio-auth-token", "TWILIO_AUTH_TOKEN=", r.hex(32), "\n"),
        c("twilio-api-key", "TWILIO_API_KEY=", format!("SK{}", r.hex(32)), "\n"),
        c("sendgrid-api-key", "SENDGRID_API_KEY=", format!("SG.{}.{}", r.urlsafe(22), r.urlsafe(43)), "\n"),
        c("mailgun-api-key", "api:", format!("key-{}", r.hex(32)), ""),
        c("mailchimp-api-key", "MAILCHIMP_KEY=", format!("{}-us14", r.hex(32)), "\n"),
        // Payments
        c("stripe-live-secret-key", "Stripe.api_key = '", format!("{}{}", "sk_live_", r.alnum(99)), "'"),
        c("stripe-test-secret-key", "STRIPE_SECRET_KEY=", format!("{}{}", "sk_test_", r.alnum(24)), "\n"),
        c("stripe-restricted-key", "key: ", format!("{}{}", "rk_live_", r.alnum(99)), "\n"),
        c("stripe-webhook-secret", "STRIPE_WEBHOOK_SECRET=", format!("whsec_{}", r.alnum(32)), "\n"),
        c("braintree-access-token", "BT_TOKEN=", format!("access_token$production${}${}", r.lower_alnum(16), r.hex(32)), "\n"),
        c("square-access-token", "SQUARE_TOKEN=", format!("sq0atp-{}", r.urlsafe(22)), "\n"),
        c("square-oauth-secret", "secret=", format!("sq0csp-{}", r.urlsafe(43)), "\n"),
        c("shopify-access-token", "X-Shopify-Access-Token: ", format!("shpat_{}", r.hex(32)), "\r\n"),
        c("shopify-shared-secret", "SHOPIFY_SECRET=", format!("shpss_{}", r.hex(32)), "\n"),
        // AI providers
        c("openai-api-key", "OPENAI_API_KEY=", format!("sk-{}T3BlbkFJ{}", r.alnum(20), r.alnum(20)), "\n"),
        c("openai-project-key", "client = OpenAI(api_key=\"", format!("sk-proj-{}", r.urlsafe(156)), "\")"),
        c("anthropic-api-key", "x-api-key: ", format!("sk-ant-api03-{}AA", r.urlsafe(93)), "\r\n"),
        c("openrouter-api-key", "OPENROUTER_API_KEY=", format!("sk-or-v1-{}", r.hex(64)), "\n"),
        c("huggingface-token", "huggingface-cli login --token ", format!("hf_{}", r.alpha(34)), ""),
        c("cohere-api-key", "COHERE_API_KEY=", r.alnum(40), "\n"),
        c("groq-api-key", "GROQ_API_KEY=", format!("gsk_{}", r.alnum(52)), "\n"),
        c("replicate-api-token", "REPLICATE_API_TOKEN=", format!("r8_{}", r.alnum(37)), "\n"),
        c("xai-api-key", "XAI_API_KEY=", format!("xai-{}", r.alnum(80)), "\n"),
        c("perplexity-api-key", "PPLX_KEY=", format!("pplx-{}", r.alnum(48)), "\n"),
        c("langsmith-api-key", "LANGSMITH_API_KEY=", format!("lsv2_pt_{}_{}", r.hex(32), r.hex(10)), "\n"),
        c("pinecone-api-key", "PINECONE_API_KEY=", format!("pcsk_{}", r.alnum(70)), "\n"),
        c("tavily-api-key", "TAVILY_API_KEY=", format!("tvly-dev-{}", r.alnum(32)), "\n"),
        // Registries
        c("npm-access-token", "//registry.npmjs.org/:_authToken=", format!("npm_{}", r.alnum(36)), "\n"),
        c("npmrc-auth-token", "//npm.pkg.github.com/:_authToken=", r.alnum(40), "\n"),
        c("pypi-upload-token", "password = ", format!("pypi-AgEIcHlwaS5vcmc{}", r.urlsafe(120)), "\n"),
        c("dockerhub-pat", "echo ", format!("dckr_pat_{}", r.urlsafe(27)), " | docker login -u bot --password-stdin"),
        // Cloud
        c("heroku-api-key", "HEROKU_API_KEY=", format!("HRKU-AA{}", r.urlsafe(58)), "\n"),
        c("digitalocean-token", "DIGITALOCEAN_TOKEN=", format!("dop_v1_{}", r.hex(64)), "\n"),
        c("linode-api-token", "LINODE_TOKEN=", r.hex(64), "\n"),
        c("cloudflare-api-token", "CLOUDFLARE_API_TOKEN=", r.urlsafe(40), "\n"),
        c("cloudflare-origin-ca-key", "origin_ca_key = \"", format!("v1.0-{}-{}", r.hex(24), r.hex(146)), "\""),
        c("vault-token", "VAULT_TOKEN=", format!("hvs.{}", r.urlsafe(90)), "\n"),
        c("terraform-cloud-token", "credentials \"app.terraform.io\" { token = \"", format!("{}.atlasv1.{}", r.alnum(14), r.urlsafe(67)), "\" }"),
        c("pulumi-access-token", "PULUMI_ACCESS_TOKEN=", format!("pul-{}", r.hex(40)), "\n"),
        c("doppler-token", "DOPPLER_TOKEN=", format!("dp.st.{}", r.alnum(43)), "\n"),
        c("flyio-token", "FLY_API_TOKEN=", format!("fo1_{}", r.urlsafe(43)), "\n"),
        c("alibaba-access-key-id", "access_key_id: ", format!("LTAI{}", r.alnum(20)), "\n"),
        c("databricks-token", "DATABRICKS_TOKEN=", format!("dapi{}", r.hex(32)), "\n"),
        c("supabase-access-token", "SUPABASE_ACCESS_TOKEN=", format!("sbp_{}", r.hex(40)), "\n"),
        c("supabase-secret-key", "SUPABASE_SECRET_KEY=", format!("sb_secret_{}", r.urlsafe(31)), "\n"),
        c("planetscale-token", "DATABASE_PASSWORD=", format!("pscale_pw_{}", r.urlsafe(43)), "\n"),
        c("firebase-cloud-messaging-key", "Authorization: key=", format!("AAAA{}:APA91b{}", r.urlsafe(7), r.urlsafe(134)), "\n"),
        c("mapbox-secret-token", "MAPBOX_TOKEN=", format!("sk.eyJ1{}.{}", r.urlsafe(60), r.urlsafe(22)), "\n"),
        // Observability / SaaS
        c("datadog-api-key", "DD_API_KEY=", r.hex(32), "\n"),
        c("datadog-app-key", "-H \"DD-APPLICATION-KEY: ", r.hex(40), "\""),
        c("newrelic-user-api-key", "NEW_RELIC_API_KEY=", format!("NRAK-{}", r.upper_alnum(27)), "\n"),
        c("newrelic-license-key", "license_key: ", format!("{}NRAL", r.hex(36)), "\n"),
        c("sentry-dsn", "SENTRY_DSN=https://", r.hex(32), "@o4504.ingest.us.sentry.io/4506\n"),
        c("sentry-user-token", "SENTRY_AUTH_TOKEN=", format!("sntryu_{}", r.hex(64)), "\n"),
        c("pagerduty-api-key", "Authorization: Token token=", r.alnum(20), "\n"),
        c("grafana-service-account-token", "GRAFANA_TOKEN=", format!("glsa_{}_{}", r.alnum(32), r.hex(8)), "\n"),
        c("sonarqube-token", "SONAR_TOKEN=", format!("squ_{}", r.hex(40)), "\n"),
        c("circleci-pat", "CIRCLE_TOKEN=", format!("CCIPAT_{}_{}", r.alnum(22), r.hex(40)), "\n"),
        c("notion-api-token", "NOTION_TOKEN=", format!("ntn_{}{}", r.digits(11), r.alnum(35)), "\n"),
        c("linear-api-key", "LINEAR_API_KEY=", format!("lin_api_{}", r.alnum(40)), "\n"),
        c("airtable-pat", "AIRTABLE_TOKEN=", format!("pat{}.{}", r.alnum(14), r.hex(64)), "\n"),
        c("postman-api-key", "POSTMAN_API_KEY=", format!("PMAK-{}-{}", r.hex(24), r.hex(34)), "\n"),
        c("figma-pat", "X-Figma-Token: ", format!("figd_{}", r.urlsafe(40)), "\n"),
        c("asana-pat", "ASANA_TOKEN=", format!("1/{}:{}", r.digits(16), r.hex(32)), "\n"),
        c("dropbox-token", "DROPBOX_TOKEN=", format!("sl.{}", r.urlsafe(138)), "\n"),
        c("okta-api-token", "Authorization: SSWS ", format!("00{}", r.urlsafe(40)), "\n"),
        c("auth0-client-secret", "AUTH0_CLIENT_SECRET=", r.urlsafe(64), "\n"),
        c("age-secret-key", "# created: 2024\n", format!("AGE-SECRET-KEY-1{}", r.from("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)), "\n"),
        // Structures
        c("jwt", "Authorization: Bearer ", format!("eyJhbGciOiJIUzI1NiJ9.eyJ{}.{}", r.urlsafe(80), r.urlsafe(43)), "\n"),
        c("private-key-rsa", "key.pem:\n", pem(&mut r, "RSA PRIVATE KEY"), "\n"),
        c("private-key-ec", "", pem(&mut r, "EC PRIVATE KEY"), ""),
        c("private-key-dsa", "", pem(&mut r, "DSA PRIVATE KEY"), ""),
        c("private-key-pkcs8", r#"{"private_key": ""#, pem(&mut r, "PRIVATE KEY").replace('\n', "\\n"), r#"", "client_email": "x"}"#),
        c("private-key-encrypted", "", pem(&mut r, "ENCRYPTED PRIVATE KEY"), "\n"),
        c("private-key-openssh", "$ cat ~/.ssh/id_ed25519\n", pem(&mut r, "OPENSSH PRIVATE KEY"), "\n$ "),
        c("pgp-private-key-block", "", pem(&mut r, "PGP PRIVATE KEY BLOCK"), "\n"),
        c("postgres-url-password", "DATABASE_URL=postgresql://app:", r.alnum(20), "@db.internal:5432/app\n"),
        c("mysql-url-password", "mysql+pymysql://svc:", r.password(16), "@10.0.0.5/orders"),
        c("mongodb-url-password", "MONGO_URI=mongodb+srv://admin:", r.alnum(18), "@cluster0.ab1cd.mongodb.net/?retryWrites=true"),
        c("redis-url-password", "REDIS_URL=rediss://:", r.alnum(32), "@cache.internal:6380/0"),
        c("amqp-url-password", "amqp://worker:", r.alnum(16), "@mq.internal:5672/vhost"),
        // Generic
        c("url-basic-auth", "git remote add origin https://deploy:", r.password(14), "@git.internal.corp/team/repo.git"),
        c("authorization-bearer", "curl -H 'Authorization: Bearer ", r.alnum(40), "' https://api.internal/v1/x"),
        c("authorization-basic", "Authorization: Basic ", b64.encode(format!("svc-build:{}", r.password(16))), "\r\n"),
        c("cli-secret-argument", "$ deployctl login --token ", r.alnum(32), " --org acme"),
        c("mysql-cli-password", "mysql -h db -u root -p", r.password(12), " orders < dump.sql"),
        c("curl-user-password", "curl -s -u admin:", r.password(14), " https://jenkins.internal/api/json"),
        c("sshpass-password", "sshpass -p '", r.password(12), "' ssh deploy@host"),
        c("netrc-password", "machine api.internal login bot password ", r.password(14), "\n"),
        c("generic-password-assignment", "DB_PASSWORD=", r.password(14), "\n"),
        c("generic-password-assignment", "    \"password\": \"", r.password(12), "\",\n"),
        c("generic-secret-assignment", "client_secret: \"", r.alnum(32), "\"\n"),
        c("generic-secret-assignment", "WEBHOOK_SIGNING_SECRET=", r.alnum(40), "\n"),
    ]
}

#[test]
fn every_fake_secret_is_detected_by_its_rule() {
    let scanner = Scanner::new();
    let cases = cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let found = scanner.scan(&case.text, &ScanOptions::default());
        let hit = found
            .iter()
            .find(|m| case.text[m.span.clone()] == *case.secret);
        match hit {
            Some(m) if m.rule_id == case.rule => {}
            Some(m) => failures.push(format!("{}: found by {} instead", case.rule, m.rule_id)),
            None => failures.push(format!(
                "{}: not found exactly; got {:?}",
                case.rule,
                found
                    .iter()
                    .map(|m| (&m.rule_id, m.span.clone()))
                    .collect::<Vec<_>>()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn rule_families_covered() {
    let ids: std::collections::BTreeSet<&str> = cases().iter().map(|c| c.rule).collect();
    assert!(
        ids.len() >= 60,
        "only {} distinct rules exercised",
        ids.len()
    );
}
