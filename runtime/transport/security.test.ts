import t from 'tap';
import { Writable } from 'node:stream';
import { createLogger, ErrorCode } from '../../common/index.js';
import { checkBindSecurity, hostOfUrl, isLoopbackHost } from './security.js';

function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  return { logger: createLogger({ level: 'warn', destination }), lines };
}

t.test('bind security policy', async (t) => {
  t.test('recognises loopback hosts', async (t) => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      t.ok(isLoopbackHost(h), h);
    }
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.5', '128.0.0.1', 'nats.example.com', 'localhost.example.com', '::ffff:10.0.0.1']) {
      t.notOk(isLoopbackHost(h), h);
    }
  });

  t.test('extracts hosts from server URLs, with or without scheme and credentials', async (t) => {
    t.equal(hostOfUrl('nats://alice:s3cret@10.1.2.3:4222'), '10.1.2.3');
    t.equal(hostOfUrl('tls://[::1]:4222'), '::1');
    t.equal(hostOfUrl('nats.internal:4222'), 'nats.internal');
  });

  t.test('allows loopback without credentials or TLS', async (t) => {
    t.equal(checkBindSecurity({ url: 'nats://127.0.0.1:4222', hasCredentials: false, hasTls: false }), 'loopback');
    t.equal(checkBindSecurity({ host: 'localhost', hasCredentials: false, hasTls: false }), 'loopback');
  });

  t.test('refuses a non-loopback address without credentials and TLS, naming what is missing', async (t) => {
    t.throws(() => checkBindSecurity({ host: '0.0.0.0', hasCredentials: false, hasTls: false, what: 'master bind' }), {
      code: ErrorCode.InsecureBind, message: /refusing master bind to non-loopback 0\.0\.0\.0 without credentials and TLS.*--insecure/,
    });
    t.throws(() => checkBindSecurity({ url: 'nats://10.0.0.5:4222', hasCredentials: true, hasTls: false }), {
      code: ErrorCode.InsecureBind, message: /without TLS/,
    });
    t.throws(() => checkBindSecurity({ url: 'nats://10.0.0.5:4222', hasCredentials: false, hasTls: true }), {
      code: ErrorCode.InsecureBind, message: /without credentials:/,
    });
  });

  t.test('never repeats a password from the URL in the refusal', async (t) => {
    const err = (() => {
      try {
        checkBindSecurity({ url: 'nats://alice:hunter2@10.0.0.5:4222', hasCredentials: true, hasTls: false });
      } catch (e) {
        return e as Error & { fields: Record<string, unknown> };
      }
    })();
    t.ok(err);
    t.notMatch(err!.message, /hunter2/);
    t.notMatch(JSON.stringify(err!.fields), /hunter2/);
  });

  t.test('allows a protected non-loopback address', async (t) => {
    t.equal(checkBindSecurity({ url: 'tls://nats.internal:4222', hasCredentials: true, hasTls: true }), 'protected');
  });

  t.test('allows an unprotected non-loopback address with --insecure, and warns', async (t) => {
    const { logger, lines } = capturingLogger();
    t.equal(checkBindSecurity({ host: '0.0.0.0', hasCredentials: false, hasTls: false, insecure: true, logger }), 'insecure-allowed');
    t.equal(lines.length, 1);
    t.match(lines[0], /--insecure/);
  });
});
