// Builds the offline page: one HTML file with the page, its scripts, tcpviz.js and the wasm
// inlined, that works opened from disk (file://) with no server and no network.
//   node scripts/build_single_file.mjs [PUBLIC_DIR] [--out FILE]
// PUBLIC_DIR (default public/) must hold index.html, the page's scripts and the wasm build's
// tcpviz.js + tcpviz.wasm; the result is PUBLIC_DIR/tcpviz.html unless --out says otherwise.
// The wasm goes in as base64 text in <script type="application/octet-stream"
// id="tcpviz-wasm-base64">; tcpviz-page.js hands the decoded bytes to Emscripten as wasmBinary,
// so nothing is fetched (file:// forbids fetch and XHR). The Chinese font is inside the wasm.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Text placed inside <script>...</script> must not contain "</script" (it would end the
// element) nor "<!--" (it changes how the HTML parser reads the rest of the script). In JS
// both can only occur inside strings, regular expressions or comments, where "<\/" and "<\!--"
// mean the same characters.
export function scriptSafe(code) {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

// Returns the single file's HTML text.
export function buildSingleFile(publicDir) {
  const read = (name) => {
    const file = path.join(publicDir, name);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing (build the wasm app first: tcpviz_web)`);
    return fs.readFileSync(file);
  };
  let html = read('index.html').toString('utf8');
  const app = read('tcpviz.js').toString('utf8');
  const wasm = read('tcpviz.wasm');
  if (wasm.subarray(0, 4).toString('binary') !== '\0asm') throw new Error('tcpviz.wasm is not WebAssembly');

  // Every <script src="x.js"></script> of the page, in order, becomes an inline script; the
  // module and the wasm go in front of the first one, so tcpviz-page.js finds them.
  const scriptTag = /<script src="([A-Za-z0-9_.-]+\.js)"><\/script>/g;
  const pageScripts = [...html.matchAll(scriptTag)].map((m) => m[1]);
  if (!pageScripts.includes('tcpviz-page.js')) throw new Error('index.html does not load tcpviz-page.js');
  let first = true;
  html = html.replace(scriptTag, (tag, name) => {
    const inline = `<script>/* ${name} */\n${scriptSafe(read(name).toString('utf8'))}\n</script>`;
    if (!first) return inline;
    first = false;
    return `<script type="application/octet-stream" id="tcpviz-wasm-base64">${wasm.toString('base64')}</script>\n`
      + `  <script>/* tcpviz.js (Emscripten) */\n${scriptSafe(app)}\n</script>\n  ${inline}`;
  });
  // Say what this file is, for whoever opens it in an editor.
  html = html.replace('<head>', '<head>\n  <!-- tcpviz offline single file, made by scripts/build_single_file.mjs: '
    + 'opens from disk with no server. -->');
  return html;
}

function main(argv) {
  let publicDir = path.join(root, 'public');
  let out = null;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out') out = argv[++i];
    else if (argv[i].startsWith('-')) throw new Error(`unknown option ${argv[i]}`);
    else publicDir = path.resolve(argv[i]);
  }
  out = out ? path.resolve(out) : path.join(publicDir, 'tcpviz.html');
  const html = buildSingleFile(publicDir);
  fs.writeFileSync(out, html);
  const gz = zlib.gzipSync(Buffer.from(html), { level: 9 }).length;
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`${path.relative(process.cwd(), out) || out}: ${kb(Buffer.byteLength(html))} (gzip -9: ${kb(gz)})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`build_single_file: ${e.message}`);
    process.exit(1);
  }
}
