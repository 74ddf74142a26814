import t from 'tap';
import { startRedisServer, redisAnswersPing } from './redis-server.js';

t.test('startRedisServer', async (t) => {
  t.test('starts on a free loopback port, answers PING, and stops', async (t) => {
    const server = await startRedisServer();
    t.teardown(() => server.stop());
    t.not(server.port, 6379);
    t.equal(server.url, `redis://127.0.0.1:${server.port}`);
    t.ok(await redisAnswersPing(server.port));
    await server.kill();
    t.notOk(await redisAnswersPing(server.port));
    await server.restart();
    t.ok(await redisAnswersPing(server.port), 'restarts on the same port');
    await server.stop();
    t.notOk(await redisAnswersPing(server.port));
    await server.stop();
  });

  t.test('refuses port 6379 and reports a missing binary', async (t) => {
    await t.rejects(startRedisServer({ port: 6379 }), /6379/);
    await t.rejects(startRedisServer({ binary: '/nonexistent/redis-server', startTimeoutMs: 500 }), /redis-server/);
  });
});
