/**
 * `npx tsx scripts/write-book-spec-schema.ts`: write book-spec.schema.json, the JSON Schema of a book
 * spec for editors (`"$schema": "./book-spec.schema.json"`), from the zod schema. test/book/book-spec.test.ts
 * checks the committed file is up to date.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bookSpecJsonSchema } from '../src/book/book-spec.js';

writeFileSync(resolve(import.meta.dirname, '../book-spec.schema.json'), `${JSON.stringify(bookSpecJsonSchema(), null, 2)}\n`);
