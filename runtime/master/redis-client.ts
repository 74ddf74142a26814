// Creates the Master's ioredis client: an `error` listener always attached (an unhandled 'error'
// event would crash the process), fast failure during outages, and reconnection with backoff.
import { Redis } from 'ioredis';
import { silentLogger, systemClock, type Clock, type Logger } from '../../common/index.js';

export interface RedisClientOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Per-command time limit (default 2000 ms). */
  readonly commandTimeoutMs?: number;
  /** Connection time limit (default 2000 ms). */
  readonly connectTimeoutMs?: number;
}

/** A client for `url` (`redis://host:port`) that logs, rather than throws, connection errors. */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const logger = options.logger ?? silentLogger();
  const clock = options.clock ?? systemClock;
  const redis = new Redis(url, {
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    // Fail commands quickly during an outage; callers (the lease) retry on their own schedule.
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(50 * times, 1000),
  });
  let lastLogged = -Infinity;
  redis.on('error', (err: Error) => {
    // A dead server reports on every reconnect attempt: log at most once a second.
    const now = clock.monotonic();
    if (now - lastLogged < 1000) return;
    lastLogged = now;
    logger.warn({ err: err.message }, 'redis connection error');
  });
  return redis;
}
