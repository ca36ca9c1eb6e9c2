import { Worker } from 'node:worker_threads';

/**
 * A worker thread that formats batches of numbers for the score CSV writer (`threads: 2`): the writer puts a
 * block's numbers that need the shortest-round-trip search into a SharedArrayBuffer and goes on with the next
 * block while the worker writes them as `JSON.stringify(numbers)` bytes (Latin-1, ASCII in fact) into a
 * second SharedArrayBuffer. Two slots alternate, so one batch is formatted while the writer fills the other.
 * The bytes are those `JSON.stringify` gives on the writer's own thread (`String(n)` per number), so the
 * output never depends on the thread count or on scheduling.
 *
 * Synchronous on the writer's side (Atomics.wait), so `toCsv()` stays synchronous. The writer's thread is
 * blocked while it waits, so a worker's `error` event cannot reach it: a worker that throws raises the failed
 * slot, and no wait lasts longer than `waitLimitMs`; after either, {@link take} answers null from then on and
 * the writer formats the numbers itself (same bytes). Internal.
 */

/** Slots of the control array. */
const SUBMITTED = 0;
const DONE = 1;
const FAILED = 2;
const COUNT = 3; // 3, 4: numbers in slot 0, 1
const BYTES = 5; // 5, 6: bytes written for slot 0, 1 (−1: did not fit)
const SLOTS = 7;

/** Bytes a number takes at most in JSON ("-2.2250738585072014e-308") plus its comma. */
const BYTES_PER_NUMBER = 25;

/** The worker's code (started from source text: no file on disk, the same from the sources and the builds). */
const WORKER_SOURCE = `'use strict';
import('node:worker_threads').then(({ workerData }) => {
  const { control: controlBuffer, input, output, capacity, outputCapacity } = workerData;
  const control = new Int32Array(controlBuffer);
  let last = 0;
  try {
    for (;;) {
      Atomics.wait(control, ${SUBMITTED}, last);
      const submitted = Atomics.load(control, ${SUBMITTED});
      if (submitted < 0) return;
      for (let seq = last + 1; seq <= submitted; seq++) {
        const slot = seq & 1;
        const numbers = new Float64Array(input, slot * capacity * 8, control[${COUNT} + slot]);
        const json = JSON.stringify(Array.from(numbers));
        const bytes = Buffer.from(output, slot * outputCapacity, outputCapacity);
        control[${BYTES} + slot] = json.length <= outputCapacity ? bytes.write(json, 0, 'latin1') : -1;
        Atomics.store(control, ${DONE}, seq);
        Atomics.notify(control, ${DONE});
      }
      last = submitted;
    }
  } catch {
    Atomics.store(control, ${FAILED}, 1);
    Atomics.notify(control, ${DONE});
  }
});
`;

/** Formats batches of up to `capacity` numbers on a worker thread (see the module comment). Internal. */
export class NumberFormatWorker {
  private readonly control: Int32Array;
  private readonly inputs: [Float64Array, Float64Array];
  private readonly outputs: [Buffer, Buffer];
  private worker: Worker | null;
  private submitted = 0;
  private failed = false;

  constructor(
    readonly capacity: number,
    private readonly waitLimitMs = 10_000,
    source = WORKER_SOURCE,
  ) {
    const outputCapacity = capacity * BYTES_PER_NUMBER + 2;
    const control = new SharedArrayBuffer(SLOTS * 4);
    const input = new SharedArrayBuffer(2 * capacity * 8);
    const output = new SharedArrayBuffer(2 * outputCapacity);
    this.control = new Int32Array(control);
    this.inputs = [new Float64Array(input, 0, capacity), new Float64Array(input, capacity * 8, capacity)];
    this.outputs = [Buffer.from(output, 0, outputCapacity), Buffer.from(output, outputCapacity, outputCapacity)];
    this.worker = new Worker(source, { eval: true, workerData: { control, input, output, capacity, outputCapacity } });
    this.worker.unref();
    this.worker.on('error', () => {
      this.failed = true;
    });
  }

  /** Where the numbers of the next batch go (slot of batch `submitted + 1`). */
  nextInput(): Float64Array {
    return this.inputs[(this.submitted + 1) & 1]!;
  }

  /** Hand over the next batch (`count` numbers written into {@link nextInput}); returns its number. */
  submit(count: number): number {
    const seq = ++this.submitted;
    this.control[COUNT + (seq & 1)] = count;
    Atomics.store(this.control, SUBMITTED, seq);
    Atomics.notify(this.control, SUBMITTED);
    return seq;
  }

  /**
   * The JSON bytes of batch `seq` (a view of the shared output: read it before batch `seq + 2` is submitted),
   * waiting for the worker; null when the worker failed or took longer than the wait limit (then the caller
   * formats the batch from {@link input} itself).
   */
  take(seq: number): Buffer | null {
    const control = this.control;
    const deadline = Date.now() + this.waitLimitMs;
    for (;;) {
      if (this.failed || Atomics.load(control, FAILED) !== 0) break;
      const done = Atomics.load(control, DONE);
      if (done >= seq) {
        const bytes = control[BYTES + (seq & 1)]!;
        return bytes < 0 ? null : this.outputs[seq & 1]!.subarray(0, bytes);
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      Atomics.wait(control, DONE, done, Math.min(left, 50));
    }
    this.failed = true;
    this.close();
    return null;
  }

  /** The numbers of batch `seq` (for formatting on the caller's thread when {@link take} gave null). */
  input(seq: number): Float64Array {
    return this.inputs[seq & 1]!;
  }

  /** Count of numbers in batch `seq`. */
  count(seq: number): number {
    return this.control[COUNT + (seq & 1)]!;
  }

  /** Whether the worker is still used (false after a failure or a timeout, or once closed). */
  get alive(): boolean {
    return this.worker !== null && !this.failed;
  }

  /** Stop the worker (idempotent). */
  close(): void {
    if (this.worker === null) return;
    Atomics.store(this.control, SUBMITTED, -1);
    Atomics.notify(this.control, SUBMITTED);
    void this.worker.terminate();
    this.worker = null;
  }
}
