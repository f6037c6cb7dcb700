//! Built-in detection rules, written for Warden from the public token
//! formats of each provider (prefixes, alphabets and lengths are facts; the
//! regexes and validators here are our own).
//!
//! Every rule has keywords (lower-case) for the Aho-Corasick prefilter.
//! Most rules are *anchored*: the match starts at the keyword hit, so a
//! keyword that occurs in ordinary text costs one failed anchored search of
//! a few bytes. Rules whose keyword sits inside the token are searched in a
//! small window around the hit. No built-in rule runs without a keyword.

use crate::rule::{compile_builtin_regex, Class, Extent, Locality, MatchCtx, Rule, Validator};
use std::sync::Arc;

/// Key-name tail allowed between a context keyword and the assignment.
const KT: &str = r"[a-z0-9_.\-]{0,24}";
/// An assignment: optional closing quote of the key, an operator, optional
/// opening quote of the value (JSON, YAML, TOML, shell, code, headers).
const AS: &str = r#"(?:\\?["'`])?\s{0,4}(?::=|=>|=|:)\s{0,4}(?:\\?["'`])?"#;
/// End of an alphanumeric token.
const END: &str = r"(?:[^A-Za-z0-9_\-]|$)";

pub(crate) struct Builtin {
    pub id: &'static str,
    pub description: &'static str,
    pub keywords: &'static [&'static str],
    pub regex: String,
    pub entropy: Option<f64>,
    pub locality: Locality,
    pub class: Class,
    pub validator: Option<Validator>,
    pub extent: Extent,
}

/// An anchored, provider-specific token rule.
fn t(
    id: &'static str,
    description: &'static str,
    keywords: &'static [&'static str],
    regex: impl Into<String>,
) -> Builtin {
    Builtin {
        id,
        description,
        keywords,
        regex: regex.into(),
        entropy: None,
        locality: Locality::Anchored { max_len: 320 },
        class: Class::Specific,
        validator: None,
        extent: Extent::Match,
    }
}

/// A context rule: `<keyword><key tail> <op> <value>`, anchored at the
/// keyword; `value` is case-sensitive and becomes the secret group.
fn ctx(
    id: &'static str,
    description: &'static str,
    keywords: &'static [&'static str],
    key: &str,
    value: &str,
) -> Builtin {
    let mut b = t(
        id,
        description,
        keywords,
        format!("(?i)(?:{key}){KT}{AS}(?-i:({value})){END}"),
    );
    b.class = Class::Context;
    b
}

impl Builtin {
    fn near(mut self, before: usize, after: usize) -> Self {
        self.locality = Locality::Near { before, after };
        self
    }
    fn max_len(mut self, n: usize) -> Self {
        self.locality = Locality::Anchored { max_len: n };
        self
    }
    fn entropy(mut self, e: f64) -> Self {
        self.entropy = Some(e);
        self
    }
    fn context(mut self) -> Self {
        self.class = Class::Context;
        self
    }
    fn generic(mut self) -> Self {
        self.class = Class::Generic;
        self
    }
    fn validate(mut self, v: Validator) -> Self {
        self.validator = Some(v);
        self
    }
    fn pem(mut self) -> Self {
        self.extent = Extent::PemBlock;
        self.locality = Locality::Anchored { max_len: 96 };
        self
    }

    pub(crate) fn compile(self) -> Rule {
        let regex = compile_builtin_regex(&self.regex)
            .unwrap_or_else(|e| panic!("built-in rule {} must compile: {e}", self.id));
        let groups = regex.captures_len().saturating_sub(1);
        let word_start = self.regex.starts_with(r"\b") || self.regex.starts_with(r"(?i)\b");
        Rule {
            id: Arc::from(self.id),
            description: self.description.to_string(),
            pattern: self.regex,
            regex,
            groups,
            secret_group: None,
            entropy: self.entropy,
            keywords: self
                .keywords
                .iter()
                .map(|k| k.to_ascii_lowercase())
                .collect(),
            allowlists: Vec::new(),
            locality: self.locality,
            class: self.class,
            validator: self.validator,
            extent: self.extent,
            word_start,
        }
    }
}

/// The built-in rule set, compiled.
pub fn builtin_rules() -> Vec<Rule> {
    builtin_specs().into_iter().map(Builtin::compile).collect()
}

/// Number of built-in rules.
pub fn builtin_rule_count() -> usize {
    builtin_specs().len()
}

