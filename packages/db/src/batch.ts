/**
 * Write batching: calls that arrive while the event loop is busy become one call with all their inputs,
 * so under load a hundred concurrent joins are one INSERT of a hundred rows instead of a hundred round
 * trips. Each caller still gets its own result, and only once the batch's statement has committed.
 *
 * @example
 * const save = createBatcher((emails: string[]) => insertMany(db, emails));
 * const row = await save("ruth@example.com");
 */
export interface BatcherOptions {
  /** A batch holds at most this many inputs. */
  maxSize?: number;
  /**
   * Batches running at once. While they are all busy, new calls wait and join the next batch: under
   * load batches grow instead of multiplying, and each commit carries more rows.
   */
  maxInFlight?: number;
}

export function createBatcher<I, O>(
  run: (inputs: I[]) => Promise<O[]>,
  options: BatcherOptions = {},
): (input: I) => Promise<O> {
  const maxSize = options.maxSize ?? 500;
  const maxInFlight = options.maxInFlight ?? 2;
  const pending: { input: I; resolve: (output: O) => void; reject: (error: unknown) => void }[] = [];
  let inFlight = 0;
  let scheduled = false;

  function schedule() {
    if (scheduled || pending.length === 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      while (pending.length > 0 && inFlight < maxInFlight) flush();
    });
  }

  function flush() {
    const batch = pending.splice(0, maxSize);
    inFlight++;
    runBatch(batch.map((call) => call.input))
      .then(
        (outputs) => {
          for (const [index, call] of batch.entries()) call.resolve(outputs[index] as O);
        },
        () => {
          // One bad input must not fail the others: each is tried again on its own and settles by itself.
          for (const call of batch) runBatch([call.input]).then(([output]) => call.resolve(output as O), call.reject);
        },
      )
      .finally(() => {
        inFlight--;
        schedule();
      });
  }

  async function runBatch(inputs: I[]): Promise<O[]> {
    const outputs = await run(inputs);
    if (outputs.length !== inputs.length) {
      throw new Error(`createBatcher: ${inputs.length} inputs gave ${outputs.length} outputs`);
    }
    return outputs;
  }

  return (input) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ input, resolve, reject });
      schedule();
    });
}
