/**
 * Baseline peer: the least a Node HTTP server can do for the bench request.
 * It reads the request body (as any real handler must) and answers with a
 * fixed JSON document. Usage: node test/bench/bareServer.ts <port> [host]
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const host = process.argv[3] ?? '127.0.0.1';
if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
  process.stderr.write('usage: bareServer.ts <port> [host]\n');
  process.exit(2);
}

const body = Buffer.from(JSON.stringify({ success: true, id: 42 }));
const headers = {
  'content-type': 'application/json',
  'content-length': String(body.length),
};

const server = createServer((req, res) => {
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
  req.resume();
});

server.listen(port, host, () => {
  process.stdout.write(`bare server listening on http://${host}:${port}\n`);
});

process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
