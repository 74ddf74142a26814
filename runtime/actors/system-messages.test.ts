import t from 'tap';
import { ErrorCode } from '../../common/index.js';
import { decodeEnvelope, encodeEnvelope } from '../transport/envelope.js';
import type { SupervisionStrategy } from './supervision.js';
import { parseReplyBody, parseSystemMessage, SYSTEM_PROTOCOL_VERSION, SystemType, type ReplyBody, type SystemMessage } from './system-messages.js';

function roundTrip(type: string, body: unknown): unknown {
  const res = decodeEnvelope(encodeEnvelope({ type, version: SYSTEM_PROTOCOL_VERSION, body }), SYSTEM_PROTOCOL_VERSION);
  if (!res.ok) throw res.error;
  return res.envelope.body;
}

t.test('system messages round-trip through the envelope', async (t) => {
  const ref = { node: 'exec-1', path: 'user/task' };
  const messages: SystemMessage[] = [
    { kind: SystemType.Watch, watcher: ref },
    { kind: SystemType.Unwatch, watcher: ref },
    { kind: SystemType.Terminated, ref },
  ];
  for (const m of messages) t.same(parseSystemMessage(m.kind, roundTrip(m.kind, m)), m, m.kind);
  const replies: ReplyBody[] = [
    { ok: true, value: { nested: [1, 'two', null], big: 3n } },
    { ok: false, error: { code: ErrorCode.MailboxFull, message: 'full', retryable: true, fields: { capacity: 10 } } },
  ];
  for (const r of replies) t.same(parseReplyBody(roundTrip(SystemType.Reply, r)), r);
});

t.test('supervision strategies are plain data that round-trip', async (t) => {
  const strategies: SupervisionStrategy[] = [
    { kind: 'restart', maxRestarts: 3, withinMs: 1000 }, { kind: 'stop' }, { kind: 'escalate' }, { kind: 'resume' },
  ];
  for (const s of strategies) t.same(roundTrip('sys.Test', s), s, s.kind);
});

t.test('malformed system bodies are refused, not trusted', async (t) => {
  t.equal(parseSystemMessage(SystemType.Watch, { watcher: { node: '', path: 'x' } }), undefined);
  t.equal(parseSystemMessage(SystemType.Terminated, { ref: 'n/p' }), undefined);
  t.equal(parseSystemMessage('sys.Other', { ref: { node: 'n', path: 'p' } }), undefined);
  t.same(parseSystemMessage(SystemType.Terminated, { ref: { node: 'n', path: 'p', extra: true } }), { kind: SystemType.Terminated, ref: { node: 'n', path: 'p' } });
  t.equal(parseReplyBody({ ok: false, error: 'boom' }), undefined);
  t.equal(parseReplyBody(null), undefined);
  t.match(parseReplyBody({ ok: false, error: { code: 'FROM_THE_FUTURE', message: 'x' } }), { ok: false, error: { code: ErrorCode.RemoteFailure, retryable: false } });
});
