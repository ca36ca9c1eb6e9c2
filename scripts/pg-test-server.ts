/**
 * A throwaway PostgreSQL server for tests: `initdb` into a fresh temp dir, `pg_ctl start` on a free
 * loopback port (listen_addresses = 127.0.0.1, unix socket inside the temp dir), and `stop()` that
 * shuts it down and removes the dir. As root the server runs as the `postgres` user (initdb refuses
 * root); otherwise as the current user. Binaries come from $PG_BIN or the newest
 * /usr/lib/postgresql/<version>/bin (Debian's `postgresql` package).
 *
 *   npx tsx scripts/pg-test-server.ts     # start, print the connection string, stop on Enter/Ctrl-C
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** A running test server. */
export interface PgTestServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly database: 'postgres';
  /** The temp dir (data in `data/`, socket in the dir itself); removed by stop(). */
  readonly dir: string;
  /** Owner uid/gid of the dir, to hand files to the server process (for server-side COPY). */
  readonly uid: number;
  readonly gid: number;
  readonly connectionString: string;
  stop(): void;
}

/** The PostgreSQL bin dir, or undefined when the binaries are absent. */
export function findPgBin(): string | undefined {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv !== undefined && existsSync(join(fromEnv, 'pg_ctl'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0]!, 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function idOf(flag: '-u' | '-g', user: string): number {
  return Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
}

/** Start a server; throws when the binaries are missing or the server does not come up. */
export async function startPgServer(): Promise<PgTestServer> {
  const bin = findPgBin();
  if (bin === undefined) throw new Error('PostgreSQL binaries not found (apt-get install -y postgresql, or set PG_BIN)');
  const asRoot = process.getuid?.() === 0;
  const osUser = asRoot ? 'postgres' : userInfo().username;
  const uid = asRoot ? idOf('-u', osUser) : process.getuid!();
  const gid = asRoot ? idOf('-g', osUser) : process.getgid!();
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-pg-'));
  if (asRoot) chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const run = (cmd: string, args: string[]): void => {
    const full = join(bin, cmd);
    if (asRoot) execFileSync('runuser', ['-u', osUser, '--', full, ...args], { stdio: 'pipe', cwd: dir });
    else execFileSync(full, args, { stdio: 'pipe', cwd: dir });
  };
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-locale', '-E', 'UTF8']);
    const conf = [`-c listen_addresses=127.0.0.1`, `-c port=${port}`, `-c unix_socket_directories=${dir}`, `-c fsync=off`, `-c shared_buffers=32MB`].join(' ');
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', conf, '-w', '-t', '60', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    dir,
    uid,
    gid,
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop(): void {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const server = await startPgServer();
  console.log(`PostgreSQL up: ${server.connectionString} (data in ${server.dir}); press Enter to stop`);
  const stop = (): void => {
    server.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.stdin.once('data', stop);
}