#[allow(clippy::vec_init_then_push)]
pub(crate) fn builtin_specs() -> Vec<Builtin> {
    let mut r = Vec::with_capacity(180);

    // ---------------------------------------------------------------- AWS
    r.push(
        t(
            "aws-access-key-id",
            "AWS access key id (AKIA/ASIA/ABIA/ACCA + 16 base32)",
            &["akia", "asia", "abia", "acca"],
            r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b",
        )
        .validate(v_not_example),
    );
    r.push(
        t(
            "aws-secret-access-key",
            "AWS secret access key in an assignment",
            &["aws", "secretaccesskey", "secret_access_key"],
            format!(
                r"(?i)(?:aws{KT}(?:secret|sk){KT}|secret_?access_?key{KT}){AS}(?-i:([A-Za-z0-9/+]{{40}}))(?:[^A-Za-z0-9/+=]|$)"
            ),
        )
        .entropy(3.5)
        .validate(v_not_example),
    );
    r.push(
        t(
            "aws-session-token",
            "AWS STS session token",
            &["iqojb3jpz2lu", "fwogzxivyxdz", "fqogzxivyxdz", "aqodyxdze"],
            r"(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz|AQoDYXdzE)[A-Za-z0-9/+=]{80,2000}",
        )
        .max_len(2200),
    );

    // --------------------------------------------------------- Google / GCP
    r.push(t(
        "gcp-api-key",
        "Google API key (AIza..., also Firebase/Gemini)",
        &["aiza"],
        format!(r"\b(AIza[0-9A-Za-z_\-]{{35}}){END}"),
    ));
    r.push(t(
        "gcp-service-account-key-id",
        "GCP service-account JSON private_key_id",
        &["private_key_id"],
        r#"(?i)private_key_id\\?"\s*:\s*\\?"([a-f0-9]{40})\\?""#,
    ));
    r.push(t(
        "gcp-oauth-client-secret",
        "Google OAuth client secret (GOCSPX-)",
        &["gocspx-"],
        format!(r"\b(GOCSPX-[A-Za-z0-9_\-]{{28}}){END}"),
    ));
    r.push(
        t(
            "gcp-oauth-access-token",
            "Google OAuth access token (ya29.)",
            &["ya29."],
            r"\bya29\.[0-9A-Za-z_\-]{30,2048}",
        )
        .max_len(2100),
    );
    r.push(
        t(
            "gcp-oauth-refresh-token",
            "Google OAuth refresh token (1//0...)",
            &["1//0"],
            r"1//0[0-9A-Za-z_\-]{40,512}",
        )
        .max_len(600),
    );

    // -------------------------------------------------------------- Azure
    r.push(t(
        "azure-storage-account-key",
        "Azure storage account key in a connection string (AccountKey=)",
        &["accountkey"],
        r"(?i)AccountKey=(?-i:([A-Za-z0-9+/]{86}==))",
    ));
    r.push(t(
        "azure-shared-access-key",
        "Azure Service Bus / Event Hubs SharedAccessKey",
        &["sharedaccesskey="],
        r"(?i)SharedAccessKey=(?-i:([A-Za-z0-9+/]{42,44}=))",
    ));
    r.push(
        t(
            "azure-sas-token",
            "Azure shared access signature (sv=...&sig=)",
            &["sig="],
            r#"(?i)\bsv=[0-9]{4}-[0-9]{2}-[0-9]{2}&[^\s"'<>]{0,500}?\bsig=((?:[A-Za-z0-9+/]|%2B|%2F){40,64}(?:%3D|=){0,2})"#,
        )
        .near(600, 140),
    );
    r.push(
        t(
            "azure-ad-client-secret",
            "Microsoft Entra ID (Azure AD) client secret (xxx8Q~...)",
            &["q~"],
            r"(?:^|[^A-Za-z0-9_~.\-])([A-Za-z0-9_~.\-]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31,34})(?:[^A-Za-z0-9_~.\-]|$)",
        )
        .near(8, 48),
    );
    r.push(ctx(
        "azure-devops-pat",
        "Azure DevOps personal access token in an assignment",
        &[
            "azure_devops",
            "azure-devops",
            "azuredevops",
            "ado_",
            "azdo",
        ],
        r"azure[_\-]?devops|ado_|azdo",
        r"[a-z2-7]{52}",
    ));

    // ------------------------------------------------------------- GitHub
    r.push(t(
        "github-pat",
        "GitHub personal access token (classic)",
        &["ghp_"],
        r"\bghp_[A-Za-z0-9]{36}\b",
    ));
    r.push(t(
        "github-oauth-token",
        "GitHub OAuth access token",
        &["gho_"],
        r"\bgho_[A-Za-z0-9]{36}\b",
    ));
    r.push(t(
        "github-user-to-server-token",
        "GitHub App user-to-server token",
        &["ghu_"],
        r"\bghu_[A-Za-z0-9]{36}\b",
    ));
    r.push(t(
        "github-app-token",
        "GitHub App installation (server-to-server) token",
        &["ghs_"],
        r"\bghs_[A-Za-z0-9]{36}\b",
    ));
    r.push(t(
        "github-refresh-token",
        "GitHub refresh token",
        &["ghr_"],
        r"\bghr_[A-Za-z0-9]{36,76}\b",
    ));
    r.push(t(
        "github-fine-grained-pat",
        "GitHub fine-grained personal access token",
        &["github_pat_"],
        r"\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b",
    ));

    // ------------------------------------------------------------- GitLab
    r.push(t(
        "gitlab-pat",
        "GitLab personal/project/group access token",
        &["glpat-"],
        r"\bglpat-[A-Za-z0-9_\-]{20}(?:[A-Za-z0-9_\-.]{0,80}[A-Za-z0-9_\-])?",
    ));
    r.push(t(
        "gitlab-pipeline-trigger-token",
        "GitLab pipeline trigger token",
        &["glptt-"],
        r"\bglptt-[0-9a-f]{40}\b",
    ));
    r.push(t(
        "gitlab-runner-token",
        "GitLab runner authentication token",
        &["glrt-"],
        format!(r"\b(glrt-[A-Za-z0-9_\-]{{20,64}}){END}"),
    ));
    r.push(t(
        "gitlab-deploy-token",
        "GitLab deploy token",
        &["gldt-"],
        format!(r"\b(gldt-[A-Za-z0-9_\-]{{20,64}}){END}"),
    ));
    r.push(t(
        "gitlab-oauth-app-secret",
        "GitLab OAuth application secret",
        &["gloas-"],
        r"\bgloas-[0-9a-f]{64}\b",
    ));
    r.push(t(
        "gitlab-feed-token",
        "GitLab feed token",
        &["glft-"],
        format!(r"\b(glft-[A-Za-z0-9_\-]{{20,64}}){END}"),
    ));

    // ------------------------------------------------- Atlassian / Bitbucket
    r.push(t(
        "bitbucket-app-password",
        "Bitbucket app password (ATBB...)",
        &["atbb"],
        r"\bATBB[A-Za-z0-9_=.\-]{28,40}\b",
    ));
    r.push(t(
        "atlassian-api-token",
        "Atlassian API token (ATATT3...)",
        &["atatt3"],
        r"\bATATT3[A-Za-z0-9_\-=]{150,260}",
    ));
    r.push(ctx(
        "atlassian-api-token-legacy",
        "Legacy Atlassian/Jira/Confluence API token in an assignment",
        &["atlassian", "confluence", "jira"],
        r"atlassian|confluence|jira",
        r"[A-Za-z0-9]{24}",
    ));
    r.push(
        ctx(
            "bitbucket-client-secret",
            "Bitbucket OAuth consumer secret in an assignment",
            &["bitbucket"],
            r"bitbucket",
            r"[A-Za-z0-9_\-]{32,64}",
        )
        .entropy(3.5),
    );

    // -------------------------------------------------------------- Slack
    r.push(t(
        "slack-bot-token",
        "Slack bot token (xoxb-)",
        &["xoxb-"],
        r"\bxoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,34}\b",
    ));
    r.push(t(
        "slack-user-token",
        "Slack user token (xoxp-)",
        &["xoxp-"],
        r"\bxoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{28,34}\b",
    ));
    r.push(t(
        "slack-app-token",
        "Slack app-level token (xapp-)",
        &["xapp-"],
        r"\bxapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[a-z0-9]{64}\b",
    ));
    r.push(t(
        "slack-legacy-token",
        "Slack legacy/workspace token (xoxa-, xoxo-, xoxr-, xoxs-)",
        &["xoxa-", "xoxo-", "xoxr-", "xoxs-"],
        r"\bxox[aors]-[0-9A-Za-z\-]{20,150}",
    ));
    r.push(t(
        "slack-config-token",
        "Slack configuration access token (xoxe.xoxb-/xoxe.xoxp-)",
        &["xoxe.xox"],
        r"\bxoxe\.xox[bp]-[0-9]-[A-Z0-9]{150,180}\b",
    ));
    r.push(t(
        "slack-config-refresh-token",
        "Slack configuration refresh token (xoxe-)",
        &["xoxe-"],
        r"\bxoxe-[0-9]-[A-Z0-9]{130,160}\b",
    ));
    r.push(t(
        "slack-webhook-url",
        "Slack incoming webhook / workflow trigger URL",
        &["hooks.slack.com"],
        r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{30,120}",
    ));

    // ------------------------------------------------------------ Discord
    r.push(t(
        "discord-bot-token",
        "Discord bot token (assignment or `Authorization: Bot`)",
        &["discord", "bot "],
        format!(
            r"(?:(?i:discord{KT}{AS})|Bot\s+)([MNO][A-Za-z0-9_\-]{{23,27}}\.[A-Za-z0-9_\-]{{6}}\.[A-Za-z0-9_\-]{{27,40}}){END}"
        ),
    ));
    r.push(t(
        "discord-webhook-url",
        "Discord webhook URL",
        &["discord.com/api/webhooks", "discordapp.com/api/webhooks"],
        r"(?i)discord(?:app)?\.com/api/webhooks/(?-i:[0-9]{17,20}/[A-Za-z0-9_\-]{60,70})",
    ));

    // ------------------------------------------------- Messaging / e-mail
    r.push(
        t(
            "telegram-bot-token",
            "Telegram bot token (<bot id>:AA...)",
            &[":aa"],
            format!(r"(?:^|[^0-9])([0-9]{{8,10}}:AA[A-Za-z0-9_\-]{{33}}){END}"),
        )
        .near(12, 40),
    );
    r.push(ctx(
        "twilio-api-key",
        "Twilio API key SID + secret context (SK...)",
        &["twilio"],
        r"twilio",
        r"SK[0-9a-fA-F]{32}",
    ));
    r.push(t(
        "twilio-auth-token",
        "Twilio auth token in an assignment",
        &["twilio"],
        format!(r"(?i)twilio{KT}(?:auth|token|secret){KT}{AS}(?-i:([A-Za-z0-9]{{32}})){END}"),
    ));
    r.push(t(
        "sendgrid-api-key",
        "SendGrid API key (SG.)",
        &["sg."],
        format!(r"\b(SG\.[A-Za-z0-9_\-]{{22}}\.[A-Za-z0-9_\-]{{43}}){END}"),
    ));
    r.push(t(
        "mailgun-api-key",
        "Mailgun API key (key-)",
        &["key-"],
        r"\bkey-[0-9a-f]{32}\b",
    ));
    r.push(ctx(
        "mailgun-private-key",
        "Mailgun private API key in an assignment",
        &["mailgun"],
        r"mailgun",
        r"[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}",
    ));
    r.push(
        t(
            "mailchimp-api-key",
            "Mailchimp API key (<32 hex>-usN)",
            &["-us"],
            r"(?:^|[^0-9a-f])([0-9a-f]{32}-us[0-9]{1,2})\b",
        )
        .near(34, 6),
    );
    r.push(t(
        "microsoft-teams-webhook-url",
        "Microsoft Teams incoming webhook URL",
        &["webhook.office.com"],
        r"[a-z0-9\-]{1,60}\.webhook\.office\.com/webhookb2/[A-Za-z0-9@\-]{36,100}/IncomingWebhook/[A-Za-z0-9]{32}/[A-Za-z0-9\-]{36}(?:/[A-Za-z0-9_\-]{20,60})?",
    )
    .near(64, 400));
    r.push(
        t(
            "twitter-bearer-token",
            "Twitter/X app bearer token",
            &["aaaaaaaaaaaaaaaaaaaaa"],
            r"\bAAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{30,200}",
        )
        .entropy(3.0),
    );
    r.push(
        t(
            "facebook-access-token",
            "Facebook/Meta access token (EAA...)",
            &["eaa"],
            r"\bEAA[A-Za-z0-9]{100,500}\b",
        )
        .max_len(520),
    );

    // ------------------------------------------------------------ Payments
    r.push(t(
        "stripe-live-secret-key",
        "Stripe live secret key (sk_live_)",
        &["sk_live_"],
        r"\bsk_live_[A-Za-z0-9]{24,247}\b",
    ));
    r.push(t(
        "stripe-test-secret-key",
        "Stripe test secret key (sk_test_)",
        &["sk_test_"],
        r"\bsk_test_[A-Za-z0-9]{24,247}\b",
    ));
    r.push(t(
        "stripe-restricted-key",
        "Stripe restricted key (rk_live_/rk_test_)",
        &["rk_live_", "rk_test_"],
        r"\brk_(?:live|test)_[A-Za-z0-9]{24,247}\b",
    ));
    r.push(t(
        "stripe-webhook-secret",
        "Stripe webhook signing secret (whsec_)",
        &["whsec_"],
        r"\bwhsec_[A-Za-z0-9+/=]{32,88}",
    ));
    r.push(t(
        "braintree-access-token",
        "PayPal Braintree access token",
        &["access_token$"],
        r"\baccess_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}\b",
    ));
    r.push(
        t(
            "paypal-client-secret",
            "PayPal REST client secret in an assignment",
            &["paypal"],
            format!(r"(?i)paypal{KT}secret{KT}{AS}(?-i:([A-Za-z0-9_\-]{{60,90}})){END}"),
        )
        .entropy(3.5),
    );
    r.push(t(
        "square-access-token",
        "Square access token (EAAA... or sq0atp-)",
        &["eaaa", "sq0atp-"],
        format!(r"\b(EAAA[A-Za-z0-9_\-]{{60}}|sq0atp-[0-9A-Za-z_\-]{{22}}){END}"),
    ));
    r.push(t(
        "square-oauth-secret",
        "Square OAuth application secret (sq0csp-)",
        &["sq0csp-"],
        format!(r"\b(sq0csp-[0-9A-Za-z_\-]{{43}}){END}"),
    ));
    r.push(t(
        "shopify-access-token",
        "Shopify access token (shpat_, shpca_, shppa_)",
        &["shpat_", "shpca_", "shppa_"],
        r"\bshp(?:at|ca|pa)_[a-fA-F0-9]{32}\b",
    ));
    r.push(t(
        "shopify-shared-secret",
        "Shopify app shared secret (shpss_)",
        &["shpss_"],
        r"\bshpss_[a-fA-F0-9]{32}\b",
    ));
    r.push(t(
        "shippo-api-token",
        "Shippo API token",
        &["shippo_live_", "shippo_test_"],
        r"\bshippo_(?:live|test)_[a-f0-9]{40}\b",
    ));

    // ------------------------------------------------------- AI providers
    r.push(t(
        "openai-api-key",
        "OpenAI API key (legacy sk-... with T3BlbkFJ marker, or 48 alphanumerics)",
        &["sk-"],
        r"\bsk-(?:[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48})\b",
    ));
    r.push(t(
        "openai-project-key",
        "OpenAI project API key (sk-proj-)",
        &["sk-proj-"],
        r"\bsk-proj-[A-Za-z0-9_\-]{40,250}",
    ));
    r.push(t(
        "openai-service-account-key",
        "OpenAI service-account key (sk-svcacct-)",
        &["sk-svcacct-"],
        r"\bsk-svcacct-[A-Za-z0-9_\-]{40,250}",
    ));
    r.push(t(
        "openai-admin-key",
        "OpenAI admin key (sk-admin-)",
        &["sk-admin-"],
        r"\bsk-admin-[A-Za-z0-9_\-]{40,250}",
    ));
    r.push(t(
        "anthropic-api-key",
        "Anthropic API key (sk-ant-api03-)",
        &["sk-ant-api"],
        r"\bsk-ant-api[0-9]{2}-[A-Za-z0-9_\-]{80,120}",
    ));
    r.push(t(
        "anthropic-admin-key",
        "Anthropic admin key (sk-ant-admin01-)",
        &["sk-ant-admin"],
        r"\bsk-ant-admin[0-9]{2}-[A-Za-z0-9_\-]{80,120}",
    ));
    r.push(t(
        "openrouter-api-key",
        "OpenRouter API key (sk-or-v1-)",
        &["sk-or-v1-"],
        r"\bsk-or-v1-[a-f0-9]{64}\b",
    ));
    r.push(t(
        "deepseek-api-key",
        "DeepSeek-style API key (sk- + 32 hex)",
        &["sk-"],
        r"\bsk-[a-f0-9]{32}\b",
    ));
    r.push(
        t(
            "huggingface-token",
            "Hugging Face access token (hf_)",
            &["hf_"],
            r"\bhf_[A-Za-z0-9]{34,40}\b",
        )
        .entropy(3.0),
    );
    r.push(
        t(
            "huggingface-org-token",
            "Hugging Face organization API token (api_org_)",
            &["api_org_"],
            r"\bapi_org_[A-Za-z0-9]{34}\b",
        )
        .entropy(3.0),
    );
    r.push(
        ctx(
            "cohere-api-key",
            "Cohere API key in an assignment",
            &["cohere"],
            r"cohere",
            r"[A-Za-z0-9]{40}",
        )
        .entropy(3.5),
    );
    r.push(t(
        "groq-api-key",
        "Groq API key (gsk_)",
        &["gsk_"],
        r"\bgsk_[A-Za-z0-9]{52}\b",
    ));
    r.push(t(
        "replicate-api-token",
        "Replicate API token (r8_)",
        &["r8_"],
        r"\br8_[A-Za-z0-9]{37}\b",
    ));
    r.push(t(
        "xai-api-key",
        "xAI API key (xai-)",
        &["xai-"],
        r"\bxai-[A-Za-z0-9]{80}\b",
    ));
    r.push(t(
        "perplexity-api-key",
        "Perplexity API key (pplx-)",
        &["pplx-"],
        r"\bpplx-[A-Za-z0-9]{48}\b",
    ));
    r.push(t(
        "langsmith-api-key",
        "LangSmith API key (lsv2_pt_/lsv2_sk_)",
        &["lsv2_"],
        r"\blsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}\b",
    ));
    r.push(t(
        "pinecone-api-key",
        "Pinecone API key (pcsk_)",
        &["pcsk_"],
        r"\bpcsk_[A-Za-z0-9_]{50,100}\b",
    ));
    r.push(t(
        "tavily-api-key",
        "Tavily API key (tvly-)",
        &["tvly-"],
        r"\btvly-(?:dev-|prod-)?[A-Za-z0-9]{32}\b",
    ));
    r.push(t(
        "firecrawl-api-key",
        "Firecrawl API key (fc-)",
        &["fc-"],
        r"\bfc-[a-f0-9]{32}\b",
    ));
    r.push(
        ctx(
            "mistral-api-key",
            "Mistral API key in an assignment",
            &["mistral"],
            r"mistral",
            r"[A-Za-z0-9]{32}",
        )
        .entropy(3.5),
    );

    // ------------------------------------------------- Package registries
    r.push(t(
        "npm-access-token",
        "npm access token (npm_)",
        &["npm_"],
        r"\bnpm_[A-Za-z0-9]{36}\b",
    ));
    r.push(
        t(
            "npmrc-auth-token",
            "npm/yarn registry _authToken in .npmrc",
            &["_authtoken"],
            r#"(?i)_authToken\s*=\s*["']?(?-i:([A-Za-z0-9_\-.+/=]{20,512}))"#,
        )
        .context()
        .validate(v_not_placeholder),
    );
    r.push(t(
        "pypi-upload-token",
        "PyPI / TestPyPI upload token (pypi-AgEI...)",
        &["pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"],
        r"\bpypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,400}",
    ));
    r.push(t(
        "dockerhub-pat",
        "Docker Hub personal/organization access token (dckr_pat_/dckr_oat_)",
        &["dckr_pat_", "dckr_oat_"],
        format!(r"\b(dckr_(?:pat|oat)_[A-Za-z0-9_\-]{{27,32}}){END}"),
    ));
    r.push(t(
        "rubygems-api-key",
        "RubyGems API key (rubygems_)",
        &["rubygems_"],
        r"\brubygems_[a-f0-9]{48}\b",
    ));
    r.push(t(
        "cratesio-api-token",
        "crates.io API token (cio)",
        &["cio"],
        r"\bcio[A-Za-z0-9]{32}\b",
    ));

    // ------------------------------------------------- Cloud / hosting
    r.push(t(
        "heroku-api-key",
        "Heroku platform API key (HRKU-)",
        &["hrku-"],
        format!(r"\b(HRKU-[A-Za-z0-9_\-]{{40,80}}){END}"),
    ));
    r.push(ctx(
        "heroku-api-key-legacy",
        "Legacy Heroku API key (UUID) in an assignment",
        &["heroku"],
        r"heroku",
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    ));
    r.push(t(
        "digitalocean-token",
        "DigitalOcean token (dop_v1_, doo_v1_, dor_v1_)",
        &["dop_v1_", "doo_v1_", "dor_v1_"],
        r"\bdo[por]_v1_[a-f0-9]{64}\b",
    ));
    r.push(ctx(
        "linode-api-token",
        "Linode/Akamai API token in an assignment",
        &["linode"],
        r"linode",
        r"[a-f0-9]{64}",
    ));
    r.push(
        ctx(
            "cloudflare-api-token",
            "Cloudflare API token in an assignment",
            &["cloudflare", "cf_api", "cf_token"],
            r"cloudflare|cf_api|cf_token",
            r"[A-Za-z0-9_\-]{40}",
        )
        .entropy(3.5),
    );
    r.push(ctx(
        "cloudflare-global-api-key",
        "Cloudflare global API key in an assignment",
        &["cloudflare", "cf_api", "cf_key", "x-auth-key"],
        r"cloudflare|cf_api|cf_key|x-auth-key",
        r"[a-f0-9]{37}",
    ));
    r.push(t(
        "cloudflare-origin-ca-key",
        "Cloudflare Origin CA key (v1.0-)",
        &["v1.0-"],
        r"\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b",
    ));
    r.push(t(
        "vault-token",
        "HashiCorp Vault service/batch/recovery token (hvs./hvb./hvr.)",
        &["hvs.", "hvb.", "hvr."],
        r"\bhv[sbr]\.[A-Za-z0-9_\-]{24,300}",
    ));
    r.push(ctx(
        "vault-token-legacy",
        "Legacy HashiCorp Vault token (s.) in an assignment",
        &["vault"],
        r"vault",
        r"s\.[A-Za-z0-9]{24}",
    ));
    r.push(
        t(
            "terraform-cloud-token",
            "Terraform Cloud / Enterprise API token (.atlasv1.)",
            &[".atlasv1."],
            r"(?:^|[^A-Za-z0-9])([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-=]{60,90})",
        )
        .near(16, 100),
    );
    r.push(t(
        "pulumi-access-token",
        "Pulumi access token (pul-)",
        &["pul-"],
        r"\bpul-[a-f0-9]{40}\b",
    ));
    r.push(t(
        "doppler-token",
        "Doppler token (dp.pt., dp.st., dp.sa., dp.ct., ...)",
        &["dp."],
        r"\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}\b",
    ));
    r.push(
        t(
            "flyio-token",
            "Fly.io access token (fo1_ / FlyV1 fm2_)",
            &["fo1_", "fm2_"],
            r"\b(?:fo1_[A-Za-z0-9_\-]{43}|fm2_[A-Za-z0-9+/=_\-]{100,2000})",
        )
        .max_len(2100),
    );
    r.push(ctx(
        "vercel-token",
        "Vercel access token in an assignment",
        &["vercel"],
        r"vercel",
        r"[A-Za-z0-9]{24}",
    ));
    r.push(
        ctx(
            "netlify-token",
            "Netlify access token in an assignment",
            &["netlify"],
            r"netlify",
            r"[A-Za-z0-9_\-]{40,46}",
        )
        .entropy(3.5),
    );
    r.push(t(
        "alibaba-access-key-id",
        "Alibaba Cloud AccessKey ID (LTAI)",
        &["ltai"],
        r"\bLTAI[A-Za-z0-9]{12,20}\b",
    ));
    r.push(t(
        "databricks-token",
        "Databricks personal access token (dapi)",
        &["dapi"],
        r"\bdapi[a-f0-9]{32}(?:-[0-9])?\b",
    ));
    r.push(t(
        "supabase-access-token",
        "Supabase management access token (sbp_)",
        &["sbp_"],
        r"\bsbp_[a-f0-9]{40}\b",
    ));
    r.push(t(
        "supabase-secret-key",
        "Supabase secret API key (sb_secret_)",
        &["sb_secret_"],
        format!(r"\b(sb_secret_[A-Za-z0-9_\-]{{31,64}}){END}"),
    ));
    r.push(t(
        "planetscale-token",
        "PlanetScale password / service token / OAuth token (pscale_)",
        &["pscale_"],
        r"\bpscale_(?:pw|tkn|oauth)_[A-Za-z0-9_\-.=]{32,64}",
    ));
    r.push(
        t(
            "firebase-cloud-messaging-key",
            "Firebase Cloud Messaging server key (AAAA...:APA91b...)",
            &[":apa91b"],
            r"\b(AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{134})",
        )
        .near(14, 200),
    );
    r.push(
        t(
            "mapbox-secret-token",
            "Mapbox secret access token (sk.eyJ)",
            &["sk.eyj"],
            r"\bsk\.eyJ[A-Za-z0-9_\-]{20,400}\.[A-Za-z0-9_\-]{20,100}",
        )
        .max_len(600),
    );

    // ------------------------------------------- Observability / ops SaaS
    r.push(t(
        "datadog-api-key",
        "Datadog API key in an assignment or DD-API-KEY header",
        &["datadog", "dd_api", "dd-api", "ddapi"],
        format!(r"(?i)(?:datadog|dd)[_\-.]?api[_\-.]?key{KT}{AS}(?-i:([a-f0-9]{{32}})){END}"),
    ));
    r.push(t(
        "datadog-app-key",
        "Datadog application key in an assignment or header",
        &["datadog", "dd_app", "dd-app", "ddapp", "dd_application", "dd-application"],
        format!(
            r"(?i)(?:datadog|dd)[_\-.]?app(?:lication)?[_\-.]?key{KT}{AS}(?-i:([a-f0-9]{{40}})){END}"
        ),
    ));
    r.push(t(
        "newrelic-user-api-key",
        "New Relic user API key (NRAK-)",
        &["nrak-"],
        r"\bNRAK-[A-Z0-9]{27}\b",
    ));
    r.push(t(
        "newrelic-insert-key",
        "New Relic insert key (NRII-)",
        &["nrii-"],
        format!(r"\b(NRII-[A-Za-z0-9_\-]{{32}}){END}"),
    ));
    r.push(t(
        "newrelic-browser-key",
        "New Relic browser API key (NRJS-)",
        &["nrjs-"],
        r"\bNRJS-[a-f0-9]{19}\b",
    ));
    r.push(
        t(
            "newrelic-license-key",
            "New Relic ingest license key (...NRAL)",
            &["nral"],
            r"(?:^|[^0-9a-f])([a-f0-9]{36}NRAL)\b",
        )
        .near(40, 4),
    );
    r.push(
        t(
            "sentry-dsn",
            "Sentry DSN (key part)",
            &["sentry.io"],
            r"https?://([a-f0-9]{32})(?::[a-f0-9]{32})?@[A-Za-z0-9.\-]{0,64}sentry\.io/[0-9]+",
        )
        .near(120, 40),
    );
    r.push(t(
        "sentry-user-token",
        "Sentry user auth token (sntryu_)",
        &["sntryu_"],
        r"\bsntryu_[a-f0-9]{64}\b",
    ));
    r.push(
        t(
            "sentry-org-token",
            "Sentry organization auth token (sntrys_)",
            &["sntrys_"],
            r"\bsntrys_eyJ[A-Za-z0-9+/=_\-]{60,400}",
        )
        .max_len(420),
    );
    r.push(t(
        "pagerduty-api-key",
        "PagerDuty REST API key (assignment or `Token token=`)",
        &["pagerduty", "pager_duty", "pd_api", "pd_token", "token token="],
        format!(
            r"(?i:(?:pagerduty|pager_duty|pd_api|pd_token){KT}{AS}|token\s+token=)([A-Za-z0-9_+\-]{{20}})(?:[^A-Za-z0-9_+\-]|$)"
        ),
    ));
    r.push(
        t(
            "grafana-cloud-token",
            "Grafana Cloud access policy token (glc_)",
            &["glc_"],
            r"\bglc_[A-Za-z0-9+/]{32,400}={0,2}",
        )
        .max_len(420),
    );
    r.push(t(
        "grafana-service-account-token",
        "Grafana service account token (glsa_)",
        &["glsa_"],
        r"\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b",
    ));
    r.push(t(
        "sonarqube-token",
        "SonarQube/SonarCloud token (squ_, sqa_, sqp_)",
        &["squ_", "sqa_", "sqp_"],
        r"\bsq[uap]_[a-f0-9]{40}\b",
    ));
    r.push(t(
        "buildkite-token",
        "Buildkite API access token (bkua_)",
        &["bkua_"],
        r"\bbkua_[a-f0-9]{40}\b",
    ));
    r.push(t(
        "circleci-pat",
        "CircleCI personal API token (CCIPAT_)",
        &["ccipat_"],
        r"\bCCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}\b",
    ));
    r.push(ctx(
        "snyk-api-token",
        "Snyk API token (UUID) in an assignment",
        &["snyk"],
        r"snyk",
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    ));

    // ------------------------------------------------ Productivity SaaS
    r.push(
        t(
            "notion-api-token",
            "Notion integration token (secret_ / ntn_)",
            &["secret_", "ntn_"],
            r"\b(?:secret_[A-Za-z0-9]{43}|ntn_[0-9]{11}[A-Za-z0-9]{35})\b",
        )
        .entropy(3.5),
    );
    r.push(t(
        "linear-api-key",
        "Linear API key (lin_api_)",
        &["lin_api_"],
        r"\blin_api_[A-Za-z0-9]{40}\b",
    ));
    r.push(t(
        "linear-oauth-token",
        "Linear OAuth access token (lin_oauth_)",
        &["lin_oauth_"],
        r"\blin_oauth_[a-f0-9]{64}\b",
    ));
    r.push(t(
        "airtable-pat",
        "Airtable personal access token (pat....<64 hex>)",
        &["pat"],
        r"\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b",
    ));
    r.push(ctx(
        "airtable-api-key-legacy",
        "Legacy Airtable API key (key...) in an assignment",
        &["airtable"],
        r"airtable",
        r"key[A-Za-z0-9]{14}",
    ));
    r.push(t(
        "postman-api-key",
        "Postman API key (PMAK-)",
        &["pmak-"],
        r"\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b",
    ));
    r.push(t(
        "figma-pat",
        "Figma personal access token (figd_)",
        &["figd_"],
        format!(r"\b(figd_[A-Za-z0-9_\-]{{38,44}}){END}"),
    ));
    r.push(ctx(
        "asana-pat",
        "Asana personal access token in an assignment",
        &["asana"],
        r"asana",
        r"[0-9]/[0-9]{10,20}(?:/[0-9]{10,20})?:[a-f0-9]{32}",
    ));
    r.push(
        t(
            "dropbox-token",
            "Dropbox short-lived access token (sl.)",
            &["sl."],
            r"\bsl\.(?:u\.)?[A-Za-z0-9_\-]{130,1500}",
        )
        .max_len(1600),
    );
    r.push(ctx(
        "dropbox-long-lived-token",
        "Dropbox long-lived access token in an assignment",
        &["dropbox"],
        r"dropbox",
        r"[A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_\-]{43}",
    ));
    r.push(t(
        "contentful-pat",
        "Contentful personal access token (CFPAT-)",
        &["cfpat-"],
        format!(r"\b(CFPAT-[A-Za-z0-9_\-]{{43}}){END}"),
    ));
    r.push(t(
        "prefect-api-key",
        "Prefect API key (pnu_)",
        &["pnu_"],
        r"\bpnu_[A-Za-z0-9]{36}\b",
    ));
    r.push(
        t(
            "onepassword-service-account-token",
            "1Password service account token (ops_eyJ)",
            &["ops_eyj"],
            r"\bops_eyJ[A-Za-z0-9+/=_\-]{200,2000}",
        )
        .max_len(2100),
    );

    // ------------------------------------------------- Identity providers
    r.push(t(
        "okta-api-token",
        "Okta API token (assignment or `SSWS` header)",
        &["okta", "ssws"],
        format!(r"(?:(?i:okta{KT}{AS})|SSWS\s+)(00[A-Za-z0-9_\-]{{40}}){END}"),
    ));
    r.push(
        t(
            "auth0-client-secret",
            "Auth0 client secret / management token in an assignment",
            &["auth0"],
            format!(
                r"(?i)auth0{KT}(?:secret|token|key){KT}{AS}(?-i:([A-Za-z0-9_\-]{{32,128}})){END}"
            ),
        )
        .entropy(3.5),
    );
    r.push(t(
        "age-secret-key",
        "age encryption secret key",
        &["age-secret-key-1"],
        r"\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b",
    ));

    // ------------------------------------------ Keys, tokens, structures
    r.push(
        t(
            "jwt",
            "JSON Web Token (header.payload.signature)",
            &["eyj"],
            r"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{16,}",
        )
        .max_len(16384),
    );
    r.push(
        t(
            "private-key-rsa",
            "RSA private key (PEM)",
            &["-----begin "],
            r"-----BEGIN RSA PRIVATE KEY-----",
        )
        .pem(),
    );
    r.push(
        t(
            "private-key-ec",
            "EC private key (PEM)",
            &["-----begin "],
            r"-----BEGIN EC PRIVATE KEY-----",
        )
        .pem(),
    );
    r.push(
        t(
            "private-key-dsa",
            "DSA private key (PEM)",
            &["-----begin "],
            r"-----BEGIN DSA PRIVATE KEY-----",
        )
        .pem(),
    );
    r.push(
        t(
            "private-key-pkcs8",
            "PKCS#8 private key (PEM)",
            &["-----begin "],
            r"-----BEGIN PRIVATE KEY-----",
        )
        .pem(),
    );
    r.push(
        t(
            "private-key-encrypted",
            "Encrypted PKCS#8 private key (PEM)",
            &["-----begin "],
            r"-----BEGIN ENCRYPTED PRIVATE KEY-----",
        )
        .pem(),
    );
    r.push(
        t(
            "private-key-openssh",
            "OpenSSH private key",
            &["-----begin "],
            r"-----BEGIN OPENSSH PRIVATE KEY-----",
        )
        .pem(),
    );
    r.push(
        t(
            "pgp-private-key-block",
            "PGP/GPG private key block",
            &["-----begin "],
            r"-----BEGIN PGP PRIVATE KEY BLOCK-----",
        )
        .pem(),
    );
    r.push(
        t(
            "postgres-url-password",
            "PostgreSQL connection URL with a password",
            &["postgres"],
            r#"(?i)\bpostgres(?:ql)?(?:\+[a-z0-9]+)?://[^\s:/@"'<>]*:([^\s/@"'<>]+)@"#,
        )
        .validate(v_url_password),
    );
    r.push(
        t(
            "mysql-url-password",
            "MySQL/MariaDB connection URL with a password",
            &["mysql", "mariadb"],
            r#"(?i)\b(?:mysqlx?|mariadb)(?:\+[a-z0-9]+)?://[^\s:/@"'<>]*:([^\s/@"'<>]+)@"#,
        )
        .validate(v_url_password),
    );
    r.push(
        t(
            "mongodb-url-password",
            "MongoDB connection URL with a password",
            &["mongodb"],
            r#"(?i)\bmongodb(?:\+srv)?://[^\s:/@"'<>]*:([^\s/@"'<>]+)@"#,
        )
        .validate(v_url_password),
    );
    r.push(
        t(
            "redis-url-password",
            "Redis connection URL with a password",
            &["redis"],
            r#"(?i)\brediss?://[^\s:/@"'<>]*:([^\s/@"'<>]+)@"#,
        )
        .validate(v_url_password),
    );
    r.push(
        t(
            "amqp-url-password",
            "AMQP (RabbitMQ) connection URL with a password",
            &["amqp"],
            r#"(?i)\bamqps?://[^\s:/@"'<>]*:([^\s/@"'<>]+)@"#,
        )
        .validate(v_url_password),
    );

    // ------------------------------------------------ Generic (yield to specific)
    r.push(
        t(
            "url-basic-auth",
            "Credentials embedded in a URL (scheme://user:password@host)",
            &["://"],
            r#"\b[A-Za-z][A-Za-z0-9+.\-]{1,30}://[^\s:/@"'<>]+:([^\s/@"'<>]+)@[A-Za-z0-9_\[\]]"#,
        )
        .near(40, 300)
        .generic()
        .validate(v_url_password),
    );
    r.push(
        t(
            "authorization-bearer",
            "Bearer token (Authorization header, curl -H, code)",
            &["bearer"],
            r"(?i)\bbearer\s+(?-i:([A-Za-z0-9_\-.~+/]{16,}=*))",
        )
        .max_len(4200)
        .generic()
        .validate(v_bearer),
    );
    r.push(
        t(
            "authorization-basic",
            "HTTP Basic credentials (base64 user:password)",
            &["basic"],
            r"(?i)\bbasic\s+(?-i:([A-Za-z0-9+/]{8,}={0,2}))",
        )
        .max_len(1100)
        .generic()
        .validate(v_basic_b64),
    );
    r.push(
        t(
            "cli-secret-argument",
            "Secret passed as a command-line flag (--password, --token, --api-key ...)",
            &[
                "--password",
                "--passwd",
                "--token",
                "--api-key",
                "--apikey",
                "--secret",
                "--client-secret",
                "--auth-token",
                "--access-token",
            ],
            r#"(?i)--(?:password|passwd|token|api-?key|secret|client-secret|auth-token|access-token)(?:=|\s+)(?:\\?["'])?(?-i:([^\s"'\\]{6,}))"#,
        )
        .max_len(1024)
        .generic()
        .validate(v_cli_password),
    );
    r.push(
        t(
            "mysql-cli-password",
            "Password passed to the mysql client with -p",
            &["mysql"],
            r#"\bmysql(?:dump|admin|sh)?\b[^\n|;&]*?\s-p(?:\\?["'])?([^\s"'\\\-][^\s"'\\]{3,})"#,
        )
        .max_len(400)
        .generic()
        .validate(v_url_password),
    );
    r.push(
        t(
            "curl-user-password",
            "Credentials passed to curl with -u/--user",
            &["curl"],
            r#"\bcurl\b[^\n|;&]*?\s(?:-u|--user)\s*(?:\\?["'])?[^\s:"'\\]+:([^\s"'\\]{3,})"#,
        )
        .max_len(600)
        .generic()
        .validate(v_url_password),
    );
    r.push(
        t(
            "sshpass-password",
            "Password passed to sshpass -p",
            &["sshpass"],
            r#"\bsshpass\s+-p\s*(?:\\?["'])?([^\s"'\\]{3,})"#,
        )
        .generic()
        .validate(v_url_password),
    );
    r.push(
        t(
            "netrc-password",
            ".netrc machine/login/password entry",
            &["machine"],
            r"(?i)\bmachine\s+\S+\s+login\s+\S+\s+password\s+(\S{3,})",
        )
        .max_len(600)
        .generic()
        .validate(v_url_password),
    );
    r.push(
        t(
            "generic-password-assignment",
            "Password assigned to a password-like key",
            &["password", "passwd", "passphrase", "pwd"],
            r#"(?i)(?:password|passwd|passphrase|pwd)[a-z0-9_.\-]{0,24}(?:\\?["'`])?\s{0,4}(?::=|=>|=|:)\s{0,4}(?:\\?["'`])?(?-i:([!#-&*-+\--:=?-Z^-_a-z|~]{6,}))"#,
        )
        .max_len(1024)
        .generic()
        .validate(v_password),
    );
    r.push(
        t(
            "generic-secret-assignment",
            "High-entropy value assigned to a secret/token/api-key-like key",
            &[
                "secret",
                "token",
                "apikey",
                "api_key",
                "api-key",
                "api.key",
                "access_key",
                "accesskey",
                "access-key",
                "auth_key",
                "authkey",
                "private_key",
                "privatekey",
                "signing_key",
                "encryption_key",
                "master_key",
                "credential",
            ],
            r#"(?i)(?:secret|token|api[_.\-]?key|access[_.\-]?key|auth_?key|private_?key|signing_key|encryption_key|master_key|credential)[a-z0-9_.\-]{0,24}(?:\\?["'`])?\s{0,4}(?::=|=>|=|:)\s{0,4}(?:\\?["'`])?(?-i:([A-Za-z0-9_\-+/=.~]{16,}))"#,
        )
        .max_len(2048)
        .generic()
        .validate(v_generic_secret),
    );
    r
}

