import t from 'tap';
import { availableParallelism } from 'node:os';
import { parseMasterUrl } from './master-url.js';

t.test('parseMasterUrl reads Spark local forms and NATS URLs', async (t) => {
  t.same(parseMasterUrl(undefined), { kind: 'local', executors: availableParallelism() });
  t.same(parseMasterUrl('local'), { kind: 'local', executors: 1 });
  t.same(parseMasterUrl('local[3]'), { kind: 'local', executors: 3 });
  t.same(parseMasterUrl('local[*]'), { kind: 'local', executors: availableParallelism() });
  t.same(parseMasterUrl('nats://127.0.0.1:4222'), { kind: 'cluster', url: 'nats://127.0.0.1:4222' });
  t.same(parseMasterUrl('tls://h:4222'), { kind: 'cluster', url: 'tls://h:4222' });
});

t.test('parseMasterUrl refuses garbage with a CONFIG error that hides credentials', async (t) => {
  t.throws(() => parseMasterUrl('yarn'), { code: 'CONFIG' });
  t.throws(() => parseMasterUrl('local[0]'), { code: 'CONFIG' });
  try {
    parseMasterUrl('http://alice:s3cret@h:1');
    t.fail('should throw');
  } catch (err) {
    t.notMatch((err as Error).message, /s3cret/);
  }
});
