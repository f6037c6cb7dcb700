"""Exports GenAI spans and agent log events with the real OpenTelemetry SDK and its OTLP/HTTP
protobuf exporters (gzip-compressed), the way an instrumented agent framework or Claude Code
does, to `--endpoint` (Warden's gateway). Prints the trace id and whether each export
succeeded, as JSON on the last line.
"""

import argparse
import json

from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import SimpleLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.trace import SpanKind, Status, StatusCode


class Recording:
    """Wraps an exporter to remember whether every export succeeded."""

    def __init__(self, inner):
        self.inner = inner
        self.results = []

    def export(self, batch):
        r = self.inner.export(batch)
        self.results.append(r.name)
        return r

    def shutdown(self, *a, **k):
        return self.inner.shutdown(*a, **k)

    def force_flush(self, *a, **k):
        return True

    def __getattr__(self, name):
        return getattr(self.inner, name)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--conversation", required=True)
    p.add_argument("--session", required=True)
    a = p.parse_args()

    spans = Recording(OTLPSpanExporter(endpoint=f"{a.endpoint}/v1/traces", compression=Compression.Gzip))
    tp = TracerProvider(resource=Resource.create({"service.name": "weather-agent"}))
    tp.add_span_processor(SimpleSpanProcessor(spans))
    tracer = tp.get_tracer("weather-agent", "1.0")

    with tracer.start_as_current_span(
        "invoke_agent WeatherBot",
        kind=SpanKind.CLIENT,
        attributes={
            "gen_ai.operation.name": "invoke_agent",
            "gen_ai.agent.name": "WeatherBot",
            "gen_ai.conversation.id": a.conversation,
        },
    ) as root:
        trace_id = format(root.get_span_context().trace_id, "032x")
        with tracer.start_as_current_span(
            "chat gpt-4.1",
            kind=SpanKind.CLIENT,
            attributes={
                "gen_ai.operation.name": "chat",
                "gen_ai.conversation.id": a.conversation,
                "gen_ai.provider.name": "openai",
                "gen_ai.request.model": "gpt-4.1",
                "gen_ai.response.model": "gpt-4.1-2025-04-14",
                "gen_ai.usage.input_tokens": 97,
                "gen_ai.usage.output_tokens": 52,
                "gen_ai.response.finish_reasons": ["tool_call"],
                "gen_ai.input.messages": json.dumps(
                    [{"role": "user", "parts": [{"type": "text", "content": "Weather in Paris?"}]}]
                ),
                "gen_ai.output.messages": json.dumps(
                    [
                        {
                            "role": "assistant",
                            "parts": [
                                {
                                    "type": "tool_call",
                                    "id": "call_VSPygqKTWdrhaFErNvMV18Yl",
                                    "name": "get_weather",
                                    "arguments": {"location": "Paris"},
                                }
                            ],
                            "finish_reason": "tool_call",
                        }
                    ]
                ),
            },
        ):
            pass
        # No conversation id here: the trace (learnt from the chat span, exported first) ties it
        # to the conversation.
        with tracer.start_as_current_span(
            "execute_tool get_weather",
            kind=SpanKind.INTERNAL,
            attributes={
                "gen_ai.operation.name": "execute_tool",
                "gen_ai.tool.name": "get_weather",
                "gen_ai.tool.call.id": "call_VSPygqKTWdrhaFErNvMV18Yl",
                "gen_ai.tool.call.arguments": '{"location":"Paris"}',
                "gen_ai.tool.call.result": "rainy, 57F",
            },
        ) as t:
            t.set_status(Status(StatusCode.OK))
        # Plain HTTP telemetry: acknowledged, not recorded.
        with tracer.start_as_current_span("GET /healthz", kind=SpanKind.SERVER, attributes={"http.request.method": "GET"}):
            pass
    tp.shutdown()

    logs = Recording(OTLPLogExporter(endpoint=f"{a.endpoint}/v1/logs", compression=Compression.Gzip))
    lp = LoggerProvider(resource=Resource.create({"service.name": "claude-code", "service.version": "2.1.0"}))
    lp.add_log_record_processor(SimpleLogRecordProcessor(logs))
    logger = lp.get_logger("com.anthropic.claude_code.events", "2.1.0")
    # Claude Code's event shape: the name in the body and in `event.name`, unprefixed.
    logger.emit(
        body="claude_code.user_prompt",
        attributes={
            "event.name": "user_prompt",
            "event.timestamp": "2026-11-21T07:00:00.000Z",
            "session.id": a.session,
            "prompt.id": "prompt-1",
            "prompt_length": 26,
            "prompt": "summarise the open issues",
        },
    )
    logger.emit(
        body="claude_code.tool_result",
        attributes={
            "event.name": "tool_result",
            "session.id": a.session,
            "tool_name": "Bash",
            "tool_use_id": "toolu_01OTLP",
            "success": "true",
            "duration_ms": 41,
        },
    )
    logger.emit(body="something unrelated happened", attributes={"component": "db"})
    lp.shutdown()
    print(json.dumps({"trace_id": trace_id, "spans": spans.results, "logs": logs.results}))


if __name__ == "__main__":
    main()