// ----------------------------------------------------------------------
// Validators
// ----------------------------------------------------------------------

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

fn v_not_example(c: &MatchCtx<'_>) -> bool {
    !contains(c.secret(), b"EXAMPLE")
}

fn v_not_placeholder(c: &MatchCtx<'_>) -> bool {
    !is_placeholder(c.secret())
}

const PLACEHOLDER_EXACT: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "secret",
    "token",
    "none",
    "null",
    "nil",
    "undefined",
    "true",
    "false",
    "string",
    "str",
    "required",
    "optional",
    "test",
    "testing",
    "admin",
    "root",
    "user",
    "username",
    "guest",
    "default",
    "empty",
    "hidden",
    "masked",
    "value",
    "pwd",
    "postgres",
    "mysql",
    "redis",
    "rabbitmq",
    "guest",
    "demo",
    "mypassword",
    "secret123",
    "password123",
    "pass123",
    "apikey",
    "api_key",
    "abc123",
    "123456",
    "1234567",
    "12345678",
    "123456789",
];
const PLACEHOLDER_PARTS: &[&str] = &[
    "example",
    "placeholder",
    "your_",
    "your-",
    "yourpass",
    "yourtoken",
    "yoursecret",
    "changeme",
    "change_me",
    "change-me",
    "redacted",
    "dummy",
    "sample",
    "xxxx",
    "****",
    "....",
    "foobar",
    "lorem",
    "insert_",
    "insert-",
    "replace_",
    "replace-",
    "here>",
    "_here",
    "-here",
    "${",
    "{{",
    "}}",
    "<%",
    "%>",
    "process.env",
    "os.environ",
    "getenv",
    "[redacted",
    "[dropped]",
    "hmac-sha256:",
];

