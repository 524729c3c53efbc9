import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

import { BENCH_HOST } from './benchRequest.ts';
import type { BenchConfig, PeerName } from './config.ts';

export interface PeerCommand {
  file: string;
  args: string[];
}

export interface Peer {
  name: PeerName;
  /** Why the peer cannot run in this checkout, or null when it can. */
  unavailable: () => string | null;
  command: (port: number) => PeerCommand;
  /** Text the server prints once it listens, when it promises one. */
  readyText: ((port: number) => string) | null;
}

/**
 * The three servers under test. All run on the Node binary running the bench
 * (process.execPath), so the comparison is not skewed by Node versions; prism's
 * bin script is run through it rather than through its `env node` shebang.
 */
export function definePeers(config: BenchConfig): Peer[] {
  const inRepo = (relative: string): string => path.resolve(config.repoRoot, relative);
  const spec = config.specPath;
  const specMissing = (): string | null =>
    existsSync(inRepo(spec)) ? null : `spec ${spec} not found (set BENCH_SPEC to use another)`;

  const bareScript = path.join(import.meta.dirname, 'bareServer.ts');
  // The compiled CLI, which is what `npx mockgram` and `npm start` run (`npm run bench` builds it first).
  const mockgramEntry = 'dist/cli/main.js';
  const prismBin = inRepo('node_modules/.bin/prism');

  const peers: Peer[] = [
    {
      name: 'bare',
      unavailable: () => null,
      command: (port) => ({
        file: process.execPath,
        args: [bareScript, String(port), BENCH_HOST],
      }),
      readyText: null,
    },
    {
      name: 'mockgram',
      unavailable: () =>
        existsSync(inRepo(mockgramEntry))
          ? specMissing()
          : `${mockgramEntry} does not exist yet (the CLI is not written)`,
      command: (port) => ({
        file: process.execPath,
        args: [
          mockgramEntry,
          'mock',
          spec,
          '--port',
          String(port),
          '--host',
          BENCH_HOST,
          // error: no line per request, but the start-up lines (silent prints nothing at all).
          '--log-level',
          'error',
        ],
      }),
      readyText: (port) => `listening on http://${BENCH_HOST}:${port}`,
    },
    {
      name: 'prism',
      unavailable: () => (existsSync(prismBin) ? specMissing() : 'node_modules/.bin/prism is not installed'),
      command: (port) => ({
        file: process.execPath,
        args: [realpathSync(prismBin), 'mock', spec, '-h', BENCH_HOST, '-p', String(port)],
      }),
      readyText: null,
    },
  ];
  return peers.filter((peer) => config.peers.includes(peer.name));
}

/** The command line as a person would type it, for the log. */
export function displayCommand(command: PeerCommand, repoRoot: string): string {
  const shown = [command.file, ...command.args].map((part) =>
    part.startsWith(repoRoot + path.sep) ? path.relative(repoRoot, part) : part,
  );
  return shown.join(' ');
}
