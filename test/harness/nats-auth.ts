// Decentralized (operator/JWT) NATS auth for tests: an operator, one account and users issued as
// creds files (user JWT + nkey seed), plus the nats-server config text that trusts them
// (`operator`, `resolver: MEMORY`, `resolver_preload`). Uses @nats-io/jwt; nothing leaves the temp dir.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount, createOperator, createUser, encodeAccount, encodeOperator, encodeUser, fmtCreds, type Permissions } from '@nats-io/jwt';

export interface IssuedUser {
  readonly name: string;
  /** Public nkey of the user (U...). */
  readonly publicKey: string;
  /** Path of the creds file (mode 0600). */
  readonly credsFile: string;
  /** The user's nkey seed (S...), for nkey-authenticator tests. */
  readonly seed: string;
}

export interface OperatorAuth {
  /** nats-server config text: operator JWT, memory resolver, preloaded account and system account. */
  readonly serverConfig: string;
  readonly accountPublicKey: string;
  /** Issues a user of the test account, with optional subject permissions, as a creds file. */
  issueUser(name: string, permissions?: Partial<Permissions>): Promise<IssuedUser>;
  cleanup(): void;
}

const enc = new TextDecoder();

/** Creates an operator with a system account and one application account (JetStream enabled). */
export async function createOperatorAuth(): Promise<OperatorAuth> {
  const dir = mkdtempSync(join(tmpdir(), 'flint-nats-auth-'));
  const operator = createOperator();
  const system = createAccount();
  const account = createAccount();
  const systemPub = system.getPublicKey();
  const accountPub = account.getPublicKey();

  const operatorJwt = await encodeOperator('flint-test-operator', operator, { system_account: systemPub });
  const systemJwt = await encodeAccount('SYS', system, {}, { signer: operator });
  const unlimited = {
    subs: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1,
    mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1,
  };
  const accountJwt = await encodeAccount('FLINT', account, { limits: unlimited }, { signer: operator });

  const serverConfig = [
    `operator: ${JSON.stringify(operatorJwt)}`,
    `system_account: ${systemPub}`,
    'resolver: MEMORY',
    'resolver_preload: {',
    `  ${systemPub}: ${JSON.stringify(systemJwt)}`,
    `  ${accountPub}: ${JSON.stringify(accountJwt)}`,
    '}',
    '',
  ].join('\n');

  return {
    serverConfig,
    accountPublicKey: accountPub,
    async issueUser(name, permissions = {}) {
      const user = createUser();
      const jwt = await encodeUser(name, user, account, permissions);
      const credsFile = join(dir, `${name}.creds`);
      writeFileSync(credsFile, fmtCreds(jwt, user), { mode: 0o600 });
      return { name, publicKey: user.getPublicKey(), credsFile, seed: enc.decode(user.getSeed()) };
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