/// Template variables, placeholders and documentation values.
pub(crate) fn is_placeholder(v: &[u8]) -> bool {
    if v.is_empty() {
        return true;
    }
    if matches!(v[0], b'$' | b'%' | b'{' | b'<' | b'[' | b'(' | b'*' | b'#') {
        return true;
    }
    if v.iter().all(|&b| b == v[0]) {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    if PLACEHOLDER_EXACT.iter().any(|p| lower == p.as_bytes()) {
        return true;
    }
    PLACEHOLDER_PARTS
        .iter()
        .any(|p| contains(&lower, p.as_bytes()))
}

fn looks_like_path(v: &[u8]) -> bool {
    // Resource names such as `projects/p/secrets/name/versions/3`: several
    // slashes and none of base64's upper case, `+` or `=`.
    let slashes = v.iter().filter(|&&b| b == b'/').count();
    if slashes >= 2
        && !v
            .iter()
            .any(|b| b.is_ascii_uppercase() || *b == b'+' || *b == b'=')
    {
        return true;
    }
    v.starts_with(b"/")
        || v.starts_with(b"./")
        || v.starts_with(b"../")
        || v.starts_with(b"~/")
        || contains(v, b"://")
}

/// `a.b.c` where every part is an identifier: code, not a secret.
fn dotted_identifier(v: &[u8]) -> bool {
    if !v.contains(&b'.') {
        return false;
    }
    v.split(|&b| b == b'.').all(|part| {
        !part.is_empty()
            && (part[0].is_ascii_alphabetic() || part[0] == b'_' || part[0] == b'$')
            && part
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
    })
}

const FILE_SUFFIXES: &[&str] = &[
    ".json", ".yaml", ".yml", ".pem", ".key", ".txt", ".env", ".toml", ".cfg", ".ini", ".crt",
    ".p12", ".pfx", ".js", ".ts", ".py", ".rs", ".go", ".sh", ".md", ".html", ".enc",
];

fn looks_like_file(v: &[u8]) -> bool {
    let lower = v.to_ascii_lowercase();
    FILE_SUFFIXES.iter().any(|s| lower.ends_with(s.as_bytes()))
}

/// Key names that hold metadata about a secret, not the secret.
const BAD_KEY_PARTS: &[&str] = &[
    "name", "type", "path", "file", "url", "uri", "endpoint", "size", "count", "length", "limit",
    "max", "min", "_len", "field", "header", "prefix", "format", "mode", "kind", "expir", "ttl",
    "index", "label", "izer", "_ref", "hint", "policy", "version", "hash", "digest", "_env",
    "_var", "_arn", "_id\"", "_at", "_in\"", "lifetime", "timeout", "provider", "store", "manager",
    "_dir", "_key_id", "rotation", "usage", "_mask",
];

fn bad_key(c: &MatchCtx<'_>) -> bool {
    let key = c.key_part().to_ascii_lowercase();
    BAD_KEY_PARTS.iter().any(|p| contains(&key, p.as_bytes()))
}

struct Shape {
    digit: bool,
    alpha: bool,
    upper: bool,
    lower: bool,
    symbol: bool,
}

fn shape(v: &[u8]) -> Shape {
    Shape {
        digit: v.iter().any(u8::is_ascii_digit),
        alpha: v.iter().any(u8::is_ascii_alphabetic),
        upper: v.iter().any(u8::is_ascii_uppercase),
        lower: v.iter().any(u8::is_ascii_lowercase),
        symbol: v
            .iter()
            .any(|&b| b.is_ascii_punctuation() && !matches!(b, b'_' | b'-' | b'.')),
    }
}

fn v_password(c: &MatchCtx<'_>) -> bool {
    let s = c.secret();
    if is_placeholder(s) || looks_like_path(s) || dotted_identifier(s) || bad_key(c) {
        return false;
    }
    let sh = shape(s);
    let ok_shape = (sh.digit && sh.alpha)
        || sh.symbol
        || (c.quoted() && sh.upper && sh.lower && !s.contains(&b'_') && s.len() >= 8);
    ok_shape && crate::rule::shannon_entropy(s) >= 2.2
}

fn v_cli_password(c: &MatchCtx<'_>) -> bool {
    let s = c.secret();
    if is_placeholder(s) || looks_like_path(s) || dotted_identifier(s) || s.starts_with(b"-") {
        return false;
    }
    let sh = shape(s);
    ((sh.digit && sh.alpha) || sh.symbol) && crate::rule::shannon_entropy(s) >= 2.2
}

/// Lower-case words joined by `-`/`_` (resource names such as
/// `my-app-secret-v2`).
fn word_chain(v: &[u8]) -> bool {
    let parts: Vec<&[u8]> = v.split(|&b| b == b'-' || b == b'_').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 12
                && p.iter()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                && p.iter().filter(|b| b.is_ascii_digit()).count() * 2 <= p.len().max(1) + 1
        })
}

