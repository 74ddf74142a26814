// Decodes Parquet row groups with parquet-wasm inside a worker thread. parquet-wasm's async reader
// panics (an uncaught `RuntimeError: unreachable` that also poisons the module) on corrupt pages, so
// it runs where a crash costs only the worker: the caller gets a CorruptFileError naming the file.
import { Worker } from 'node:worker_threads';
import * as A from 'apache-arrow';
import { CorruptFileError } from '../errors.js';

// The worker is plain JS (no TypeScript loader needed) and imports parquet-wasm by resolved URL.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { openAsBlob } = require('node:fs');
const files = new Map();
const ready = import(workerData.parquetWasmUrl);
parentPort.on('message', async (msg) => {
  try {
    const PW = await ready;
    if (msg.kind === 'Open') {
      const blob = msg.localPath !== undefined ? await openAsBlob(msg.localPath) : new Blob([msg.bytes]);
      const file = await PW.ParquetFile.fromFile(blob);
      files.set(msg.fileId, file);
      const schemaIpc = file.schema().intoIPCStream();
      parentPort.postMessage({ kind: 'Opened', requestId: msg.requestId, schemaIpc }, [schemaIpc.buffer]);
    } else if (msg.kind === 'ReadRowGroup') {
      const file = files.get(msg.fileId);
      const opts = { rowGroups: [msg.rowGroup], batchSize: msg.batchSize };
      if (msg.columns !== undefined) opts.columns = msg.columns;
      const table = await file.read(opts);
      const ipc = table.intoIPCStream();
      parentPort.postMessage({ kind: 'RowGroupRead', requestId: msg.requestId, ipc }, [ipc.buffer]);
    } else if (msg.kind === 'Close') {
      const file = files.get(msg.fileId);
      files.delete(msg.fileId);
      if (file) file.free();
    }
  } catch (err) {
    parentPort.postMessage({ kind: 'Failed', requestId: msg.requestId, message: String(err && err.message || err).split('\\n')[0] });
  }
});
`;

type Reply =
  | { kind: 'Opened'; requestId: number; schemaIpc: Uint8Array }
  | { kind: 'RowGroupRead'; requestId: number; ipc: Uint8Array }
  | { kind: 'Failed'; requestId: number; message: string };

interface Pending { path: string; resolve: (r: Reply) => void; reject: (e: Error) => void }

/** Where the decoder reads a file from: a local path (lazy Blob) or bytes already fetched. */
export type ParquetSource = { readonly localPath: string } | { readonly bytes: Uint8Array };

/** One decoding worker; requests are answered in order. A crashed worker is replaced on next use. */
export class ParquetDecoder {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { parquetWasmUrl: import.meta.resolve('parquet-wasm') } });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.requestId);
      if (p === undefined) return;
      this.pending.delete(reply.requestId);
      p.resolve(reply);
    });
    const fail = (err: Error | number): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const detail = typeof err === 'number' ? `decoder exited with code ${err}` : `decoder crashed: ${err.message.split('\n')[0]}`;
      for (const [id, p] of this.pending) { this.pending.delete(id); p.reject(new CorruptFileError(p.path, 'parquet', detail, err)); }
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    this.worker = worker;
    return worker;
  }

  private request(path: string, msg: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<Reply> {
    const requestId = this.nextId++;
    const worker = this.ensureWorker();
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(requestId, { path, resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ ...msg, requestId }, transfer);
    }).finally(() => { if (this.pending.size === 0) this.worker?.unref(); });
  }

  /** Opens a file for decoding; returns its Arrow schema as parquet-wasm reads it. */
  async open(fileId: number, path: string, source: ParquetSource): Promise<A.Schema> {
    const reply = await this.request(path, { kind: 'Open', fileId, ...source });
    if (reply.kind === 'Failed') throw new CorruptFileError(path, 'parquet', reply.message);
    return A.tableFromIPC((reply as { schemaIpc: Uint8Array }).schemaIpc).schema;
  }

  /** Decodes one row group (only `columns` when given) into Arrow record batches. */
  async readRowGroup(fileId: number, path: string, rowGroup: number, columns: readonly string[] | undefined, batchSize: number): Promise<A.Table> {
    const reply = await this.request(path, { kind: 'ReadRowGroup', fileId, rowGroup, columns, batchSize });
    if (reply.kind === 'Failed') throw new CorruptFileError(path, 'parquet', `row group ${rowGroup}: ${reply.message}`);
    return A.tableFromIPC((reply as { ipc: Uint8Array }).ipc);
  }

  close(fileId: number): void {
    this.worker?.postMessage({ kind: 'Close', fileId, requestId: 0 });
  }

  /** Stops the worker (tests, shutdown). */
  async terminate(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w !== undefined) await w.terminate();
  }
}

let shared: ParquetDecoder | undefined;
let fileIds = 1;

/** The process-wide decoder (one worker; the engine parallelizes across executors, not inside a scan). */
export function sharedParquetDecoder(): ParquetDecoder {
  shared ??= new ParquetDecoder();
  return shared;
}

/** A fresh id for `open`. */
export function nextParquetFileId(): number { return fileIds++; }
