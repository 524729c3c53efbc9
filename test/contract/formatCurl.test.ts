import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCurl } from '../../src/contract/formatCurl.ts';
import { sendRequest } from '../../src/contract/sendRequest.ts';
import type { WireRequest } from '../../src/contract/types.ts';

const run = promisify(execFile);

/** The arguments a shell hands to curl for a printed command line. */
function shellArgv(command: string): string[] {
  const script = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }; ${command}`;
  const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

const TRICKY: WireRequest = {
  method: 'POST',
  url: 'http://127.0.0.1:9/v1/replicas/a%20b/x?q=1&r=2',
  headers: [
    ['User-Agent', 'mockgram-contract'],
    ['X-Secret', 'it\'s $HOME `id` "quoted"'],
  ],
  body: '{"mention":"o\'neil","x":"$(echo no)"',
};

describe('curl line', () => {
  it('survives the shell: same method, URL, headers and body bytes, and no implicit Content-Type', () => {
    expect(shellArgv(formatCurl(TRICKY))).toEqual([
      '-sS',
      '-i',
      '-X',
      'POST',
      'http://127.0.0.1:9/v1/replicas/a%20b/x?q=1&r=2',
      '-H',
      'User-Agent: mockgram-contract',
      '-H',
      `X-Secret: it's $HOME \`id\` "quoted"`,
      '-H',
      'Content-Type:',
      '--data-raw',
      '{"mention":"o\'neil","x":"$(echo no)"',
    ]);
    expect(shellArgv(formatCurl({ ...TRICKY, method: 'GET', body: undefined })).slice(0, 4)).toEqual([
      '-sS',
      '-i',
      '-X',
      'GET',
    ]);
  });

  describe('with curl installed', () => {
    let server: Server;
    let port = 0;
    const received: string[] = [];

    beforeAll(async () => {
      server = createServer((socket) => {
        let data = '';
        socket.on('data', (chunk: Buffer) => {
          data += chunk.toString('latin1');
          const end = data.indexOf('\r\n\r\n');
          const length = /\r\ncontent-length: (\d+)/i.exec(data)?.[1];
          if (end >= 0 && data.length >= end + 4 + Number(length ?? 0)) {
            received.push(data);
            socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n');
          }
        });
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      const address = server.address();
      port = address !== null && typeof address === 'object' ? address.port : 0;
    });

    afterAll(async () => {
      await new Promise<void>((done) =>
        server.close(() => {
          done();
        }),
      );
    });

    const hasCurl = spawnSync('curl', ['--version']).status === 0;

    it.skipIf(!hasCurl)("sends the same bytes as the runner (but for curl's own Accept)", async () => {
      for (const request of [
        { ...TRICKY, url: `http://127.0.0.1:${port}/v1/replicas/a%20b/x?q=1&r=2` },
        { ...TRICKY, url: `http://127.0.0.1:${port}/empty`, method: 'PUT', body: undefined },
      ]) {
        received.length = 0;
        const sent = await sendRequest(request, 5_000);
        expect(sent.ok).toBe(true);
        // Asynchronously: the capturing server runs in this process and must keep answering.
        await run('sh', ['-c', formatCurl(request)], { timeout: 5_000 });
        const [fromRunner = '', fromCurl = ''] = received;
        expect(normalize(fromCurl)).toEqual(normalize(fromRunner));
      }
    });
  });
});

/** Request line, headers (sorted, without curl's `Accept: *\/*` and connection handling) and body. */
function normalize(raw: string): { line: string; headers: string[]; body: string } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [line = '', ...headers] = head.split('\r\n');
  const ignored = new Set(['accept', 'connection']);
  return {
    line,
    headers: headers.filter((h) => !ignored.has(h.split(':')[0]?.toLowerCase() ?? '')).sort(),
    body,
  };
}