fn v_generic_secret(c: &MatchCtx<'_>) -> bool {
    let s = c.secret();
    if is_placeholder(s)
        || looks_like_path(s)
        || dotted_identifier(s)
        || looks_like_file(s)
        || word_chain(s)
        || bad_key(c)
    {
        return false;
    }
    let sh = shape(s);
    if !(sh.digit && sh.alpha) {
        return false;
    }
    // SCREAMING_SNAKE_CASE: a variable name, not its value.
    if s.contains(&b'_')
        && s.iter()
            .all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    {
        return false;
    }
    crate::rule::shannon_entropy(s) >= 3.5
}

fn v_bearer(c: &MatchCtx<'_>) -> bool {
    let s = c.secret();
    if is_placeholder(s) || dotted_identifier(s) || looks_like_path(s) || word_chain(s) {
        return false;
    }
    let sh = shape(s);
    sh.alpha && (sh.digit || sh.symbol) && crate::rule::shannon_entropy(s) >= 3.0
}

fn v_basic_b64(c: &MatchCtx<'_>) -> bool {
    use base64::Engine;
    let s = c.secret();
    let trimmed: Vec<u8> = s.iter().copied().filter(|&b| b != b'=').collect();
    let Ok(decoded) = base64::engine::general_purpose::STANDARD_NO_PAD.decode(&trimmed) else {
        return false;
    };
    if decoded.iter().any(|&b| !(0x20..0x7f).contains(&b)) {
        return false;
    }
    match decoded.iter().position(|&b| b == b':') {
        Some(i) => i + 1 < decoded.len() && !is_placeholder(&decoded[i + 1..]),
        None => false,
    }
}

