// Bootstrap of the load test's worker threads: registers tsx's loader in this thread, then runs the
// TypeScript worker (pipeline-worker.ts), so workers run the same source the unit tests run.
import { register } from 'tsx/esm/api';

register();
await import('./pipeline-worker.ts');
