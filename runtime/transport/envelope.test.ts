import t from 'tap';
import { ErrorCode } from '../../common/index.js';
import { decodeEnvelope, encodeEnvelope, Header } from './envelope.js';

t.test('envelope codec', async (t) => {
  t.test('round-trips body, sender, epoch and trace context', async (t) => {
    const body = { kind: 'Hello', n: 3n, tags: new Map([['a', 1]]), list: [1, 'x', null] };
    const wire = encodeEnvelope({
      type: 'Hello', version: 1, body, sender: { node: 'n1', path: 'user/a' }, epoch: 7,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    const res = decodeEnvelope(wire, 1);
    t.ok(res.ok);
    if (!res.ok) return;
    t.same(res.envelope.body, body);
    t.same(res.envelope.sender, { node: 'n1', path: 'user/a' });
    t.equal(res.envelope.epoch, 7);
    t.equal(res.envelope.traceparent, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
  });
  t.test('refuses garbage bodies with BAD_MESSAGE', async (t) => {
    const res = decodeEnvelope({ headers: { [Header.type]: 'Hello', [Header.version]: '1' }, body: new Uint8Array([0xc1, 0xff, 0x00]) }, 1);
    t.notOk(res.ok);
    if (!res.ok) t.equal(res.error.code, ErrorCode.BadMessage);
  });
  t.test('refuses a missing type header', async (t) => {
    const res = decodeEnvelope({ headers: {}, body: new Uint8Array() }, 1);
    t.notOk(res.ok);
  });
  t.test('refuses future protocol versions by name', async (t) => {
    const res = decodeEnvelope({ headers: { [Header.type]: 'Hello', [Header.version]: '9' }, body: new Uint8Array([0xc0]) }, 2);
    t.notOk(res.ok);
    if (!res.ok) {
      t.equal(res.error.code, ErrorCode.UnsupportedProtocolVersion);
      t.match(res.error.message, /version 9/);
    }
  });
});
