// Throwaway TLS material for tests: a CA, a server certificate for 127.0.0.1/localhost and a client
// certificate, made with the system `openssl` (argument lists, never a shell) in a temp dir.
// Keys are EC P-256 and valid for one day; cleanup() removes everything.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestTls {
  readonly dir: string;
  readonly caFile: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  /** A nats-server `tls { }` block for these files; `verify` requires client certificates. */
  natsTlsBlock(options?: { verify?: boolean }): string;
  cleanup(): void;
}

/** Path of the openssl binary, or an error saying how to install it. */
export function opensslBinary(): string {
  for (const candidate of ['/usr/bin/openssl', '/usr/local/bin/openssl']) {
    try {
      execFileSync(candidate, ['version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('openssl not found (install Debian package openssl)');
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Generates a CA, a server cert (SAN IP:127.0.0.1, DNS:localhost) and a client cert. */
export function generateTestTls(): TestTls {
  const openssl = opensslBinary();
  const dir = mkdtempSync(join(tmpdir(), 'flint-tls-'));
  const run = (args: string[]): void => {
    execFileSync(openssl, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const f = (name: string): string => join(dir, name);

  run(['req', '-x509', ...EC_KEY, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '1',
    '-subj', '/CN=flint-test-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);

  const issue = (name: string, cn: string, ext: string): void => {
    writeFileSync(f(`${name}.ext`), ext);
    run(['req', ...EC_KEY, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${cn}`]);
    run(['x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial',
      '-out', f(`${name}.pem`), '-days', '1', '-extfile', f(`${name}.ext`)]);
  };
  const common = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n';
  issue('server', 'localhost', `${common}extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n`);
  issue('client', 'flint-test-client', `${common}extendedKeyUsage=clientAuth\n`);

  const tls: TestTls = {
    dir,
    caFile: f('ca.pem'),
    serverCertFile: f('server.pem'),
    serverKeyFile: f('server.key'),
    clientCertFile: f('client.pem'),
    clientKeyFile: f('client.key'),
    natsTlsBlock(options = {}) {
      return [
        'tls {',
        `  cert_file: ${JSON.stringify(tls.serverCertFile)}`,
        `  key_file: ${JSON.stringify(tls.serverKeyFile)}`,
        `  ca_file: ${JSON.stringify(tls.caFile)}`,
        `  verify: ${options.verify ? 'true' : 'false'}`,
        '  timeout: 2',
        '}',
        '',
      ].join('\n');
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return tls;
}
