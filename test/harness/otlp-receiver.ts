// A tiny OTLP/HTTP receiver for tests: listens on 127.0.0.1:<free port>, accepts POST /v1/traces
// with JSON bodies (resourceSpans → scopeSpans → spans; gzip accepted) and records every span with
// its resource attributes; POST /v1/metrics and /v1/logs are accepted and ignored.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { waitFor } from './free-port.js';

export type AttributeValue = string | number | boolean | null | readonly AttributeValue[];

export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Empty for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP SpanKind number: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** Attributes of the resource that sent the span (service.name, flint.node.id, …). */
  readonly resource: Readonly<Record<string, AttributeValue>>;
}

export interface OtlpReceiver {
  /** Base URL (`http://127.0.0.1:PORT`), as OTEL_EXPORTER_OTLP_ENDPOINT / `--otlp-endpoint`. */
  readonly url: string;
  readonly port: number;
  spans(): readonly ReceivedSpan[];
  /** Every request body as received (decompressed), for scanning the raw export. */
  rawBodies(): readonly string[];
  /** Polls until `match` returns a span; rejects after `timeoutMs`. */
  waitForSpan(what: string, match: (s: ReceivedSpan) => boolean, timeoutMs?: number): Promise<ReceivedSpan>;
  stop(): Promise<void>;
}

interface OtlpAnyValue {
  stringValue?: string; boolValue?: boolean; intValue?: string | number; doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
}
interface OtlpKeyValue { key: string; value?: OtlpAnyValue }
interface OtlpSpan { traceId?: string; spanId?: string; parentSpanId?: string; name?: string; kind?: number; attributes?: OtlpKeyValue[] }
interface OtlpTracesRequest {
  resourceSpans?: { resource?: { attributes?: OtlpKeyValue[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

function value(v: OtlpAnyValue | undefined): AttributeValue {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(value);
  return null;
}

function attributes(kvs: OtlpKeyValue[] | undefined): Record<string, AttributeValue> {
  return Object.fromEntries((kvs ?? []).map((kv) => [kv.key, value(kv.value)]));
}

/** OTLP/JSON ids are hex; a base64 id (protobuf-style JSON) is converted so tests compare one form. */
function hexId(id: string | undefined): string {
  if (!id) return '';
  return /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the receiver on a free loopback port. Stop it in t.teardown. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const bodies: string[] = [];
  const reply = (res: ServerResponse, status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/')) return reply(res, 404, '{}');
      let raw = await readBody(req);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      const text = raw.toString('utf8');
      bodies.push(text);
      if (!req.url.startsWith('/v1/traces')) return reply(res, 200, '{}');
      if (!String(req.headers['content-type'] ?? '').includes('json')) return reply(res, 415, '{"error":"this receiver accepts OTLP/JSON only"}');
      const request = JSON.parse(text) as OtlpTracesRequest;
      for (const rs of request.resourceSpans ?? []) {
        const resource = attributes(rs.resource?.attributes);
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            spans.push({
              traceId: hexId(s.traceId), spanId: hexId(s.spanId), parentSpanId: hexId(s.parentSpanId),
              name: s.name ?? '', kind: s.kind ?? 0, attributes: attributes(s.attributes), resource,
            });
          }
        }
      }
      reply(res, 200, '{}');
    })().catch((err: Error) => reply(res, 400, JSON.stringify({ error: err.message })));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    spans: () => spans,
    rawBodies: () => bodies,
    async waitForSpan(what, match, timeoutMs = 15_000) {
      let found: ReceivedSpan | undefined;
      await waitFor(what, () => (found = spans.find(match)) !== undefined, timeoutMs, 50).catch((err: Error) => {
        const seen = spans.map((s) => `${String(s.resource['service.name'])} ${s.name}`);
        throw new Error(`${err.message}; received ${spans.length} spans: ${[...new Set(seen)].join(', ')}`);
      });
      return found!;
    },
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