fn v_url_password(c: &MatchCtx<'_>) -> bool {
    let s = c.secret();
    s.len() >= 3 && !is_placeholder(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn all_builtins_compile_with_unique_ids_and_keywords() {
        let rules = builtin_rules();
        assert!(rules.len() >= 60, "only {} rules", rules.len());
        let mut ids = BTreeSet::new();
        for r in &rules {
            assert!(ids.insert(r.id.to_string()), "duplicate id {}", r.id);
            crate::rule::validate_rule_id(&r.id).unwrap();
            assert!(!r.keywords.is_empty(), "{} has no keywords", r.id);
            for k in &r.keywords {
                assert_eq!(
                    k,
                    &k.to_ascii_lowercase(),
                    "{}: keyword not lower-case",
                    r.id
                );
            }
            assert!(
                r.id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{} is not kebab-case",
                r.id
            );
        }
    }

    #[test]
    fn placeholders() {
        for p in [
            "${DB_PASS}",
            "changeme",
            "xxxxxxxx",
            "<your-token>",
            "********",
            "password",
        ] {
            assert!(is_placeholder(p.as_bytes()), "{p}");
        }
        for p in ["hunter2!x", "Zq8vLm3p"] {
            assert!(!is_placeholder(p.as_bytes()), "{p}");
        }
    }

    #[test]
    fn shapes() {
        assert!(dotted_identifier(b"os.environ.get"));
        assert!(!dotted_identifier(b"1a.2b"));
        assert!(!dotted_identifier(b"1.2.3"));
        assert!(word_chain(b"my-app-secret"));
        assert!(!word_chain(b"x7Gk2-pQ9z"));
    }
}
