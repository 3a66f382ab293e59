// A tiny static file server for public/ (development and the browser tests).
//   node scripts/serve.mjs [--root DIR] [--host 127.0.0.1] [--port 8080]
// --port 0 picks a free port. Prints the address once listening. Serves .wasm as
// application/wasm (streaming compilation needs it). Loopback only by default.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.pcap': 'application/vnd.tcpdump.pcap',
  '.pcapng': 'application/octet-stream',
};

export function mimeType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

// Resolves with { server, url } once listening.
export function startServer({ root, host = '127.0.0.1', port = 8080, quiet = false } = {}) {
  const rootDir = path.resolve(root);
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(rootDir, path.normalize(pathname));
    if (file !== rootDir && !file.startsWith(rootDir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.stat(file, (err, stat) => {
      if (!err && stat.isDirectory()) {
        file = path.join(file, 'index.html');
      }
      fs.stat(file, (err2, stat2) => {
        if (err2 || !stat2.isFile()) {
          if (!quiet) console.log(`404 ${pathname}`);
          res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
          return;
        }
        res.writeHead(200, {
          'Content-Type': mimeType(file),
          'Content-Length': stat2.size,
          'Cache-Control': 'no-cache',
          'X-Content-Type-Options': 'nosniff',
        });
        if (req.method === 'HEAD') {
          res.end();
          return;
        }
        fs.createReadStream(file).pipe(res);
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({ server, url: `http://${host}:${address.port}/` });
    });
  });
}

function parseArgs(argv) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const options = { root: path.join(here, '..', 'public'), host: '127.0.0.1', port: 8080 };
  for (let i = 0; i < argv.length; i += 1) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (key === '--root' && value) { options.root = value; i += 1; }
    else if (key === '--host' && value) { options.host = value; i += 1; }
    else if (key === '--port' && value) { options.port = Number(value); i += 1; }
    else {
      console.error('usage: node scripts/serve.mjs [--root DIR] [--host 127.0.0.1] [--port 8080]');
      process.exit(2);
    }
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2));
  startServer(options).then(
    ({ url }) => console.log(`tcpviz is served at ${url}  (root ${path.resolve(options.root)}; Ctrl-C stops)`),
    (err) => {
      console.error(`serve.mjs: ${err.message}`);
      process.exit(1);
    },
  );
}
