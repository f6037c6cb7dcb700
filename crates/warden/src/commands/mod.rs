//! One module per group of subcommands.

mod alerts;
mod bench;
mod bench_fleet;
mod bench_hooks;
mod bench_mcp;
mod bench_soak;
mod demo;
mod eval;
mod fleet;
mod hook;
mod identity;
mod install;
mod integrity;
mod mcp;
mod policy;
mod read;
mod replay;
mod report;
mod review;
mod serve;
mod sinks;
mod task;

use std::path::Path;
use std::process::ExitCode;

use warden_store::DataDir;

use crate::cli::{
    AgentCommand, Cli, Command, PolicyCommand, SecretCommand, SinksCommand, TaskCommand,
};

pub fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Serve {
            data,
            listen,
            mode,
            config,
            mcp_upstream,
            store,
            exposure,
        } => serve::run(
            data.data.as_deref(),
            listen,
            mode,
            config,
            mcp_upstream,
            store,
            exposure,
        ),
        Command::Mcp { action } => mcp::run(action),
        Command::Approvals { action } => review::approvals(action),
        Command::Reviewer { action } => review::reviewers(action),
        Command::Verify {
            data,
            key,
            json,
            store,
        } => match fleet::store_url(data.data.as_deref(), store)? {
            Some(url) => fleet::verify(&url, &key, json),
            None => integrity::verify(&open_existing(data.data.as_deref())?, key, json),
        },
        Command::Prove {
            data,
            event_id,
            store,
        } => match fleet::store_url(data.data.as_deref(), store)? {
            Some(url) => fleet::prove(&url, &event_id),
            None => integrity::prove(&open_existing(data.data.as_deref())?, &event_id),
        },
        Command::VerifyProof { proof, key } => integrity::verify_proof(&proof, &key),
        Command::Sessions { data, limit, json } => {
            read::sessions(&open_existing(data.data.as_deref())?, limit, json)
        }
        Command::Timeline {
            data,
            session,
            json,
        } => read::timeline(&open_existing(data.data.as_deref())?, &session, json),
        Command::Events {
            data,
            filter,
            limit,
            json,
        } => read::events(&open_existing(data.data.as_deref())?, &filter, limit, json),
        Command::Alerts {
            data,
            session,
            task,
            agent,
            rule,
            severity,
            limit,
            json,
        } => {
            let query = warden_gateway::alerts::AlertQuery {
                session,
                task,
                agent,
                rule,
                min_severity: severity,
                limit,
            };
            alerts::run(&open_existing(data.data.as_deref())?, &query, json)
        }
        Command::Hash { data, value } => read::hash(&open_existing(data.data.as_deref())?, &value),
        Command::Export {
            data,
            format,
            filter,
            output,
        } => read::export(
            &open_existing(data.data.as_deref())?,
            format,
            &filter,
            output.as_deref(),
        ),
        Command::Report {
            data,
            session,
            task,
            agent,
            reference,
            output,
            format,
            max_events,
        } => {
            let scope = match (session, task, agent, reference) {
                (Some(s), ..) => report::Scope::Session(s),
                (_, Some(t), ..) => report::Scope::Task(t),
                (_, _, Some(a), _) => report::Scope::Agent(a),
                (.., Some(r)) => report::Scope::Reference(read::reference_digest(&r)?),
                _ => {
                    return Err(
                        "say what to report on: --session S, --task T, --agent A or --ref R".into(),
                    )
                }
            };
            let formats = match format.as_str() {
                "html" => report::Formats::Html,
                "markdown" | "md" => report::Formats::Markdown,
                "both" => report::Formats::Both,
                other => {
                    return Err(format!(
                        "unknown report format {other:?}; expected html, markdown or both"
                    ))
                }
            };
            let options = report::ReportOptions {
                scope,
                out: output,
                formats,
                max_events,
            };
            report::run(&open_existing(data.data.as_deref())?, &options)
        }
        Command::Demo { listen, data, exit } => demo::run(demo::DemoOptions { listen, data, exit }),
        Command::Bench { which } => bench::run(which),
        Command::Sinks {
            action: SinksCommand::Status { data, json },
        } => sinks::status(&open_existing(data.data.as_deref())?, json),
        Command::Hook {
            agent,
            gateway,
            mode,
            timeout_ms,
            spool,
        } => {
            let enforce = match mode.as_str() {
                "enforce" => true,
                "observe" => false,
                other => {
                    return Err(format!(
                        "unknown mode {other:?}; expected observe or enforce"
                    ))
                }
            };
            let timeout = std::time::Duration::from_millis(timeout_ms.max(1));
            hook::run(hook::HookOptions {
                agent,
                gateway,
                enforce,
                timeout,
                spool,
            })
        }
        Command::Install {
            agent,
            user,
            print,
            http,
            gateway,
            project,
        } => install::run(install::InstallOptions {
            agent,
            user_scope: user,
            print,
            http,
            gateway,
            project,
        }),
        Command::Task { action } => match action {
            TaskCommand::Start {
                objective,
                tools,
                servers,
                resources,
                destinations,
                session,
                deadline,
                trigger,
                gateway,
                json,
            } => task::start(task::StartOptions {
                gateway,
                objective,
                tools,
                servers,
                resources,
                destinations,
                session,
                deadline,
                trigger,
                json,
            }),
            TaskCommand::End { task, gateway } => task::end(&gateway, &task),
            TaskCommand::List { data, json } => {
                task::list(&open_existing(data.data.as_deref())?, json)
            }
        },
        Command::Eval {
            paths,
            mode,
            config,
            json,
            strict,
        } => eval::run(&paths, &mode, config.as_deref(), json, strict),
        Command::Policy { action } => match action {
            PolicyCommand::Validate { dir } => policy::validate(dir.as_deref()),
            PolicyCommand::Test { fixtures, policies } => {
                policy::test(&fixtures, policies.as_deref())
            }
            PolicyCommand::Explain { data, event_id } => {
                policy::explain(&open_existing(data.data.as_deref())?, &event_id)
            }
        },
        Command::Agent { action } => match action {
            AgentCommand::Add {
                data,
                name,
                owner,
                tier,
            } => identity::agent_add(data.data.as_deref(), &name, &owner, &tier),
            AgentCommand::List { data, json } => identity::agent_list(data.data.as_deref(), json),
            AgentCommand::Remove { data, name } => {
                identity::agent_remove(data.data.as_deref(), &name)
            }
            AgentCommand::Join { data, name, ttl } => {
                identity::agent_join(data.data.as_deref(), &name, ttl)
            }
        },
        Command::Run {
            data,
            agent,
            gateway,
            objective,
            tools,
            servers,
            resources,
            destinations,
            deadline,
            may_act,
            command,
        } => identity::run(
            data.data.as_deref(),
            identity::RunOptions {
                agent,
                gateway,
                objective,
                tools,
                servers,
                resources,
                destinations,
                deadline,
                may_act,
                command,
            },
        ),
        Command::Revoke {
            data,
            task,
            agent,
            token,
        } => identity::revoke(
            data.data.as_deref(),
            identity::RevokeOptions { task, agent, token },
        ),
        Command::Secret { action } => match action {
            SecretCommand::Put {
                data,
                name,
                upstreams,
                from_env,
            } => identity::secret_put(data.data.as_deref(), &name, upstreams, from_env.as_deref()),
            SecretCommand::List { data, json } => identity::secret_list(data.data.as_deref(), json),
            SecretCommand::Rm { data, name } => identity::secret_rm(data.data.as_deref(), &name),
        },
        Command::Replay {
            paths,
            gateway,
            json,
            command,
        } => replay::run(replay::ReplayOptions {
            paths,
            gateway,
            json,
            command,
        }),
    }
}

/// The data directory for commands that only read: it must already exist.
fn open_existing(explicit: Option<&Path>) -> Result<DataDir, String> {
    let root = DataDir::resolve(explicit).map_err(|e| e.to_string())?;
    if root.exists() && fleet::store_url(Some(&root), None)?.is_some() {
        // A fleet gateway's directory: its record is in the database, not in warden.db.
        return DataDir::open_or_init(&root, warden_gateway::DEFAULT_CONFIG)
            .map_err(|e| e.to_string());
    }
    DataDir::open_existing(&root).map_err(|e| e.to_string())
}

/// Reads a key given as text or as `@FILE`.
pub(crate) fn key_text(arg: &str) -> Result<String, String> {
    match arg.strip_prefix('@') {
        Some(path) => {
            std::fs::read_to_string(path).map_err(|e| format!("cannot read key file {path}: {e}"))
        }
        None => Ok(arg.to_owned()),
    }
}
