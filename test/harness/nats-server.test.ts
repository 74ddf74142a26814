import t from 'tap';
import { existsSync } from 'node:fs';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { waitFor } from './free-port.js';
import { startNatsServer } from './nats-server.js';

t.test('startNatsServer', async (t) => {
  t.test('serves JetStream on a free loopback port and keeps its store across kill and restart', async (t) => {
    const server = await startNatsServer();
    t.teardown(() => server.stop());
    t.not(server.port, 4222);
    t.match(server.url, /^nats:\/\/127\.0\.0\.1:\d+$/);
    const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    t.teardown(() => nc.close());
    const jsm = await jetstreamManager(nc, { timeout: 500 });
    await jsm.streams.add({ name: 'records', subjects: ['flint.test.records'] });

    // Requests made before the client has reconnected time out, so retry until one is answered.
    const streamBack = () => waitFor('stream info after restart', async () =>
      (await jsm.streams.info('records')).config.name === 'records');
    await server.kill();
    await server.restart();
    await streamBack();
    t.pass('the stream survives a crash and restart');
    await server.restart();
    await streamBack();
    t.pass('and a graceful restart');
    t.match(server.log(), /Server is ready/);
  });

  t.test('stop removes the temp dir and forbids restart', async (t) => {
    const server = await startNatsServer({ jetstream: false });
    await server.stop();
    await server.stop();
    t.notOk(existsSync(server.logFile));
    await t.rejects(server.restart(), /stopped for good/);
  });

  t.test('a bad config fails the start with the server log in the message', async (t) => {
    await t.rejects(startNatsServer({ jetstream: false, config: 'max_payload: {{{\n', startTimeoutMs: 3_000 }), /nats-server log/);
  });
});
