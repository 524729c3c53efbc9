import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTRACT_USAGE, contractCommand, parseContractArgs } from '../../src/cli/contractCommand.ts';
import { MockgramError } from '../../src/errors.ts';
import { type MutantName, type ReferenceServer } from '../reference/index.ts';
import { parseXml } from './parseXml.ts';
import { ORGANIZATION_SECRET, REPLICA, SENSAY, startReference } from './targets.ts';

let server: ReferenceServer | undefined;
let directory: string;
let stdout: string;
let stderr: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'mockgram-contract-'));
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
  await rm(directory, { recursive: true, force: true });
});

async function reference(mutant?: MutantName): Promise<string> {
  server = await startReference({ mutant });
  return server.url;
}

function sensayArgs(target: string, ...extra: string[]): string[] {
  return [
    SENSAY.spec,
    '--target',
    target,
    '--header',
    `X-ORGANIZATION-SECRET: ${ORGANIZATION_SECRET}`,
    '--param',
    `replicaUUID=${REPLICA}`,
    '--seed',
    '9',
    ...extra,
  ];
}

describe('parseContractArgs', () => {
  it('reads repeatable headers, params, operations and statuses', () => {
    const parsed = parseContractArgs([
      'spec.yaml',
      '--target',
      'http://127.0.0.1:4010/api',
      '--header',
      'Authorization: Bearer a:b',
      '--header',
      'X-Two:  2 ',
      '--param',
      'id=a=b',
      '--operation',
      'one',
      '--allow-status',
      '404',
      '--seed',
      '7',
      '--safe',
      '--stateless',
      '--timeout',
      '1500',
    ]);
    if (typeof parsed === 'string') throw new Error(`not ${parsed}`);
    expect(parsed.options).toMatchObject({
      target: 'http://127.0.0.1:4010/api',
      headers: [
        ['Authorization', 'Bearer a:b'],
        ['X-Two', '2'],
      ],
      params: { id: 'a=b' },
      operations: ['one'],
      allowStatuses: [404],
      seed: 7,
      safe: true,
      stateless: true,
      timeoutMs: 1500,
    });
  });

  it.each([
    [['spec.yaml'], /--target <baseURL> is required/],
    [['--target', 'http://x.test'], /give the spec/],
    [['a.yaml', 'b.yaml', '--target', 'http://x.test'], /one spec at a time/],
    [
      ['a.yaml', '--target', 'http://x.test', '--header', 'no colon'],
      /--header must look like 'Name: value'/,
    ],
    [['a.yaml', '--target', 'http://x.test', '--param', '=v'], /--param must look like name=value/],
    [['a.yaml', '--target', 'http://x.test', '--seed', '1.5'], /--seed must be a whole number/],
    [
      ['a.yaml', '--target', 'http://x.test', '--allow-status', '500'],
      /--allow-status must be a whole number from 400/,
    ],
    [['a.yaml', '--target', 'http://x.test', '--timeout', '0'], /--timeout must be a whole number/],
  ])('refuses %j', (args, message) => {
    expect(() => parseContractArgs(args)).toThrow(message);
    expect(() => parseContractArgs(args)).toThrow(MockgramError);
  });
});

describe('contractCommand', () => {
  it('exits 0 when every check holds, and writes JUnit and JSON reports', async () => {
    const target = await reference();
    const junit = join(directory, 'contract.xml');
    const json = join(directory, 'contract.json');
    const code = await contractCommand(sensayArgs(target, '--junit', junit, '--json', json));
    expect(code).toBe(0);
    expect(stdout).toMatch(/seed 9 \| 24 cases in \d+ ms/);
    expect(stdout).toContain('PASSED: 24 cases, every check held');
    const suites = parseXml(await readFile(junit, 'utf8'));
    expect(suites.attributes).toMatchObject({ failures: '0' });
    const report: unknown = JSON.parse(await readFile(json, 'utf8'));
    expect(report).toMatchObject({ passed: true, seed: 9, summary: { cases: 24, failedCases: 0 } });
  });

  it('exits 1 when a check fails, printing the check, the reason and a curl', async () => {
    const code = await contractCommand(sensayArgs(await reference('sensay-accepts-extra-properties')));
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL createReplicaTelegramIntegration body-additional-property:/');
    expect(stdout).toContain('  status-expected: expected 400, accepted with 200');
    expect(stdout).toMatch(/\n {2}curl -sS -i -X POST http:\/\/127\.0\.0\.1:\d+\/v1\/replicas\/[^ ]+ -H /);
    expect(stdout).toContain('FAILED: 1 failed check in 1 of 24 cases');
  });

  it.each([
    [['--operation', 'nope'], /--operation nope: not in sensay/],
    [['--param', 'nope=1'], /--param nope: no parameter or body property of that name/],
    [['--param', 'replicaUUID=not-a-uuid'], /--param: path parameter 'replicaUUID' must match format "uuid"/],
  ])('exits 2 for bad arguments %j', async (extra, message) => {
    expect(await contractCommand(sensayArgs('http://127.0.0.1:9', ...extra))).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('exits 2 for a bad spec or an unknown option, and prints help on --help', async () => {
    expect(await contractCommand(['missing.yaml', '--target', 'http://127.0.0.1:9'])).toBe(2);
    expect(stderr).toContain('SPEC_NOT_FOUND');
    expect(await contractCommand([SENSAY.spec, '--target', 'ftp://127.0.0.1:9'])).toBe(2);
    expect(stderr).toContain('--target must be an http(s) URL');
    expect(await contractCommand([SENSAY.spec, '--bogus'])).toBe(2);
    expect(stderr).toContain("INVALID_OPTION: unknown option '--bogus'");
    expect(await contractCommand(['--help'])).toBe(0);
    expect(stdout).toBe(`${CONTRACT_USAGE}\n`);
  });
});
