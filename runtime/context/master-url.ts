// The `--master` / `spark.master` URL as data: local mode with N executor threads, or a cluster
// reached over NATS. Spark's forms: `local`, `local[4]`, `local[*]`; Flint adds `nats://` and `tls://`.
import { availableParallelism } from 'node:os';
import { EngineError, ErrorCode } from '../../common/index.js';

export type MasterUrl =
  | { readonly kind: 'local'; readonly executors: number }
  | { readonly kind: 'cluster'; readonly url: string };

/** Parses a master URL; undefined means local mode on every core (the embedded default). */
export function parseMasterUrl(master: string | undefined): MasterUrl {
  const m = (master ?? 'local[*]').trim();
  if (m === 'local') return { kind: 'local', executors: 1 };
  const local = /^local\[(\*|\d+)(?:,\s*\d+)?\]$/.exec(m);
  if (local) {
    const n = local[1] === '*' ? availableParallelism() : Number(local[1]);
    if (!Number.isInteger(n) || n < 1) throw badMaster(m, 'local[N] needs N ≥ 1');
    return { kind: 'local', executors: n };
  }
  if (/^(nats|tls):\/\/[^\s]+$/.test(m)) return { kind: 'cluster', url: m };
  throw badMaster(m, 'expected local, local[N], local[*], nats://HOST:PORT or tls://HOST:PORT');
}

function badMaster(master: string, why: string): EngineError {
  // The URL may hold credentials: show only its scheme and host.
  const shown = master.replace(/\/\/[^@/]*@/, '//…@');
  return new EngineError(ErrorCode.Config, `invalid master URL ${JSON.stringify(shown)}: ${why}`, { fields: { key: 'spark.master' } });
}
