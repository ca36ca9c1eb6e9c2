// Worker-thread entry of the load test: runs the pipeline for the seeds it is given and posts the
// results back. Started through pipeline-worker.mjs, which registers tsx's loader so that it loads the TypeScript source
// directly (the same code the unit tests run, no build needed).
import { parentPort, workerData } from 'node:worker_threads';
import { runPipeline } from './pipeline.js';

const { seeds } = workerData as { seeds: number[] };
const results = [];
for (const seed of seeds) results.push(await runPipeline(seed));
parentPort!.postMessage(results);
