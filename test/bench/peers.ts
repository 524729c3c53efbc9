import { existsSync, realpathSync } from 'node:fs';
import type autocannon from 'autocannon';
import path from 'node:path';

import {
  BENCH_HOST,
  GITHUB_REQUEST,
  GITHUB_SPEC,
  SENSAY_REQUEST,
  type BenchRequest,
} from './benchRequest.ts';
import type { BenchConfig, PeerName } from './config.ts';
import { createThenReadRequests, SessionCycle, TOOLZZ_CREATE_REQUEST } from './statefulFlow.ts';

export interface PeerCommand {
  file: string;
  args: string[];
}

export interface Peer {
  name: PeerName;
  /** What the peer is, for the report. */
  description: string;
  /** Why the peer cannot run in this checkout, or null when it can. */
  unavailable: () => string | null;
  command: (port: number) => PeerCommand;
  /** Text the server prints once it listens, when it promises one. */
  readyText: ((port: number) => string) | null;
  /** The request it is driven with (and the start-up check's, when `flow` is given). */
  request: BenchRequest;
  /** Requests each connection sends in turn under load instead of `request`, made afresh for every run. */
  flow?: () => autocannon.Request[];
  stdoutThroughPipe: boolean;
}

/**
 * Sessions the stateful flow spreads its creates over, in turn: more than the store keeps (100 by default), so the
 * least recently used session is evicted on almost every create, while a flow's read still finds its own.
 */
const STATEFUL_SESSIONS = 150;

/**
 * The servers under test. All run on the Node binary running the bench (process.execPath), so the comparison is not
 * skewed by Node versions; prism's bin script is run through it rather than through its `env node` shebang.
 *
 * `mockgram` is what `npm start` runs (after its build): `node dist/cli/main.js mock` in the checkout, so every spec
 * in ./specs with the scenarios in ./scenarios, logging one line per request at the default level (info) and format
 * (pretty), its stdout a pipe drained by another process (`cat`), as a terminal or a CI log collector drains it.
 * `mockgram-silent` is the same with --log-level error (no line per request; `silent` would also hide the listening
 * line the bench waits for). `mockgram-stateful` is `npm start` again, driven with a ToolzzAI create followed by a
 * read of the id it returned (statefulFlow.ts). The GitHub peers serve GitHub's REST description (1,223 operations), the same way, to compare the per-request cost with the seed specs: on its own (its own request), and next to
 * Sensay's spec (the Sensay request, routed among 1,224 operations).
 */
export function definePeers(config: BenchConfig): Peer[] {
  const inRepo = (relative: string): string => path.resolve(config.repoRoot, relative);
  const bareScript = path.join(import.meta.dirname, 'bareServer.ts');
  const mockgramEntry = 'dist/cli/main.js';
  const prismBin = inRepo('node_modules/.bin/prism');
  const missing = (...files: string[]): string | null => {
    const absent = files.find((file) => !existsSync(inRepo(file)));
    return absent === undefined ? null : `${absent} does not exist`;
  };
  const node = process.execPath;
  const listen = (port: number): string[] => ['--port', String(port), '--host', BENCH_HOST];
  const ready = (port: number): string => `listening on http://${BENCH_HOST}:${port}`;

  const peers: Peer[] = [
    {
      name: 'bare',
      description: 'bare node:http answering a fixed body',
      unavailable: () => null,
      command: (port) => ({ file: node, args: [bareScript, String(port), BENCH_HOST] }),
      readyText: null,
      request: SENSAY_REQUEST,
      stdoutThroughPipe: false,
    },
    {
      name: 'mockgram',
      description: 'npm start: ./specs and ./scenarios, log info/pretty, stdout piped to a reader',
      unavailable: () => missing(mockgramEntry),
      command: (port) => ({ file: node, args: [mockgramEntry, 'mock', ...listen(port)] }),
      readyText: ready,
      request: SENSAY_REQUEST,
      stdoutThroughPipe: true,
    },
    {
      name: 'mockgram-silent',
      description: 'the same without request logging (--log-level error)',
      unavailable: () => missing(mockgramEntry),
      command: (port) => ({
        file: node,
        args: [mockgramEntry, 'mock', ...listen(port), '--log-level', 'error'],
      }),
      readyText: ready,
      request: SENSAY_REQUEST,
      stdoutThroughPipe: false,
    },
    {
      name: 'mockgram-stateful',
      description: `npm start, as above; ToolzzAI create then read of the created id, ${STATEFUL_SESSIONS} sessions in turn`,
      unavailable: () => missing(mockgramEntry),
      command: (port) => ({ file: node, args: [mockgramEntry, 'mock', ...listen(port)] }),
      readyText: ready,
      request: TOOLZZ_CREATE_REQUEST,
      flow: () => createThenReadRequests(new SessionCycle(STATEFUL_SESSIONS)),
      stdoutThroughPipe: true,
    },
    {
      name: 'mockgram-stateless',
      description: 'npm start with --stateless: the same ToolzzAI create, answered without storing it',
      unavailable: () => missing(mockgramEntry),
      command: (port) => ({ file: node, args: [mockgramEntry, 'mock', ...listen(port), '--stateless'] }),
      readyText: ready,
      request: TOOLZZ_CREATE_REQUEST,
      stdoutThroughPipe: true,
    },
    {
      name: 'prism',
      description: `prism mock ${config.specPath}`,
      unavailable: () =>
        existsSync(prismBin) ? missing(config.specPath) : 'node_modules/.bin/prism is not installed',
      command: (port) => ({
        file: node,
        args: [realpathSync(prismBin), 'mock', config.specPath, '-h', BENCH_HOST, '-p', String(port)],
      }),
      readyText: null,
      request: SENSAY_REQUEST,
      stdoutThroughPipe: false,
    },
    {
      name: 'mockgram-github',
      description: "GitHub's REST description alone, no request log, PUT /repos/{owner}/{repo}/subscription",
      unavailable: () => missing(mockgramEntry, GITHUB_SPEC),
      command: (port) => ({
        file: node,
        args: [mockgramEntry, 'mock', GITHUB_SPEC, ...listen(port), '--log-level', 'error'],
      }),
      readyText: ready,
      request: GITHUB_REQUEST,
      stdoutThroughPipe: false,
    },
    {
      name: 'mockgram-github-sensay',
      description: "GitHub's description and Sensay's, no request log, the Sensay request",
      unavailable: () => missing(mockgramEntry, GITHUB_SPEC),
      command: (port) => ({
        file: node,
        args: [
          mockgramEntry,
          'mock',
          GITHUB_SPEC,
          'specs/sensay.yaml',
          ...listen(port),
          '--log-level',
          'error',
        ],
      }),
      readyText: ready,
      request: SENSAY_REQUEST,
      stdoutThroughPipe: false,
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
