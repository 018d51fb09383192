#!/usr/bin/env node
/**
 * The gitops tier's Git server: `git http-backend` (Git's smart-HTTP CGI program) behind a small HTTPS server, so
 * Argo CD and Flux clone the repository over HTTPS as they would from a Git host. Read-only (the test commits into
 * the bare repository on disk); listens on 127.0.0.1 only.
 *
 *   node git-https-server.js <port> <project root> <tls.crt> <tls.key>
 *
 * A request for /<repo>.git/... runs `git http-backend` with the CGI variables it reads (GIT_PROJECT_ROOT,
 * PATH_INFO, QUERY_STRING, REQUEST_METHOD, CONTENT_TYPE, CONTENT_LENGTH, HTTP_CONTENT_ENCODING, GIT_PROTOCOL),
 * pipes the request body to it and turns its CGI response (headers, blank line, body) into the HTTP response.
 * With GIT_SERVER_BASIC_AUTH=<user>:<password> in its environment every request must carry those credentials (HTTP
 * Basic), as a private repository on a Git host would; without them it answers 401.
 * Node built-ins only; plain JavaScript so it runs as a process of its own, outside Jest's event loop.
 */
'use strict';
const https = require('node:https');
const fs = require('node:fs');
const { spawn } = require('node:child_process');

const [port, root, certFile, keyFile] = process.argv.slice(2);
if (!port || !root || !certFile || !keyFile) {
  process.stderr.write('usage: git-https-server.js <port> <project root> <tls.crt> <tls.key>\n');
  process.exit(2);
}

/** Splits a CGI response at the first blank line; undefined until the headers are complete. */
function splitHead(buf) {
  for (const sep of ['\r\n\r\n', '\n\n']) {
    const i = buf.indexOf(sep);
    if (i >= 0) return { head: buf.subarray(0, i).toString('latin1'), rest: buf.subarray(i + sep.length) };
  }
  return undefined;
}

const basicAuth = process.env.GIT_SERVER_BASIC_AUTH ? `Basic ${Buffer.from(process.env.GIT_SERVER_BASIC_AUTH).toString('base64')}` : undefined;

const server = https.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) }, (req, res) => {
  if (basicAuth && req.headers.authorization !== basicAuth) {
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="gitops tier"', 'Content-Type': 'text/plain' });
    return void res.end('authentication required\n');
  }
  const url = new URL(req.url, 'https://localhost');
  const env = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REQUEST_METHOD: req.method,
    CONTENT_TYPE: req.headers['content-type'] || '',
    REMOTE_ADDR: req.socket.remoteAddress || '127.0.0.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    GATEWAY_INTERFACE: 'CGI/1.1',
  };
  if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
  if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  if (req.headers['git-protocol']) env.GIT_PROTOCOL = req.headers['git-protocol'];
  const cgi = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let head = Buffer.alloc(0);
  let started = false;
  let stderr = '';
  cgi.stderr.on('data', (d) => (stderr += d));
  cgi.stdout.on('data', (chunk) => {
    if (started) return void res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const parts = splitHead(head);
    if (!parts) return;
    started = true;
    let status = 200;
    const headers = {};
    for (const line of parts.head.split(/\r?\n/)) {
      const m = /^([^:]+):\s*(.*)$/.exec(line);
      if (!m) continue;
      if (m[1].toLowerCase() === 'status') status = parseInt(m[2], 10) || 200;
      else headers[m[1]] = m[2];
    }
    res.writeHead(status, headers);
    if (parts.rest.length) res.write(parts.rest);
  });
  cgi.on('close', (code) => {
    if (!started) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`git http-backend exited ${code}: ${stderr}`);
    } else res.end();
    if (code !== 0) process.stderr.write(`${req.method} ${req.url}: git http-backend exited ${code}: ${stderr}\n`);
  });
  cgi.stdin.on('error', () => undefined);
  req.pipe(cgi.stdin);
});
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`git https server on 127.0.0.1:${port}\n`));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));
