// Every error Flint throws is an EngineError with a stable code, a retryable flag and named fields;
// across the wire it travels as plain WireError data and is rebuilt on the other side.

/** Stable error codes. Never renumber or reuse: logs, tests and users match on them. */
export const ErrorCode = {
  Internal: 'INTERNAL',
  InvalidArgument: 'INVALID_ARGUMENT',
  Config: 'CONFIG',
  AskTimeout: 'ASK_TIMEOUT',
  ActorNotFound: 'ACTOR_NOT_FOUND',
  ActorStopped: 'ACTOR_STOPPED',
  MailboxFull: 'MAILBOX_FULL',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  BadMessage: 'BAD_MESSAGE',
  UnknownMessageType: 'UNKNOWN_MESSAGE_TYPE',
  UnsupportedProtocolVersion: 'UNSUPPORTED_PROTOCOL_VERSION',
  TransportClosed: 'TRANSPORT_CLOSED',
  ConnectionFailed: 'CONNECTION_FAILED',
  AuthenticationFailed: 'AUTHENTICATION_FAILED',
  InsecureBind: 'INSECURE_BIND',
  StaleEpoch: 'STALE_EPOCH',
  NotLeader: 'NOT_LEADER',
  LeaseLost: 'LEASE_LOST',
  NodeLost: 'NODE_LOST',
  RemoteFailure: 'REMOTE_FAILURE',
  Analysis: 'ANALYSIS',
  TypeMismatch: 'TYPE_MISMATCH',
  ArithmeticOverflow: 'ARITHMETIC_OVERFLOW',
  DivideByZero: 'DIVIDE_BY_ZERO',
  CastInvalidInput: 'CAST_INVALID_INPUT',
  Unsupported: 'UNSUPPORTED',
  BlockNotFound: 'BLOCK_NOT_FOUND',
  BlockFetchFailed: 'BLOCK_FETCH_FAILED',
  BlockCorrupt: 'BLOCK_CORRUPT',
  DiskStoreFailed: 'DISK_STORE_FAILED',
  ShuffleOutputMissing: 'SHUFFLE_OUTPUT_MISSING',
  ClosureCapture: 'CLOSURE_CAPTURE',
  NotSerializable: 'NOT_SERIALIZABLE',
  JobAborted: 'JOB_ABORTED',
  JobCancelled: 'JOB_CANCELLED',
  FileNotFound: 'FILE_NOT_FOUND',
  CorruptFile: 'CORRUPT_FILE',
  MalformedRecord: 'MALFORMED_RECORD',
  StorageIo: 'STORAGE_IO',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Named, serializable facts about an error (what was wrong and where). */
export type ErrorFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface EngineErrorOptions {
  readonly retryable?: boolean;
  readonly fields?: ErrorFields;
  readonly cause?: unknown;
}

/** The one error class of the engine; subclasses only narrow the code. */
export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly fields: ErrorFields;

  constructor(code: ErrorCode, message: string, options: EngineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EngineError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.fields = options.fields ?? {};
  }

  toWire(): WireError {
    return { code: this.code, message: this.message, retryable: this.retryable, fields: { ...this.fields } };
  }
}

/** An error as plain data, for messages, event logs and replies to asks. */
export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly fields: ErrorFields;
}

/** Converts anything thrown into WireError; foreign errors become INTERNAL with their message. */
export function toWireError(err: unknown): WireError {
  if (err instanceof EngineError) return err.toWire();
  const message = err instanceof Error ? err.message : String(err);
  return { code: ErrorCode.Internal, message, retryable: false, fields: {} };
}

/** Rebuilds an EngineError from its wire form (the remote stack is not carried). */
export function fromWireError(wire: WireError): EngineError {
  return new EngineError(wire.code, wire.message, { retryable: wire.retryable, fields: wire.fields });
}

/** True when `err` is an EngineError carrying `code`. */
export function isEngineError(err: unknown, code?: ErrorCode): err is EngineError {
  return err instanceof EngineError && (code === undefined || err.code === code);
}

/** Exhaustiveness guard for `switch` over a discriminated union. */
export function assertNever(value: never, what = 'value'): never {
  throw new EngineError(ErrorCode.Internal, `unexpected ${what}: ${JSON.stringify(value)}`);
}
