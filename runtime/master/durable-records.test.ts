import t from 'tap';
import { connect } from '@nats-io/transport-node';
import { DurableRecords, recordsBucket, clusterBucket } from './durable-records.js';
import { JetStreamEpochStore } from './durable-epoch.js';
import { startNatsServer, waitFor } from '../../test/harness/index.js';

interface App { readonly name: string; readonly state: string }

t.test('bucket names', async (t) => {
  t.test('follow flint_<cluster>_<purpose> and refuse unsafe cluster names', async (t) => {
    t.equal(recordsBucket('prod-1'), 'flint_prod-1_records');
    t.throws(() => clusterBucket('a.b', 'records'), { code: 'INVALID_ARGUMENT', fields: { cluster: 'a.b' } });
    t.throws(() => recordsBucket('*'), { code: 'INVALID_ARGUMENT' });
  });
});

t.test('DurableRecords on a real nats-server', async (t) => {
  const server = await startNatsServer();
  t.teardown(() => server.stop());
  const nc = await connect({ servers: server.url, reconnectTimeWait: 100 });
  t.teardown(() => nc.close());

  t.test('opens idempotently, also when two openers race', async (t) => {
    const [a, b] = await Promise.all([
      DurableRecords.open<App>(nc, { bucket: recordsBucket('race') }),
      DurableRecords.open<App>(nc, { bucket: recordsBucket('race') }),
    ]);
    await a.put('app.1', { name: 'one', state: 'running' });
    t.same((await b.get('app.1'))?.value, { name: 'one', state: 'running' });
    const c = await DurableRecords.open<App>(nc, { bucket: recordsBucket('race') });
    t.equal(c.bucket, 'flint_race_records');
    t.same((await c.get('app.1'))?.value.name, 'one');
  });

  t.test('creates only absent records and compares revisions on update', async (t) => {
    const r = await DurableRecords.open<App>(nc, { bucket: recordsBucket('cas') });
    t.equal(await r.get('app.a'), undefined);
    const rev1 = await r.create('app.a', { name: 'a', state: 'submitted' });
    t.type(rev1, 'number');
    t.equal(await r.create('app.a', { name: 'a2', state: 'submitted' }), undefined, 'a second create loses');
    const rev2 = await r.update('app.a', { name: 'a', state: 'running' }, rev1 as number);
    t.type(rev2, 'number');
    t.equal(await r.update('app.a', { name: 'a', state: 'stale' }, rev1 as number), undefined, 'an update from an old revision loses');
    t.same(await r.get('app.a'), { key: 'app.a', value: { name: 'a', state: 'running' }, revision: rev2 });
  });

  t.test('deletes, lists live keys, and re-creates a deleted key', async (t) => {
    const r = await DurableRecords.open<App>(nc, { bucket: recordsBucket('del') });
    await r.put('app.2', { name: 'two', state: 'x' });
    await r.put('app.1', { name: 'one', state: 'x' });
    await r.put('job.1', { name: 'j', state: 'x' });
    t.same(await r.keys(), ['app.1', 'app.2', 'job.1']);
    t.same(await r.keys('app.>'), ['app.1', 'app.2']);
    await r.delete('app.2');
    t.equal(await r.get('app.2'), undefined);
    t.same(await r.keys('app.>'), ['app.1']);
    t.type(await r.create('app.2', { name: 'again', state: 'y' }), 'number');
    t.same((await r.get('app.2'))?.value.name, 'again');
  });

  t.test('keeps records across a nats-server restart', async (t) => {
    const r = await DurableRecords.open<App>(nc, { bucket: recordsBucket('restart'), timeoutMs: 1000 });
    await r.put('app.1', { name: 'kept', state: 'running' });
    await server.restart();
    // The client reconnects on its own; requests made before it has fail and are retried.
    let value: App | undefined;
    await waitFor('the record after the restart', async () => {
      value = (await r.get('app.1'))?.value;
      return value !== undefined;
    }, 10_000);
    t.same(value, { name: 'kept', state: 'running' });
  });
});

t.test('JetStreamEpochStore', async (t) => {
  const server = await startNatsServer();
  t.teardown(() => server.stop());
  const nc = await connect({ servers: server.url });
  t.teardown(() => nc.close());

  t.test('starts at 0 and accepts only writes against the revision read', async (t) => {
    const a = await JetStreamEpochStore.open(nc, 'epochs', 'master-a');
    const b = await JetStreamEpochStore.open(nc, 'epochs', 'master-b');
    const first = await a.read();
    t.same(first, { epoch: 0, revision: 0 });
    t.ok(await a.write(1, first.revision));
    t.notOk(await b.write(1, first.revision), 'a second create from revision 0 loses');
    const second = await b.read();
    t.equal(second.epoch, 1);
    t.ok(await b.write(2, second.revision));
    t.notOk(await a.write(2, second.revision), 'a write from an old revision loses');
    t.equal((await a.read()).epoch, 2);
  });
});
