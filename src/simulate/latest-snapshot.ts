/** @deprecated moved to the book module (`src/book/latest-snapshot.ts`); kept so old imports keep working. */
export { latestSnapshot, type LatestSnapshot, type LatestSnapshotOptions } from '../book/latest-snapshot.js';
